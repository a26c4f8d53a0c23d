"""Classify enterprises onto the nodes of a chain template, with confidence and evidence.

Build a :class:`ChainClassifier` once per template (and set of confirmed labels), then call
:meth:`ChainClassifier.classify` for many enterprises. The method (see ``docs/chain.md``):

1. template terms found in the name, the products (earlier items weigh more, as annual
   reports list main products first) and the business scope (weighed less, halved before
   销售/批发…), longest match first, exclusion phrases counting for no node;
2. the GB/T 4754-2017 industry code, weighed by how few nodes share it;
3. character-bigram TF-IDF similarity to each node's vocabulary, capped below the decision
   threshold so that it only tips weak keyword evidence;
4. confirmed labels: the same enterprise name takes its confirmed node (or none), and
   similar confirmed examples add evidence for their node (or damp all nodes when none).

A node is returned only when its strength reaches ``min_strength``: most enterprises in a
region belong to no node and get an empty list.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from industry_brain.chain._matching import KeywordMatcher, normalize, split_items
from industry_brain.chain._ngrams import BigramIndex, bigrams
from industry_brain.chain.template import ChainNode, ChainTemplate

FIELD_WEIGHTS = {"name": 0.85, "products": 1.0, "business_scope": 0.4}
FIELD_LABELS = {"name": "名称", "products": "产品", "business_scope": "经营范围"}
PRODUCT_DECAY = 0.15
CODE_WEIGHT = 0.35
SIMILARITY_WEIGHT = 0.3
SIMILARITY_FLOOR = 0.15
LABEL_WEIGHT = 1.5
LABEL_FLOOR = 0.3
LABEL_NEIGHBOURS = 5
CONFIRMED_STRENGTH = 5.0
MIN_STRENGTH = 0.55
DECISIVE_TERM = 0.5
UNDECIDED_MIN_STRENGTH = 1.0
SPARSE_MIN_STRENGTH = 0.3
SPARSE_CONFIDENCE = 0.5
CONFIDENCE_RATE = 1.2


@dataclass(frozen=True, slots=True)
class Enterprise:
    """The text fields the classifier reads; ``products`` is a list separated by ; or 、."""

    name: str
    business_scope: str = ""
    products: str = ""
    industry_code: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A node an enterprise may belong to: confidence in 0–1 and the evidence for it."""

    node_id: str
    node_name: str
    stage: str
    confidence: float
    evidence: tuple[str, ...]


Label = tuple[Enterprise, str | None]


class _Evidence:
    """Strength and evidence per node for one enterprise, kept only for nodes with some."""

    def __init__(self) -> None:
        self.terms: dict[int, dict[str, tuple[float, str]]] = {}
        self.extra: dict[int, float] = {}
        self.notes: dict[int, list[str]] = {}

    def add_term(self, node: int, term: str, weight: float, label: str) -> None:
        """Count a term once per node, in the field where it weighs most."""
        terms = self.terms.setdefault(node, {})
        if weight > terms.get(term, (0.0, ""))[0]:
            terms[term] = (weight, label)

    def add(self, node: int, weight: float, note: str) -> None:
        self.extra[node] = self.extra.get(node, 0.0) + weight
        self.notes.setdefault(node, []).append(note)

    def strengths(self) -> dict[int, float]:
        nodes = self.terms.keys() | self.extra.keys()
        return {
            node: sum(w for w, _ in self.terms.get(node, {}).values()) + self.extra.get(node, 0.0)
            for node in nodes
        }

    def decisive(self, node: int) -> bool:
        """Tell whether one term alone is strong evidence (a strong term in name or products)."""
        return any(weight >= DECISIVE_TERM for weight, _ in self.terms.get(node, {}).values())

    def describe(self, node: int) -> tuple[str, ...]:
        ranked = sorted(self.terms.get(node, {}).values(), key=lambda item: -item[0])
        return tuple(label for _, label in ranked[:4]) + tuple(self.notes.get(node, ()))


