"""Evaluation figures equal hand-computed ones; the split alternates within each label."""

from __future__ import annotations

from pathlib import Path

import pytest

from industry_brain.chain.evaluate import (
    as_dict,
    evaluate,
    evaluate_file,
    report,
    split_rows,
    worst_labels,
)
from industry_brain.warehouse.ingest.errors import ImportFileError

PAIRS: list[tuple[str | None, str | None]] = [
    ("a", "a"),
    ("a", "b"),
    ("b", "b"),
    (None, None),
    (None, "a"),
]


def test_figures_equal_the_hand_computed_ones() -> None:
    result = evaluate(PAIRS)
    assert result.total == 5
    assert result.accuracy == pytest.approx(3 / 5)
    figures = {f.label: f for f in result.labels}
    assert [f.label for f in result.labels] == ["a", "b", "none"]
    assert (figures["a"].precision, figures["a"].recall) == (0.5, 0.5)
    assert (figures["b"].precision, figures["b"].recall) == (0.5, 1.0)
    assert (figures["none"].precision, figures["none"].recall) == (1.0, 0.5)
    assert figures["b"].f1 == pytest.approx(2 / 3)
    assert (figures["none"].support, figures["none"].predicted) == (2, 1)
    assert result.macro_precision == pytest.approx(2 / 3)
    assert result.macro_recall == pytest.approx(2 / 3)
    assert result.macro_f1 == pytest.approx((0.5 + 2 / 3 + 2 / 3) / 3)
    assert result.confusion == {"a": {"b": 1}, "none": {"a": 1}}


def test_report_prints_the_metrics_and_worst_confusions() -> None:
    result = evaluate(PAIRS)
    text = report(result)
    assert "accuracy: 0.600" in text
    assert "macro F1: 0.611" in text
    assert "a (F1 0.500): b ×1" in text
    assert [f.label for f in worst_labels(result)] == ["a", "b", "none"]
    assert as_dict(result)["accuracy"] == pytest.approx(0.6)


def test_a_perfect_run_has_no_worst_labels() -> None:
    result = evaluate([("a", "a"), (None, None)])
    assert result.accuracy == 1.0
    assert worst_labels(result) == []


def test_split_alternates_within_each_label() -> None:
    rows = ["a1", "n1", "a2", "n2", "a3", "b1"]
    gold = ["a", None, "a", None, "a", "b"]
    assert split_rows(rows, gold, "tune") == ["a1", "n1", "a3", "b1"]
    assert split_rows(rows, gold, "holdout") == ["a2", "n2"]
    assert split_rows(rows, gold, "all") == rows


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_evaluate_file_classifies_and_scores(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "labelled.csv",
        "name,business_scope,products,industry_code,node_id\n"
        "甲公司,,锂电池隔膜,,separator\n"
        "乙公司,,六氟磷酸锂,,cathode\n"
        "丙银行,,公司金融,,\n",
    )
    result = evaluate_file("new_energy_vehicle", path)
    assert result.accuracy == pytest.approx(2 / 3)
    assert result.confusion == {"cathode": {"electrolyte": 1}}


def test_a_label_outside_the_template_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "labelled.csv",
        "name,business_scope,products,node_id\n甲公司,,锂电池隔膜,spaceships\n",
    )
    with pytest.raises(ImportFileError) as caught:
        evaluate_file("new_energy_vehicle", path)
    assert "labelled.csv" in str(caught.value)
    assert (caught.value.row, caught.value.column) == (2, "node_id")
