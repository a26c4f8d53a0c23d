"""``ib monitor``: backtests of the warning, relocation and forecast models."""

from __future__ import annotations

from typing import Annotated

import typer

monitor_app = typer.Typer(help="运行监测与预警：模型回测。", no_args_is_help=True)


@monitor_app.command("backtest")
def backtest(
    months: Annotated[
        int, typer.Option(min=3, max=60, help="Months to replay, ending at the latest.")
    ] = 18,
) -> None:
    """Replay history month by month and print each model's measured accuracy."""
    from industry_brain.accounts.principal import Principal
    from industry_brain.cli_errors import fail
    from industry_brain.cli_support import load_settings, open_database
    from industry_brain.monitor.evaluations import all_backtests, run_backtests

    if not all_backtests():
        raise fail("没有可回测的模型。")
    settings = load_settings()
    database = open_database(settings)
    results = run_backtests(
        settings=settings, database=database, actor=Principal.system(), months=months
    )
    for result in results:
        typer.echo(f"== {result.title}（{result.model}）")
        typer.echo(f"   数据：{result.data_note}")
        for line in result.lines:
            typer.echo(f"   {line}")