class ChainClassifier:
    """Classifier for one template; build once, then classify many enterprises."""

    def __init__(
        self,
        template: ChainTemplate,
        *,
        labels: Iterable[Label] = (),
        min_strength: float = MIN_STRENGTH,
    ) -> None:
        self.template = template
        self.min_strength = min_strength
        self._matcher = KeywordMatcher(template)
        self._weights = [node.weight for node in template.nodes]
        self._index = {node.id: i for i, node in enumerate(template.nodes)}
        self._codes = _code_weights(template)
        self._code_cache: dict[str, list[tuple[int, float]]] = {}
        self._profiles = BigramIndex([_profile(node) for node in template.nodes])
        self._learn(list(labels))

    def _learn(self, labels: list[Label]) -> None:
        """Index confirmed examples: exact names, and bigram vectors for similar ones."""
        for _, node_id in labels:
            if node_id and node_id not in self._index:
                raise KeyError(f"label names unknown node {node_id!r} of {self.template.id}")
        self.labels = labels
        self._confirmed = {normalize(e.name): node_id or None for e, node_id in labels}
        self._label_nodes = [self._index[n] if n else -1 for _, n in labels]
        self._label_names = [e.name for e, _ in labels]
        self._examples = BigramIndex([_query(e) for e, _ in labels]) if labels else None

    def classify(self, enterprise: Enterprise, *, top_k: int = 3) -> list[Candidate]:
        """Return up to ``top_k`` nodes, best first; an empty list means no node of the chain."""
        name = normalize(enterprise.name)
        if name in self._confirmed:
            return self._confirmed_result(self._confirmed[name])
        evidence = _Evidence()
        sparse = not enterprise.products.strip() and not enterprise.business_scope.strip()
        self._keyword_evidence(enterprise, evidence)
        damping = 1.0
        if evidence.terms or self._examples is not None:
            # Similarity only tips other evidence, so it is computed only when there is some.
            query = _query(enterprise)
            self._similarity_evidence(query, evidence)
            damping = self._label_evidence(query, evidence)
        for node, weight in self._code_lookup(enterprise.industry_code):
            evidence.add(node, weight, f"行业代码 {enterprise.industry_code.strip()}")
        return self._rank(evidence, damping, sparse=sparse, top_k=top_k)

    def classify_many(
        self, enterprises: Iterable[Enterprise], *, top_k: int = 3
    ) -> list[list[Candidate]]:
        """Classify each enterprise in order."""
        return [self.classify(enterprise, top_k=top_k) for enterprise in enterprises]

    def _keyword_evidence(self, enterprise: Enterprise, evidence: _Evidence) -> None:
        fields = {
            "name": [normalize(enterprise.name)],
            "products": split_items(enterprise.products),
            "business_scope": split_items(enterprise.business_scope),
        }
        for field, items in fields.items():
            decay = PRODUCT_DECAY if field == "products" else 0.0
            weight = FIELD_WEIGHTS[field]
            hits = self._matcher.hits(items, weight, decay=decay, scope=field == "business_scope")
            for hit in hits:
                label = f"{FIELD_LABELS[field]}“{hit.term.text}”"
                for node, term_weight in hit.term.nodes:
                    evidence.add_term(node, hit.term.text, hit.weight * term_weight, label)

    def _code_lookup(self, code: str) -> list[tuple[int, float]]:
        """Return (node, weight) for the nodes whose codes contain or refine this code."""
        if code not in self._code_cache:
            clean = normalize(code).lstrip("ABCDEFGHIJKLMNOPQRST")
            found = []
            for node_code, nodes in self._codes.items() if clean else ():
                if clean.startswith(node_code) or node_code.startswith(clean):
                    found += [(node, CODE_WEIGHT / len(nodes)) for node in nodes]
            self._code_cache[code] = found
        return self._code_cache[code]

    def _similarity_evidence(self, query: Counter[str], evidence: _Evidence) -> None:
        similarities = self._profiles.similarities(query)
        for node in np.flatnonzero(similarities > SIMILARITY_FLOOR):
            value = (float(similarities[node]) - SIMILARITY_FLOOR) / (1 - SIMILARITY_FLOOR)
            evidence.add(
                int(node), SIMILARITY_WEIGHT * value, f"文本相似度 {similarities[node]:.2f}"
            )

    def _label_evidence(self, query: Counter[str], evidence: _Evidence) -> float:
        """Add evidence from similar confirmed examples; return the damping from 'none' ones."""
        if self._examples is None:
            return 1.0
        similarities = self._examples.similarities(query)
        damping, seen = 1.0, set()
        for row in np.argsort(-similarities)[:LABEL_NEIGHBOURS]:
            similarity = float(similarities[row])
            node = self._label_nodes[row]
            if similarity < LABEL_FLOOR or node in seen:
                continue
            seen.add(node)
            value = LABEL_WEIGHT * (similarity - LABEL_FLOOR) / (1 - LABEL_FLOOR)
            if node < 0:
                damping *= max(0.0, 1 - value)
            else:
                name = self._label_names[row]
                note = f"相似的已确认企业“{name}”{similarity:.2f}"
                evidence.add_term(node, f"label:{name}", value, note)
        return damping

    def _rank(
        self, evidence: _Evidence, damping: float, *, sparse: bool, top_k: int
    ) -> list[Candidate]:
        threshold = SPARSE_MIN_STRENGTH if sparse else self.min_strength
        strengths = {
            node: strength * self._weights[node] * damping
            for node, strength in evidence.strengths().items()
        }
        candidates: list[Candidate] = []
        for node_index in sorted(strengths, key=lambda node: (-strengths[node], node)):
            strength = strengths[node_index]
            if strength < threshold or len(candidates) == top_k:
                break
            if not sparse and strength < UNDECIDED_MIN_STRENGTH:
                if not evidence.decisive(node_index):
                    continue
            confidence = 1 - math.exp(-CONFIDENCE_RATE * strength)
            notes = evidence.describe(node_index)
            if sparse:
                confidence *= SPARSE_CONFIDENCE
                notes += ("经营范围与产品为空，仅依据名称与行业代码",)
            node = self.template.nodes[node_index]
            candidates.append(
                Candidate(node.id, node.name, node.stage, round(confidence, 3), notes)
            )
        return candidates

    def _confirmed_result(self, node_id: str | None) -> list[Candidate]:
        if node_id is None:
            return []
        node = self.template.nodes[self._index[node_id]]
        return [Candidate(node.id, node.name, node.stage, 1.0, ("人工确认",))]


def _code_weights(template: ChainTemplate) -> dict[str, list[int]]:
    """Return industry code → the indices of the nodes that list it."""
    codes: dict[str, list[int]] = {}
    for index, node in enumerate(template.nodes):
        for code in node.codes:
            codes.setdefault(code, []).append(index)
    return codes


def _profile(node: ChainNode) -> Counter[str]:
    """Return a node's bigram counts from its name and vocabulary."""
    terms = [node.name, *node.products, *node.keywords, *node.weak_keywords]
    return Counter(bigrams(normalize(" ".join(terms))))


def _query(enterprise: Enterprise) -> Counter[str]:
    """Return an enterprise's bigram counts from its name, products and business scope."""
    text = f"{enterprise.name} {enterprise.products} {enterprise.products}"
    counts = Counter(bigrams(normalize(text)))
    counts.update(bigrams(normalize(enterprise.business_scope)))
    return counts


def build_classifier(template_id: str, *, labels: Sequence[Label] = ()) -> ChainClassifier:
    """Return a classifier for the template with this id."""
    from industry_brain.chain.template import get_template

    return ChainClassifier(get_template(template_id), labels=labels)
