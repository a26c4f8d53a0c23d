"""``ib invest``: the backtest of the 招商 candidate ranking."""

from __future__ import annotations

from typing import Annotated

import typer

invest_app = typer.Typer(help="精准招商：候选企业排序的回测。", no_args_is_help=True)


def _month(text: str | None) -> str | None:
    from datetime import datetime

    if text is None:
        return None
    try:
        datetime.strptime(text, "%Y-%m")
    except ValueError as exc:
        raise typer.BadParameter(f"“{text}”不是 YYYY-MM 格式的月份") from exc
    return text


def _ks(text: str) -> str:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts or not all(part.isdigit() and int(part) > 0 for part in parts):
        raise typer.BadParameter(f"“{text}”不是以逗号分隔的正整数（如 10,20,50）")
    return text


@invest_app.command("backtest")
def backtest(
    cutoff: Annotated[
        str | None,
        typer.Option(
            callback=_month, help="Cut-off month YYYY-MM (default: 18 months before the latest)."
        ),
    ] = None,
    k: Annotated[str, typer.Option(callback=_ks, help="Cut-offs of the hit rate.")] = "10,20,50",
) -> None:
    """Rank candidates with only the data known at the cut-off; check against the arrivals."""
    from datetime import date

    from industry_brain.accounts.principal import Principal
    from industry_brain.cli_support import load_settings, open_database
    from industry_brain.invest.backtest import backtest_at
    from industry_brain.monitor.evaluations import do_record_evaluation

    settings = load_settings()
    database = open_database(settings)
    month = date.fromisoformat(f"{cutoff}-01") if cutoff else None
    ks = tuple(sorted({int(part) for part in k.split(",") if part.strip()}))
    result = backtest_at(settings=settings, database=database, cutoff=month, ks=ks)
    with database.writer() as db:
        do_record_evaluation(db, actor=Principal.system("cli"), result=result)
    typer.echo(f"== {result.title}（{result.model}）")
    typer.echo(f"   数据：{result.data_note}")
    for line in result.lines:
        typer.echo(f"   {line}")
