"""Evaluate a classifier against labelled enterprises: accuracy, macro P/R/F1, confusions.

Every label is a class, "none" (no node of the chain) included: accuracy counts a correct
"none" as a hit, and the macro averages run over every label present in the gold labels or
the predictions (a label never predicted has precision 0). The labelled sets are split for
honest tuning: within each gold label, in file order, the 1st, 3rd, 5th … rows form the
tuning half and the 2nd, 4th … rows the held-out half.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

NONE = "none"
Split = Literal["all", "tune", "holdout"]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class LabelFigures:
    """Precision, recall and F1 of one label, with its gold and predicted counts."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The figures of one evaluation run."""

    total: int
    accuracy: float
    macro_precision: float
    macro_recall: float
    macro_f1: float
    labels: tuple[LabelFigures, ...]
    confusion: dict[str, Counter[str]] = field(default_factory=dict)


def split_rows(rows: Sequence[T], gold: Sequence[str | None], part: Split) -> list[T]:
    """Return the rows of one half (alternating within each gold label), or all of them."""
    if part == "all":
        return list(rows)
    seen: Counter[str] = Counter()
    chosen = []
    for row, label in zip(rows, gold, strict=True):
        key = label or NONE
        if (seen[key] % 2 == 0) == (part == "tune"):
            chosen.append(row)
        seen[key] += 1
    return chosen


def _safe(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def evaluate(pairs: Sequence[tuple[str | None, str | None]]) -> Evaluation:
    """Compute the figures for (gold, predicted) pairs; None means no node."""
    gold = [g or NONE for g, _ in pairs]
    predicted = [p or NONE for _, p in pairs]
    gold_counts, predicted_counts = Counter(gold), Counter(predicted)
    hits = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for g, p in zip(gold, predicted, strict=True):
        if g != p:
            confusion[g][p] += 1
    figures = []
    for label in sorted(set(gold) | set(predicted), key=lambda x: (x == NONE, x)):
        precision = _safe(hits[label], predicted_counts[label])
        recall = _safe(hits[label], gold_counts[label])
        f1 = _safe(2 * precision * recall, precision + recall)
        figures.append(
            LabelFigures(label, precision, recall, f1, gold_counts[label], predicted_counts[label])
        )
    count = len(figures)
    return Evaluation(
        total=len(pairs),
        accuracy=_safe(sum(hits.values()), len(pairs)),
        macro_precision=_safe(sum(f.precision for f in figures), count),
        macro_recall=_safe(sum(f.recall for f in figures), count),
        macro_f1=_safe(sum(f.f1 for f in figures), count),
        labels=tuple(figures),
        confusion=dict(confusion),
    )


def worst_labels(evaluation: Evaluation, count: int = 5) -> list[LabelFigures]:
    """Return the labels with gold rows and the lowest F1, worst first."""
    with_support = [f for f in evaluation.labels if f.support and f.f1 < 1]
    return sorted(with_support, key=lambda f: (f.f1, f.label))[:count]


def report(evaluation: Evaluation, *, worst: int = 5) -> str:
    """Return the figures as plain text: totals, per-label table, worst confusions."""
    lines = [
        f"rows: {evaluation.total}",
        f"accuracy: {evaluation.accuracy:.3f}",
        f"macro precision: {evaluation.macro_precision:.3f}",
        f"macro recall: {evaluation.macro_recall:.3f}",
        f"macro F1: {evaluation.macro_f1:.3f}",
        "",
        f"{'label':<24}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}{'predicted':>10}",
    ]
    for f in evaluation.labels:
        lines.append(
            f"{f.label:<24}{f.precision:>10.3f}{f.recall:>8.3f}{f.f1:>7.3f}"
            f"{f.support:>9}{f.predicted:>10}"
        )
    bad = worst_labels(evaluation, worst)
    if bad:
        lines += ["", "confusion of the worst labels (gold → predicted):"]
        for f in bad:
            mistakes = evaluation.confusion.get(f.label, Counter()).most_common()
            wrong = ", ".join(f"{label} ×{n}" for label, n in mistakes) or "(only false positives)"
            lines.append(f"  {f.label} (F1 {f.f1:.3f}): {wrong}")
    return "\n".join(lines)


def as_dict(evaluation: Evaluation) -> dict[str, object]:
    """Return the figures as JSON-ready data."""
    return {
        "rows": evaluation.total,
        "accuracy": evaluation.accuracy,
        "macro_precision": evaluation.macro_precision,
        "macro_recall": evaluation.macro_recall,
        "macro_f1": evaluation.macro_f1,
        "labels": [
            {
                "label": f.label,
                "precision": f.precision,
                "recall": f.recall,
                "f1": f.f1,
                "support": f.support,
                "predicted": f.predicted,
            }
            for f in evaluation.labels
        ],
        "confusion": {gold: dict(c) for gold, c in evaluation.confusion.items()},
    }


def evaluate_file(template_id: str, path: Path, *, part: Split = "all") -> Evaluation:
    """Classify a labelled CSV with the template's classifier and evaluate one part of it."""
    from industry_brain.chain._csvio import read_enterprises
    from industry_brain.chain.classify import build_classifier

    classifier = build_classifier(template_id)
    known = {node.id for node in classifier.template.nodes}
    rows = read_enterprises(path, labelled=True)
    for row in rows:
        if row.node_id and row.node_id not in known:
            from industry_brain.warehouse.ingest.errors import ImportFileError

            message = f"{row.node_id!r} 不是模板 {template_id} 的节点"
            raise ImportFileError(message, file=path.name, row=row.row, column="node_id")
    chosen = split_rows(rows, [row.node_id for row in rows], part)
    pairs = []
    for row in chosen:
        candidates = classifier.classify(row.enterprise, top_k=1)
        pairs.append((row.node_id, candidates[0].node_id if candidates else None))
    return evaluate(pairs)
