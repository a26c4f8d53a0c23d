"""The ``ib chain`` commands, invoked through ``chain_app``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from industry_brain.chain.cli import chain_app

HEADER = "name,business_scope,products,industry_code\n"
ROWS = "甲新材料有限公司,,锂电池隔膜,2921\n乙银行股份有限公司,吸收公众存款,公司金融,6621\n"
runner = CliRunner()


def _classify(tmp_path: Path, source: Path, *extra: str) -> tuple[int, str, list[list[str]]]:
    output = tmp_path / "out.csv"
    args = ["classify", "--template", "new_energy_vehicle", "--input", str(source)]
    result = runner.invoke(chain_app, [*args, "--output", str(output), *extra])
    rows: list[list[str]] = []
    if output.exists():
        with output.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    return result.exit_code, result.output, rows


def test_classify_writes_one_row_per_input(tmp_path: Path) -> None:
    source = tmp_path / "companies.csv"
    source.write_text(HEADER + ROWS, encoding="utf-8")
    code, output, rows = _classify(tmp_path, source)
    assert code == 0, output
    assert rows[0] == ["name", "node_id", "node_name", "stage", "confidence", "evidence"]
    assert rows[1][:4] == ["甲新材料有限公司", "separator", "隔膜", "上游"]
    assert 0 < float(rows[1][4]) <= 1 and "锂电池隔膜" in rows[1][5]
    assert rows[2] == ["乙银行股份有限公司", "", "", "", "", ""]
    assert "classified 2 enterprises: 1 on the chain" in output


def test_top_k_adds_the_next_candidates(tmp_path: Path) -> None:
    source = tmp_path / "companies.csv"
    source.write_text(HEADER + "丙公司,,减震器、热管理系统、内饰件,3670\n", encoding="utf-8")
    code, output, rows = _classify(tmp_path, source, "--top-k", "3", "--json")
    assert code == 0, output
    assert rows[0][6:] == [
        "node_id_2",
        "node_name_2",
        "confidence_2",
        "node_id_3",
        "node_name_3",
        "confidence_3",
    ]
    assert {rows[1][1], rows[1][6], rows[1][9]} == {
        "body_chassis",
        "thermal_management",
        "interior_exterior",
    }
    assert json.loads(output)["on_chain"] == 1


def test_gbk_and_bom_inputs_are_read(tmp_path: Path) -> None:
    for encoding in ("gbk", "utf-8-sig", "gb18030"):
        source = tmp_path / f"{encoding}.csv"
        source.write_text(HEADER + ROWS, encoding=encoding)
        code, output, rows = _classify(tmp_path, source)
        assert code == 0, output
        assert rows[1][1] == "separator"


def test_missing_columns_are_named_with_the_file(tmp_path: Path) -> None:
    source = tmp_path / "companies.csv"
    source.write_text("name,products\n甲,锂电池隔膜\n", encoding="utf-8")
    code, output, _ = _classify(tmp_path, source)
    assert code == 1
    assert "companies.csv" in output and "缺少列 business_scope" in output


def test_bad_encoding_names_the_file_and_row(tmp_path: Path) -> None:
    source = tmp_path / "companies.csv"
    source.write_bytes(HEADER.encode() + "甲公司,,隔膜,\n".encode() + b"\xff\xfe\xff,,\x81\n")
    code, output, _ = _classify(tmp_path, source)
    assert code == 1
    assert "文件 companies.csv" in output and "第 3 行" in output and "编码" in output


def test_a_row_without_a_name_is_refused_with_row_and_column(tmp_path: Path) -> None:
    source = tmp_path / "companies.csv"
    source.write_text(HEADER + ",,锂电池隔膜,\n", encoding="utf-8")
    code, output, _ = _classify(tmp_path, source)
    assert code == 1
    assert "第 2 行" in output and "列“name”" in output


def test_an_unknown_template_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "companies.csv"
    source.write_text(HEADER + ROWS, encoding="utf-8")
    args = ["classify", "--template", "nope", "--input", str(source), "--output", "o.csv"]
    result = runner.invoke(chain_app, args)
    assert result.exit_code == 1
    assert "unknown chain template 'nope'" in result.output


def test_labels_file_teaches_the_classifier(tmp_path: Path) -> None:
    source = tmp_path / "companies.csv"
    source.write_text(HEADER + ROWS, encoding="utf-8")
    labels = tmp_path / "labels.csv"
    labels.write_text(HEADER.strip() + ",node_id\n甲新材料有限公司,,,,\n", encoding="utf-8")
    code, output, rows = _classify(tmp_path, source, "--labels", str(labels))
    assert code == 0, output
    assert rows[1][1] == ""


def test_evaluate_prints_the_metrics(tmp_path: Path) -> None:
    labelled = tmp_path / "labelled.csv"
    labelled.write_text(
        HEADER.strip() + ",node_id\n"
        "甲公司,,锂电池隔膜,,separator\n乙公司,,六氟磷酸锂,,cathode\n丙银行,,公司金融,,\n",
        encoding="utf-8",
    )
    args = ["evaluate", "--template", "new_energy_vehicle", "--labelled", str(labelled)]
    result = runner.invoke(chain_app, args)
    assert result.exit_code == 0, result.output
    assert "accuracy: 0.667" in result.output
    assert "macro F1:" in result.output and "separator" in result.output
    assert "cathode (F1 0.000): electrolyte ×1" in result.output
    result = runner.invoke(chain_app, [*args, "--json", "--split", "tune"])
    assert json.loads(result.output)["rows"] == 3
    assert runner.invoke(chain_app, [*args, "--split", "half"]).exit_code == 1
