"""``generate_demo``: the files an operator of 常州市 would receive for the NEV cluster.

Deterministic: the same arguments give byte-identical files. All randomness comes from one
``random.Random(seed)`` and one ``numpy.random.default_rng(seed)``, drawn in a fixed order,
and from streams of their own seeded by text (sites by the code, arrivals by the seed, see
``arrivals.py``), so that adding them left every other draw as it was; nothing depends on
the clock, on ``hash()`` of strings or on set iteration order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np

from industry_brain.codes.regions import get_region
from industry_brain.warehouse.demo import places
from industry_brain.warehouse.demo.arrivals import ARRIVAL_MONTHS, Arrival, plant_arrivals
from industry_brain.warehouse.demo.credentials import honor_rows, patent_rows
from industry_brain.warehouse.demo.defects import Spoiled, spoil_in_place, spoil_registry
from industry_brain.warehouse.demo.events import MoveRecord, ordinary_events, relocation_events
from industry_brain.warehouse.demo.identities import CodeBook
from industry_brain.warehouse.demo.links import relation_rows
from industry_brain.warehouse.demo.manifest import DemoFile, DemoManifest
from industry_brain.warehouse.demo.months import month_end, months_ending, parse_period, period_text
from industry_brain.warehouse.demo.operations import Panel, Shock, plan_stories, simulate
from industry_brain.warehouse.demo.population import (
    Context,
    Enterprise,
    local_enterprises,
    outside_enterprises,
    plant_fates,
)
from industry_brain.warehouse.demo.tables import (
    Row,
    operations_rows,
    product_rows,
    registry_row,
    settle_outside,
    settle_registry,
)
from industry_brain.warehouse.demo.truth import write_truth
from industry_brain.warehouse.demo.writers import FileSpec, write_csv, write_xlsx
from industry_brain.warehouse.standards import get_standard

MONTHS = 36
CHAIN = "new_energy_vehicle"
_CRLF = "\r\n"


def _specs(months: list[date]) -> list[FileSpec]:
    """Return how each file is written; operations are split into three 12-month files."""
    chunks = [tuple(period_text(m) for m in months[i : i + 12]) for i in range(0, len(months), 12)]
    names = [f"operations_{c[0]}_{c[-1]}.csv" for c in chunks]
    return [
        FileSpec("registry", "registry_changzhou.xlsx", "xlsx", None, "chinese",
                 excel_date_columns=("established_on",)),
        FileSpec("registry", "registry_outside.csv", "csv", "gb18030", "chinese",
                 line_terminator=_CRLF),
        FileSpec("operations", names[0], "csv", "gbk", "chinese", "元", line_terminator=_CRLF,
                 periods=chunks[0]),
        FileSpec("operations", names[1], "csv", "utf-8-sig", "chinese", periods=chunks[1]),
        FileSpec("operations", names[2], "csv", "utf-8", "english", periods=chunks[2]),
        FileSpec("products", "products.csv", "csv", "utf-8-sig", "chinese"),
        FileSpec("relations", "relations.csv", "csv", "utf-8", "english"),
        FileSpec("honors", "honors.xlsx", "xlsx", None, "chinese",
                 excel_date_columns=("recognized_on", "valid_until")),
        FileSpec("patents", "patents.xlsx", "xlsx", None, "english"),
        FileSpec("events", "events.csv", "csv", "gbk", "chinese", line_terminator=_CRLF),
    ]  # fmt: skip


@dataclass(frozen=True)
class _World:
    """The simulated population before it is written as files."""

    local: list[Enterprise]
    pool: list[Enterprise]
    panel: Panel
    shocks: list[Shock]
    moves: list[MoveRecord]
    events: list[Row]


def _simulate(ctx: Context, months: list[date], enterprises: int, outside: int) -> _World:
    """Draw the enterprises, their monthly figures, the planted stories and the events."""
    local = local_enterprises(ctx, enterprises)
    pool = outside_enterprises(ctx, outside)
    plant_fates(ctx, local)
    shocks, moves = plan_stories(ctx, local, MONTHS)
    panel = simulate(ctx, local, months, shocks, moves)
    settle_registry(local, panel)
    settle_outside(pool)
    move_events, records = relocation_events(ctx, moves, months)
    events = move_events + ordinary_events(ctx, local, months)
    events.sort(key=lambda row: (str(row["event_date"]), str(row["uscc"]), str(row["event_type"])))
    return _World(local, pool, panel, shocks, records, events)


def _growth(revenue: np.ndarray) -> list[float]:
    """Return each local enterprise's revenue growth, last twelve months over the first."""
    first = revenue[:, :12].sum(axis=1)
    last = revenue[:, -12:].sum(axis=1)
    return [float(b / a - 1.0) if a > 0 else 0.0 for a, b in zip(first, last, strict=True)]


def _tables(
    ctx: Context, world: _World, months: list[date], specs: list[FileSpec]
) -> dict[str, list[Row]]:
    """Return the good rows of every file, by file name."""
    local, pool = world.local, world.pool
    taken: set[str] = set()
    patents = patent_rows(ctx, local, ctx.window_end, rate=1.0, taken=taken)
    patents += patent_rows(ctx, pool, ctx.window_end, rate=0.3, taken=taken)
    patents.sort(key=lambda row: (str(row["applied_on"]), str(row["patent_no"])))
    growth = _growth(world.panel.revenue) + [ctx.rng.gauss(0.1, 0.2) for _ in pool]
    tables: dict[str, list[Row]] = {
        "registry_changzhou.xlsx": [registry_row(e) for e in local],
        "registry_outside.csv": [registry_row(e) for e in pool],
        "products.csv": product_rows(ctx, local + pool),
        "relations.csv": relation_rows(ctx, local, pool, months, world.panel),
        "honors.xlsx": honor_rows(ctx, local + pool, growth, ctx.window_end),
        "patents.xlsx": patents,
        "events.csv": world.events,
    }
    operations = operations_rows(local, months, world.panel)
    for spec in specs:
        if spec.standard == "operations":
            tables[spec.name] = [row for row in operations if row["period"] in spec.periods]
    return tables


