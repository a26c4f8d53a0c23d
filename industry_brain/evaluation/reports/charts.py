"""Charts of the reports, drawn on matplotlib's Agg canvas (no pyplot, so no global figure
state) in the Chinese font: PNG for Word, SVG (text as paths, so the PDF needs no font for
it) for PDF.

A gap in a series (``None``) is drawn as no bar or a break in the line, never as zero.
"""

from __future__ import annotations

import io
from typing import Any, Literal

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from industry_brain.evaluation.reports.blocks import Chart
from industry_brain.evaluation.reports.fonts import cjk_font

ChartFormat = Literal["png", "svg"]
COLOURS = ("#2f6fb0", "#e08a2c", "#4b9a5b", "#9a4b8f")


def _bars(axes: Axes, chart: Chart) -> None:
    count = len(chart.series)
    width = 0.8 / max(count, 1)
    for index, series in enumerate(chart.series):
        points = [(i, v) for i, v in enumerate(series.values) if v is not None]
        offsets = [i - 0.4 + width * (index + 0.5) for i, _ in points]
        values = [v for _, v in points]
        colour = COLOURS[index % len(COLOURS)]
        if chart.kind == "barh":
            axes.barh(offsets, values, height=width, label=series.name, color=colour)
        else:
            axes.bar(offsets, values, width=width, label=series.name, color=colour)
    ticks = list(range(len(chart.labels)))
    if chart.kind == "barh":
        axes.set_yticks(ticks, list(chart.labels))
        axes.invert_yaxis()
        axes.set_xlabel(chart.unit)
    else:
        axes.set_xticks(ticks, list(chart.labels), rotation=30 if len(ticks) > 6 else 0)
        axes.set_ylabel(chart.unit)


def _lines(axes: Axes, chart: Chart) -> None:
    for index, series in enumerate(chart.series):
        values = [float("nan") if v is None else v for v in series.values]
        axes.plot(chart.labels, values, marker="o", label=series.name, color=COLOURS[index % 4])
    axes.set_ylabel(chart.unit)
    axes.tick_params(axis="x", labelrotation=30)


def render_chart(chart: Chart, fmt: ChartFormat) -> bytes:
    """Return the chart as PNG bytes or SVG text (UTF-8)."""
    font = cjk_font()
    settings: dict[str, Any] = {
        "font.family": [font.family],
        "svg.fonttype": "path",
        "axes.unicode_minus": False,
    }
    with rc_context(settings):  # type: ignore[arg-type]  # rc names typed as Literal
        height = 3.2 if chart.kind != "barh" else 1.2 + 0.4 * len(chart.labels)
        figure = Figure(figsize=(7.0, height), dpi=150)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        (_lines if chart.kind == "line" else _bars)(axes, chart)
        value_axis = axes.xaxis if chart.kind == "barh" else axes.yaxis
        value_axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.10g}"))
        axes.set_title(chart.title)
        axes.grid(axis="x" if chart.kind == "barh" else "y", alpha=0.3)
        if len(chart.series) > 1:
            axes.legend()
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt)
    return buffer.getvalue()
