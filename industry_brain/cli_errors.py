"""What every ``ib`` command does with a refusal: a red message and exit code 1."""

from __future__ import annotations

import typer


def fail(message: str) -> typer.Exit:
    """Print the message in red on stderr and return the exit to raise."""
    typer.secho(message, fg=typer.colors.RED, err=True)
    return typer.Exit(code=1)
