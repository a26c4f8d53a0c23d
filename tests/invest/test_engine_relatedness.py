"""Relatedness (product-space density) on a region × node table worked out by hand.

Main-node enterprises per region (nodes p1, p2, p3; 20 in all: p1 7, p2 6, p3 7):

    LOCAL 4 1 0 | R1 3 2 0 | R2 0 3 2 | R3 0 0 5 | R4 2 2 0 (4 firms: too small, left out)

RCA ≥ 1: LOCAL {p1} (0.8/0.35), R1 {p1 (0.6/0.35), p2 (0.4/0.3)}, R2 {p2, p3 (0.4/0.35)},
R3 {p3}. Each node is a strength in 2 regions; p1 and p2 share R1, p2 and p3 share R2, so
φ(p1,p2) = φ(p2,p3) = 1/2 and φ(p1,p3) = 0. Density around the cluster (strong in p1 only):
ω(p1) = 1/(1 + 1/2) = 0.6667, ω(p2) = (1/2)/(1/2 + 1 + 1/2) = 0.25, ω(p3) = 0.
A candidate on p2 (confidence 0.8) and p3 (0.2) has relatedness (0.8·0.25 + 0)/1 = 20.
"""

from __future__ import annotations

import duckdb
import pytest

from industry_brain.invest.relatedness import create_density

LAYOUT = {
    "LOCAL": (4, 1, 0),
    "310100": (3, 2, 0),
    "440300": (0, 3, 2),
    "330100": (0, 0, 5),
    "420100": (2, 2, 0),
}


def lake(layout: dict[str, tuple[int, int, int]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        "CREATE TEMP TABLE inv_assign (template_id VARCHAR, node_id VARCHAR, uscc VARCHAR, "
        "rank INTEGER, confidence DOUBLE, evidence VARCHAR); "
        "CREATE TEMP TABLE inv_registry (uscc VARCHAR, active BOOLEAN, is_local BOOLEAN, "
        "city_code VARCHAR, province_code VARCHAR); "
        "CREATE TEMP TABLE inv_nodes (template_id VARCHAR, node_id VARCHAR, node_name VARCHAR, "
        "position INTEGER)"
    )
    for position, node in enumerate(("p1", "p2", "p3")):
        con.execute("INSERT INTO inv_nodes VALUES ('t', ?, ?, ?)", [node, f"环节{node}", position])
    serial = 0
    for region, counts in layout.items():
        for node, count in zip(("p1", "p2", "p3"), counts, strict=True):
            for _ in range(count):
                serial += 1
                local = region == "LOCAL"
                con.execute("INSERT INTO inv_assign VALUES ('t', ?, ?, 1, 1.0, '[]')",
                            [node, f"E{serial}"])  # fmt: skip
                con.execute("INSERT INTO inv_registry VALUES (?, TRUE, ?, ?, ?)",
                            [f"E{serial}", local, None if local else region, None])  # fmt: skip
    # a dead firm is no strength anywhere
    con.execute("INSERT INTO inv_assign VALUES ('t', 'p3', 'DEAD', 1, 1.0, '[]')")
    con.execute("INSERT INTO inv_registry VALUES ('DEAD', FALSE, TRUE, NULL, NULL)")
    # the candidate: an outside firm (not a main-node firm of any region above) on p2 and p3
    con.execute("INSERT INTO inv_assign VALUES ('t', 'p2', 'X', 2, 0.8, '[]'), "
                "('t', 'p3', 'X', 3, 0.2, '[]'), ('t', 'p1', 'Y', 2, 0.5, '[]')")  # fmt: skip
    return con


def test_density_follows_hidalgo_and_hausmann() -> None:
    con = lake(LAYOUT)
    create_density(con)
    found = con.execute(
        "SELECT node_id, density, near_names FROM inv_density ORDER BY node_id"
    ).fetchall()
    assert found == [
        ("p1", pytest.approx(0.666667), []),
        ("p2", 0.25, ["环节p1"]),
        ("p3", 0.0, []),
    ]
    found_mix = con.execute("SELECT uscc, mix_density FROM inv_mix WHERE uscc IN ('X', 'Y')")
    mix = dict(found_mix.fetchall())
    assert mix == {"X": pytest.approx(0.2), "Y": pytest.approx(0.666667)}


def test_too_few_regions_leave_relatedness_unknown() -> None:
    con = lake({"LOCAL": (4, 1, 0), "310100": (3, 2, 0), "440300": (0, 1, 1)})
    create_density(con)
    assert con.execute("SELECT count(*) FROM inv_density").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM inv_mix").fetchone() == (0,)
