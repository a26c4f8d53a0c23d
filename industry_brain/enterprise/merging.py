"""Merging provisional ids into real 统一社会信用代码: proposals, the pipeline step, the map.

Enterprises without a code (e.g. listed companies of the SZSE list) enter the warehouse
under provisional ids. Once an enterprise with a real code and the same enterprise name is
known (a registry file arrives), the pipeline's merge step records the merge — with its
method and score, as an audited action — and the layer models read every row of the
provisional id as the real code's (``ref.enterprise_merges``). Nothing in ODS changes, so an
undone merge takes effect on the next run, and an undone pair is never proposed again.

Matching is ``industry_brain.enterprise.resolution`` with only real codes as the known
enterprises: the same normalised name in a compatible city (``exact_name``), or a fuzzy name
above its threshold and margin (``fuzzy_name``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from industry_brain.accounts.principal import Principal
from industry_brain.db import Database
from industry_brain.enterprise.actions import do_merge_enterprise
from industry_brain.enterprise.models import EnterpriseMerge
from industry_brain.enterprise.resolution import Candidate, Resolver

if TYPE_CHECKING:
    import duckdb

# The latest name and city of each code of the loaded registry rows (provisional or real).
_LATEST = """
SELECT r.uscc, r.name, a.city_code
FROM ods.registry AS r
JOIN ref.batches AS b ON b.batch_id = r._batch_id AND b.status = 'loaded'
LEFT JOIN ref.address_regions AS a ON a.address = r.address
WHERE r.name IS NOT NULL AND starts_with(r.uscc, 'P') = ?
QUALIFY row_number() OVER (PARTITION BY r.uscc ORDER BY b.received_at DESC, r._row DESC) = 1
ORDER BY r.uscc
"""


@dataclass(frozen=True)
class Proposal:
    """A provisional id that resolves to a real code."""

    provisional_id: str
    provisional_name: str
    uscc: str
    matched_name: str
    method: str
    score: float


def propose_merges(
    con: duckdb.DuckDBPyConnection, *, skip: set[tuple[str, str]], merged: set[str]
) -> list[Proposal]:
    """Return a merge for every provisional id not yet ``merged`` that resolves to a real code.

    ``skip`` holds (provisional id, code) pairs an operator undid: they are not proposed.
    """
    known = [Candidate(u, n, c) for u, n, c in con.execute(_LATEST, [False]).fetchall()]
    provisional = [row for row in con.execute(_LATEST, [True]).fetchall() if row[0] not in merged]
    if not known or not provisional:
        return []
    resolver = Resolver(known)
    proposals = []
    for code, name, city in provisional:
        match = resolver.resolve_one(name, city)
        if match.method == "new" or match.provisional or (code, match.uscc) in skip:
            continue
        proposals.append(
            Proposal(code, name, match.uscc, match.matched_name or "", match.method, match.score)
        )
    return proposals


def merge_step(con: duckdb.DuckDBPyConnection, *, database: Database, actor: Principal) -> int:
    """Record the proposed merges, write ``ref.enterprise_merges``; return how many were new."""
    with database.reader() as db:
        rows = db.execute(
            select(EnterpriseMerge.provisional_id, EnterpriseMerge.uscc, EnterpriseMerge.status)
        ).all()
    skip = {(p, u) for p, u, status in rows if status == "undone"}
    merged = {p for p, _, status in rows if status == "active"}
    proposals = propose_merges(con, skip=skip, merged=merged)
    for proposal in proposals:
        with database.writer() as db:
            do_merge_enterprise(
                db,
                actor=actor,
                provisional_id=proposal.provisional_id,
                uscc=proposal.uscc,
                provisional_name=proposal.provisional_name,
                matched_name=proposal.matched_name,
                method=proposal.method,
                score=proposal.score,
                reason="数据管道自动识别",
            )
    write_merge_reference(con, database=database)
    return len(proposals)


def write_merge_reference(con: duckdb.DuckDBPyConnection, *, database: Database) -> None:
    """Replace ``ref.enterprise_merges`` with the active merges."""
    from industry_brain.warehouse.pipeline.reference import replace_reference

    with database.reader() as db:
        rows = db.execute(
            select(EnterpriseMerge.provisional_id, EnterpriseMerge.uscc).where(
                EnterpriseMerge.status == "active"
            )
        ).all()
    replace_reference(con, "enterprise_merges", [tuple(row) for row in rows])