def _arrivals(
    seed: int, world: _World, tables: dict[str, list[Row]], months: list[date]
) -> list[Arrival]:
    """Plant the arrivals and add their events to ``events.csv``, in the events' order."""
    credentials = (tables["patents.xlsx"], tables["honors.xlsx"])
    span = (months[-ARRIVAL_MONTHS], month_end(months[-1]))
    arrivals = plant_arrivals(
        seed, world.local, world.pool, tables["relations.csv"], credentials, span
    )
    events = tables["events.csv"] + [arrival.event() for arrival in arrivals]
    events.sort(key=lambda row: (str(row["event_date"]), str(row["uscc"]), str(row["event_type"])))
    tables["events.csv"] = events
    return arrivals


def _write_files(
    out_dir: Path,
    ctx: Context,
    world: _World,
    tables: dict[str, list[Row]],
    specs: list[FileSpec],
    arrived: set[str],
) -> list[DemoFile]:
    """Spoil a few rows of each file, write it, and return its manifest entry. Rows of the
    planted stories are never spoiled: the ground truth describes them."""
    protected = {e.uscc for e in world.local if e.fate != "normal"}
    end = ctx.window_end
    stamp = datetime(end.year, end.month, end.day, 18, 0, 0)

    def fresh() -> tuple[str, str]:
        uscc = ctx.codes.uscc(ctx.rng.choice(places.DISTRICT_CODES), date(2021, 5, 1))
        return uscc, ctx.codes.name("常州", ("机电科技", "贸易"), "有限公司")[0]

    entries: list[DemoFile] = []
    for spec in specs:
        rows = tables[spec.name]
        spoiled = (
            spoil_registry(ctx.rng, rows, fresh)
            if spec.standard == "registry"
            else spoil_in_place(
                ctx.rng,
                spec.standard,
                rows,
                protected | arrived if spec.standard == "events" else protected,
            )
        )
        standard = get_standard(spec.standard)
        if spec.format == "xlsx":
            write_xlsx(out_dir / spec.name, spec, standard, spoiled.rows, stamp=stamp)
        else:
            write_csv(out_dir / spec.name, spec, standard, spoiled.rows)
        entries.append(_entry(spec, spoiled))
    return entries


def generate_demo(
    out_dir: Path,
    *,
    enterprises: int = 3000,
    outside: int = 5000,
    seed: int = 20261122,
    end_period: str = "2026-09",
) -> DemoManifest:
    """Write the demo cluster's import files, ``manifest.json`` and ``truth/`` into out_dir.

    Args:
        out_dir: directory to write into (created if missing; files of the same names are
            replaced, nothing else is touched).
        enterprises: number of local enterprises registered in 常州市 (at least 20).
        outside: number of enterprises elsewhere in China (the 招商 candidate pool).
        seed: the random seed; the same arguments give byte-identical files.
        end_period: the last month of the 36-month operations window, ``YYYY-MM``.

    Returns:
        The manifest that was also written to ``out_dir/manifest.json``.

    Examples:
        >>> manifest = generate_demo(Path("demo"), enterprises=120, outside=80)  # doctest: +SKIP
        >>> [f.name for f in manifest.files_of("operations")]  # doctest: +SKIP
        ['operations_2023-10_2024-09.csv', 'operations_2024-10_2025-09.csv', ...]
    """
    if enterprises < 20 or outside < 0:
        raise ValueError("need at least 20 local enterprises and a non-negative outside pool")
    end = parse_period(end_period)
    months = months_ending(end, MONTHS)
    rng = random.Random(seed)
    ctx = Context(rng, np.random.default_rng(seed), CodeBook(rng), months[0], month_end(end))
    world = _simulate(ctx, months, enterprises, outside)
    out_dir.mkdir(parents=True, exist_ok=True)
    specs = _specs(months)
    tables = _tables(ctx, world, months, specs)
    arrivals = _arrivals(seed, world, tables, months)
    arrived = {arrival.enterprise.uscc for arrival in arrivals}
    entries = _write_files(out_dir, ctx, world, tables, specs, arrived)
    truth = write_truth(
        out_dir, seed, world.local, world.pool, months, world.shocks, world.moves, arrivals
    )
    city = get_region(places.CITY_CODE)
    manifest = DemoManifest(
        seed=seed,
        region_code=places.CITY_CODE,
        region_name=city.full_name if city else "江苏省常州市",
        district_codes=places.DISTRICT_CODES,
        chain=CHAIN,
        enterprises=enterprises,
        outside=outside,
        first_period=period_text(months[0]),
        end_period=period_text(end),
        files=tuple(entries),
        truth_files=truth,
    )
    manifest.write(out_dir)
    return manifest


def _entry(spec: FileSpec, spoiled: Spoiled) -> DemoFile:
    return DemoFile(
        standard=spec.standard,
        name=spec.name,
        format=spec.format,
        encoding=spec.encoding,
        header_style=spec.header,
        money_unit=spec.money_unit,
        rows=len(spoiled.rows),
        bad_rows=spoiled.bad,
        excel_date_columns=spec.excel_date_columns,
        periods=spec.periods,
    )
