"""Classification results kept in the lake, so that a re-run classifies only what changed.

A result depends on the enterprise's text (name, 经营范围, products, industry code), the
template and the confirmed labels (they train the classifier). Each result is stored with
a hash of the text, under a fingerprint of the template file, the labels and the classifier
version; a run reuses a result when both match and classifies the rest. Monthly re-runs of
an unchanged registry therefore cost a lookup instead of a classification.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from industry_brain.chain.classify import Candidate, Enterprise, Label
from industry_brain.chain.template import ChainTemplate

if TYPE_CHECKING:
    import duckdb

# Bump when the classifier's method changes, so that stored results are not reused.
CLASSIFIER_VERSION = "1"
TABLE = "chain.classified"


def fingerprint(template: ChainTemplate, labels: Sequence[Label]) -> str:
    """Return the fingerprint of what, besides the text, decides a result."""
    digest = hashlib.sha256(CLASSIFIER_VERSION.encode())
    digest.update(repr(template).encode())
    for enterprise, node_id in sorted(labels, key=lambda label: (label[0].name, label[1] or "")):
        digest.update(f"\x00{text_hash(enterprise)}\x01{node_id or ''}".encode())
    return digest.hexdigest()


def text_hash(enterprise: Enterprise) -> str:
    """Return a short hash of the fields the classifier reads."""
    fields = (
        enterprise.name,
        enterprise.business_scope,
        enterprise.products,
        enterprise.industry_code,
    )
    return hashlib.blake2b("\x1f".join(fields).encode(), digest_size=12).hexdigest()


def load(
    con: duckdb.DuckDBPyConnection, template: ChainTemplate, print_: str
) -> dict[str, tuple[str, list[Candidate]]]:
    """Return the stored results of this fingerprint: uscc → (text hash, candidates)."""
    _ensure(con)
    rows = con.execute(
        f"SELECT uscc, text_hash, candidates FROM {TABLE} "
        "WHERE template_id = ? AND fingerprint = ?",
        [template.id, print_],
    ).fetchall()
    nodes = {node.id: node for node in template.nodes}
    found = {}
    for uscc, hashed, stored in rows:
        candidates = [
            Candidate(
                node_id, nodes[node_id].name, nodes[node_id].stage, confidence, tuple(evidence)
            )
            for node_id, confidence, evidence in json.loads(stored)
            if node_id in nodes
        ]
        found[uscc] = (hashed, candidates)
    return found


def store(
    con: duckdb.DuckDBPyConnection,
    template: ChainTemplate,
    print_: str,
    results: dict[str, tuple[str, list[Candidate]]],
) -> None:
    """Replace the template's stored results with these."""
    _ensure(con)
    con.execute(f"DELETE FROM {TABLE} WHERE template_id = ?", [template.id])
    if not results:
        return
    codes = list(results)
    hashes = [results[code][0] for code in codes]
    stored = [
        json.dumps(
            [[c.node_id, c.confidence, list(c.evidence)] for c in results[code][1]],
            ensure_ascii=False,
        )
        for code in codes
    ]
    con.execute(
        f"INSERT INTO {TABLE} SELECT ?, ?, unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
        "unnest(?::VARCHAR[])",
        [template.id, print_, codes, hashes, stored],
    )


def _ensure(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS chain")
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (template_id VARCHAR, fingerprint VARCHAR, "
        "uscc VARCHAR, text_hash VARCHAR, candidates VARCHAR)"
    )
