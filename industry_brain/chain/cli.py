"""The ``ib chain`` commands: classify enterprise lists and evaluate against labelled ones.

Imports are local to each command so that ``ib --help`` starts fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from industry_brain.cli_errors import fail as _fail

if TYPE_CHECKING:
    from industry_brain.chain._csvio import InputRow
    from industry_brain.chain.classify import Candidate

chain_app = typer.Typer(help="产业链: classify enterprises onto chain nodes.", no_args_is_help=True)

TemplateOption = Annotated[str, typer.Option("--template", help="Chain template id.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")]


@contextmanager
def _reported_errors() -> Iterator[None]:
    """Turn a bad template, input file or label into a red message and exit code 1."""
    from industry_brain.chain.template import TemplateError
    from industry_brain.warehouse.ingest.errors import ImportFileError

    try:
        yield
    except (ImportFileError, TemplateError) as exc:
        raise _fail(f"错误：{exc}") from exc
    except KeyError as exc:
        raise _fail(f"错误：{exc.args[0]}") from exc


def _header(top_k: int) -> list[str]:
    columns = ["name", "node_id", "node_name", "stage", "confidence", "evidence"]
    for rank in range(2, top_k + 1):
        columns += [f"node_id_{rank}", f"node_name_{rank}", f"confidence_{rank}"]
    return columns


def _record(row: InputRow, candidates: list[Candidate], top_k: int) -> list[str]:
    best = candidates[0] if candidates else None
    record = [row.enterprise.name]
    if best is None:
        record += ["", "", "", "", ""]
    else:
        confidence = f"{best.confidence:.3f}"
        record += [best.node_id, best.node_name, best.stage, confidence, "；".join(best.evidence)]
    for rank in range(1, top_k):
        other = candidates[rank] if rank < len(candidates) else None
        record += [other.node_id, other.node_name, f"{other.confidence:.3f}"] if other else [""] * 3
    return record


@chain_app.command("classify")
def classify(
    template: TemplateOption,
    input: Annotated[Path, typer.Option("--input", help="CSV: name, business_scope, products.")],
    output: Annotated[Path, typer.Option("--output", help="CSV to write, one row per input.")],
    top_k: Annotated[int, typer.Option("--top-k", min=1, help="Candidates per row.")] = 1,
    labels: Annotated[
        Path | None, typer.Option("--labels", help="Confirmed labels (input columns + node_id).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Classify every enterprise of INPUT onto the template's nodes (empty node_id: none)."""
    import csv
    from collections import Counter

    from industry_brain.chain._csvio import read_enterprises
    from industry_brain.chain.classify import ChainClassifier
    from industry_brain.chain.template import get_template

    with _reported_errors():
        chain = get_template(template)
        rows = read_enterprises(input)
        confirmed = read_enterprises(labels, labelled=True) if labels else []
        classifier = ChainClassifier(
            chain, labels=[(row.enterprise, row.node_id) for row in confirmed]
        )
    counts: Counter[str] = Counter()
    with output.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(_header(top_k))
        for row in rows:
            candidates = classifier.classify(row.enterprise, top_k=top_k)
            counts[candidates[0].node_id if candidates else ""] += 1
            writer.writerow(_record(row, candidates, top_k))
    on_chain = len(rows) - counts[""]
    if as_json:
        summary = {"rows": len(rows), "on_chain": on_chain, "nodes": dict(counts)}
        typer.echo(json.dumps(summary, ensure_ascii=False))
    else:
        typer.echo(f"classified {len(rows)} enterprises: {on_chain} on the chain → {output}")


@chain_app.command("evaluate")
def evaluate(
    template: TemplateOption,
    labelled: Annotated[
        Path, typer.Option("--labelled", help="CSV: the input columns plus node_id.")
    ],
    split: Annotated[
        str, typer.Option("--split", help="all, tune or holdout (alternate rows per label).")
    ] = "all",
    as_json: JsonOption = False,
) -> None:
    """Print accuracy, macro precision/recall/F1, per-node figures and the worst confusions."""
    from industry_brain.chain import evaluate as evaluation

    if split not in ("all", "tune", "holdout"):
        raise _fail("--split must be all, tune or holdout")
    with _reported_errors():
        part = cast("evaluation.Split", split)
        result = evaluation.evaluate_file(template, labelled, part=part)
    if as_json:
        typer.echo(json.dumps(evaluation.as_dict(result), ensure_ascii=False, indent=2))
    else:
        typer.echo(evaluation.report(result))
