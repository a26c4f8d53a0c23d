"""The neutral pieces a report is made of, rendered alike to PDF and to Word."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

TO_FILL = "【待填写：{}】"


@dataclass(frozen=True)
class Heading:
    """A section heading (level 1 is the report's title)."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text."""

    text: str


@dataclass(frozen=True)
class ToFill:
    """A marked field the author completes, with the figures that help where there are any."""

    what: str
    prompts: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """Return the marked field as printed: 【待填写：…】."""
        return TO_FILL.format(self.what)


@dataclass(frozen=True)
class Bullets:
    """A list of short items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; ``marks`` names rows to emphasise (missing values)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    marks: frozenset[int] = field(default_factory=frozenset)
    nowrap: frozenset[int] = field(default_factory=frozenset)  # columns kept on one line


@dataclass(frozen=True)
class Series:
    """One named series of a chart; ``None`` is a gap (no data), never a zero."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """A bar or line chart over labelled points."""

    title: str
    kind: Literal["bar", "barh", "line"]
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""


Block = Heading | Paragraph | ToFill | Bullets | Table | Chart


@dataclass(frozen=True)
class Document:
    """A whole report: its title, a subtitle line and its blocks in order."""

    title: str
    subtitle: str
    blocks: tuple[Block, ...]
    filename: str  # without extension, e.g. "自评报告-zhejiang-2025-2025"
    missing: tuple[str, ...] = ()  # names of the indicators without a value


NUMERALS = "一二三四五六七八九十"


def numbered(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return the blocks with their section headings numbered 一、二、… in order."""
    count, out = 0, []
    for block in blocks:
        if isinstance(block, Heading) and block.level == 2:
            count += 1
            block = Heading(f"{NUMERALS[count - 1]}、{block.text}", 2)
        out.append(block)
    return tuple(out)
