"""Enterprise search by name, former name or 统一社会信用代码 (the header box and its API).

An in-process index (``_search_index.NameIndex``) over ``ads_enterprise_profile`` and
``ads_enterprise_names`` answers each query in memory; it is rebuilt when a pipeline run
(which republishes those tables) has started or finished since it was built, which costs one
indexed read of the jobs table per search. Why not SQL: docs/adr/0006-enterprise-search.md.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.orm import Session

from industry_brain.enterprise.profile_reads import NAMES
from industry_brain.enterprise.schemas import SearchHit, SearchResult
from industry_brain.enterprise.uscc import CODE_QUERY
from industry_brain.warehouse.pipeline.publish import (
    ENTERPRISE_PROFILE,
    is_published,
    publication_marker,
)

if TYPE_CHECKING:
    from industry_brain.enterprise._search_index import NameIndex

MAX_LIMIT = 50
_CACHED_DATABASES = 4
_LOCK = threading.Lock()
_INDEXES: OrderedDict[str, tuple[tuple[object, ...], NameIndex]] = OrderedDict()


def like_escape(text: str) -> str:
    """Return ``text`` for a LIKE pattern with ``ESCAPE '\\'``: ``%`` and ``_`` match
    themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def code_query(query: str) -> str | None:
    """Return the query as the start of a 统一社会信用代码 (2–18 code characters, spaces
    dropped, upper-cased), or None if it cannot be one."""
    code = "".join(query.split()).upper()
    return code if CODE_QUERY.fullmatch(code) else None


def _load(db: Session) -> NameIndex:
    """Read the published enterprises (largest 12-month revenue first) and their names."""
    # numpy and the index load with the first search, not with the app.
    from industry_brain.enterprise._search_index import Enterprise, NameIndex, NameRow

    if not is_published(db, ENTERPRISE_PROFILE):
        return NameIndex([], [])
    rows = db.execute(
        text(
            f"SELECT uscc, name, industry_name, status, is_local FROM {ENTERPRISE_PROFILE} "
            "ORDER BY revenue_12m_wan_yuan DESC NULLS LAST, uscc"
        )
    ).all()
    shared: dict[str, str] = {}  # one string object per distinct industry or status
    enterprises = [
        Enterprise(
            uscc,
            name,
            shared.setdefault(industry, industry) if industry else None,
            shared.setdefault(status, status) if status else None,
            None if local is None else bool(local),
        )
        for uscc, name, industry, status, local in rows
    ]
    position = {e.uscc: i for i, e in enumerate(enterprises)}
    names = [NameRow(i, e.name, former=False) for i, e in enumerate(enterprises)]
    if is_published(db, NAMES):
        former = db.execute(text(f"SELECT uscc, name FROM {NAMES} WHERE NOT is_current"))
        names += [
            NameRow(position[uscc], name, former=True)
            for uscc, name in former
            if uscc in position and name and name != enterprises[position[uscc]].name
        ]
    return NameIndex(enterprises, names)


def name_index(db: Session) -> NameIndex:
    """Return the index of the session's database, rebuilt if a pipeline ran since."""
    url = db.get_bind().engine.url.render_as_string(hide_password=True)
    marker = publication_marker(db)
    cached = _INDEXES.get(url)
    if cached and cached[0] == marker:
        return cached[1]
    with _LOCK:
        cached = _INDEXES.get(url)
        if not (cached and cached[0] == marker):
            cached = (marker, _load(db))
            _INDEXES[url] = cached
            _INDEXES.move_to_end(url)
            while len(_INDEXES) > _CACHED_DATABASES:
                _INDEXES.popitem(last=False)
    return cached[1]


def search(db: Session, *, query: str, limit: int = 10) -> SearchResult:
    """Find enterprises by code (exact or prefix), current or former name (exact, prefix,
    substring) or a similar name (typos, reordered words); best first."""
    query = query.strip()[:100]
    limit = max(1, min(limit, MAX_LIMIT))
    matches = name_index(db).search(query, limit=limit) if query else []
    return SearchResult(
        query=query,
        hits=[
            SearchHit(
                uscc=m.enterprise.uscc,
                name=m.enterprise.name,
                matched_name=m.matched,
                field=m.field,
                match=m.tier,
                score=m.score,
                industry_name=m.enterprise.industry_name,
                status=m.enterprise.status,
                is_local=m.enterprise.is_local,
            )
            for m in matches
        ],
    )
