"""Keyword matching of enterprise text against a template's vocabulary (Aho–Corasick).

Invariants: text and terms are compared after NFKC and upper-casing; matches do not overlap,
the longer one wins (so 锂电池隔膜 counts for the separator, not for 锂电池), and an exclusion
phrase suppresses every term it overlaps while counting for no node; an ASCII term matches
only between non-letters (SIC does not match inside BASIC). A term in an item that names
equipment or tooling (…设备, …装备, …模具) counts a fifth: 锂电池智能装备 is not a battery;
a term that qualifies what follows it in its item counts less than the item's head: a term
of another node before the head (新能源乘用车电驱动系统), or a term followed by words naming
an input to it (锂离子电池化学品, 锂电池材料).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ahocorasick

from industry_brain.chain.template import ChainTemplate

STRONG = 1.0
WEAK = 0.4
SALES_DISCOUNT = 0.5
EQUIPMENT_DISCOUNT = 0.2
MODIFIER_DISCOUNT = 0.45
_SUPPLIES = re.compile("材料|化学品|添加剂|原料|辅料|助剂|试剂|结构件|测试|检测")
_SALES_SUFFIXES = ("销售", "零售", "批发", "租赁", "进出口", "代理", "贸易")
_EQUIPMENT_ENDINGS = ("设备", "装备", "生产线", "模具", "仪器", "设备制造")
_ITEM_SPLIT = re.compile(r"[;；、,，/|。\n]+")
_ASCII_WORD = re.compile(r"^[A-Z0-9 \-/+.]+$")


def normalize(text: str) -> str:
    """Return the text in NFKC, upper case, without surrounding space."""
    return unicodedata.normalize("NFKC", text or "").upper().strip()


def split_items(text: str) -> list[str]:
    """Split a list of products or a business scope into its items."""
    return [item.strip() for item in _ITEM_SPLIT.split(normalize(text)) if item.strip()]


@dataclass(frozen=True, slots=True)
class Term:
    """A vocabulary entry: its text and the nodes (by index) it counts for, with weights."""

    text: str
    nodes: tuple[tuple[int, float], ...]
    ascii: bool


@dataclass(frozen=True, slots=True)
class Hit:
    """A term found in one item of one field, at a field-and-position weight."""

    term: Term
    weight: float


def _vocabulary(template: ChainTemplate) -> dict[str, dict[int, float]]:
    """Return term → {node index: weight}; exclusions map to an empty dict."""
    vocabulary: dict[str, dict[int, float]] = {}
    for index, node in enumerate(template.nodes):
        strong = (*node.products, *node.keywords)
        for terms, weight in ((strong, STRONG), (node.weak_keywords, WEAK)):
            for raw in terms:
                entry = vocabulary.setdefault(normalize(raw), {})
                entry[index] = max(entry.get(index, 0.0), weight)
    for raw in template.exclusions:
        vocabulary.setdefault(normalize(raw), {})
    return vocabulary


class KeywordMatcher:
    """Find a template's terms in text; build once, match many."""

    def __init__(self, template: ChainTemplate) -> None:
        self._automaton = ahocorasick.Automaton()
        for text, nodes in _vocabulary(template).items():
            term = Term(text, tuple(sorted(nodes.items())), bool(_ASCII_WORD.match(text)))
            self._automaton.add_word(text, term)
        self._automaton.make_automaton()

    def find(self, text: str) -> list[tuple[Term, int]]:
        """Return the terms in normalized text with their end offsets, right to left.

        Chinese names put the head last, so of overlapping matches the one ending last wins,
        and of those ending together the longest.
        """
        found = []
        for end, term in self._automaton.iter(text):
            start = end - len(term.text) + 1
            if term.ascii and not _ascii_bounded(text, start, end):
                continue
            found.append((start, end, term))
        found.sort(key=lambda match: (-match[1], match[0]))
        kept: list[tuple[int, int, Term]] = []
        for start, end, term in found:
            if not kept or end < kept[-1][0]:
                kept.append((start, end, term))
        return [(term, end) for _, end, term in kept if term.nodes]

    def hits(self, items: list[str], weight: float, *, decay: float, scope: bool) -> list[Hit]:
        """Return the hits in a field's items, weighted by field, position and wording."""
        hits = []
        for position, item in enumerate(items):
            item_weight = max(0.6, weight - decay * position) if decay else weight
            tool = item.endswith(_EQUIPMENT_ENDINGS)
            found = self.find(item)
            head_nodes = {node for node, _ in found[0][0].nodes} if found else set()
            for term, end in found:
                factor = 1.0
                other_head = {node for node, _ in term.nodes} != head_nodes
                if other_head or _SUPPLIES.search(item[end + 1 :]):
                    factor = MODIFIER_DISCOUNT
                if scope and item[end + 1 : end + 3] in _SALES_SUFFIXES:
                    factor = SALES_DISCOUNT
                if tool and not term.text.endswith(_EQUIPMENT_ENDINGS):
                    factor = EQUIPMENT_DISCOUNT
                hits.append(Hit(term, item_weight * factor))
        return hits


def _ascii_bounded(text: str, start: int, end: int) -> bool:
    """Tell whether an ASCII term stands alone (no ASCII letter right before or after)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end + 1] if end + 1 < len(text) else " "
    return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())
