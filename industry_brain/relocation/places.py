"""Where a registry event points: inside the cluster's region, outside it, or unknown.

Two kinds of text are located: the new (and old) registered address of a 地址变更, and the
place in a branch's name (``常州某某有限公司合肥分公司`` → ``合肥``). Invariants:

- A text that starts with the name of the cluster's region or of a region inside it (full,
  e.g. 江苏省常州市; or short, e.g. 武进) is inside: a local district named alone (金坛, 新北)
  is not mistaken for a namesake elsewhere.
- A registered address already resolved by the warehouse (``ref.address_regions``, with the
  registry's province and city hints) keeps that region, so an address counts as inside
  exactly when ``ads_enterprise_profile.is_local`` would say so.
- Anything else goes through ``resolve_addresses`` (GB/T 2260 via cpca); it is outside only
  when the region found and the cluster's region are disjoint. A text that resolves to
  nothing, or only to a region containing the cluster's (e.g. 江苏省), is unknown: it never
  raises a signal.

Results are kept in ``relocation.places`` per cluster region (and ``VERSION`` of these rules),
so each text is resolved once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from industry_brain.codes.regions import Region, children, get_region, region_of_kind, region_prefix

if TYPE_CHECKING:
    import duckdb

PLACES = "relocation.places"
# Bump when the way texts are located changes: rows of another version are located again.
VERSION = 1
BRANCH_SUFFIX = re.compile(r"(分公司|分厂|分店|办事处|营业部|经营部|分支机构|分部)$")
_REGION_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|自治县|省|市|区|县|旗|盟)$")
# Distinct texts of the events that point somewhere: branch names, old and new addresses.
_TEXTS = """
SELECT DISTINCT kind, text FROM (
  SELECT 'branch' AS kind, after_value AS text FROM dwd.events WHERE event_type = '设立分支机构'
  UNION ALL
  SELECT 'address', after_value FROM dwd.events WHERE event_type = '地址变更'
  UNION ALL
  SELECT 'address', before_value FROM dwd.events WHERE event_type = '地址变更'
) AS t
WHERE text IS NOT NULL AND trim(text) <> ''
"""


def branch_place(name: str) -> str:
    """Return the place a branch's name gives: the part after the parent's 公司, without the
    branch suffix (常州某某有限公司合肥分公司 → 合肥; 上海分公司 → 上海)."""
    text = name.strip()
    if "公司" in text[:-3]:
        text = text[text[:-3].rfind("公司") + 2 :]
    return BRANCH_SUFFIX.sub("", text).strip()


def _short(name: str) -> str:
    stripped = _REGION_SUFFIX.sub("", name)
    return stripped if len(stripped) >= 2 else name


def _subtree(region: Region) -> list[Region]:
    found, pending = [], [region]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children(current.code))
    return found


def known_names(cluster_code: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Return the region names a text may start with, longest first, and those that must be the
    whole text, each with its code: the cluster's region and everything in it by full name,
    name and short name (武进); the rest of its province by full name and name (苏州市), by
    short name (苏州) only as the whole text. Names the province repeats are left out."""
    region = get_region(cluster_code)
    if region is None:
        return [], {}
    province = region_of_kind(region.code, "province") or region
    inside = {item.code for item in _subtree(region)}
    prefixes: dict[str, set[str]] = {region.full_name: {region.code}}
    whole: dict[str, set[str]] = {}
    for item in _subtree(province):
        local = item.code in inside
        for name in (item.full_name, item.name) if item.level == "province" else (item.name,):
            prefixes.setdefault(name, set()).add(item.code)
        (prefixes if local else whole).setdefault(_short(item.name), set()).add(item.code)
    unique = {name: codes.pop() for name, codes in prefixes.items() if len(codes) == 1}
    return (
        sorted(unique.items(), key=lambda item: (-len(item[0]), item[0])),
        {name: codes.pop() for name, codes in whole.items() if len(codes) == 1},
    )


def relation(code: str | None, cluster_code: str) -> bool | None:
    """Return True when the region is outside the cluster's, False when inside, None when
    unknown or when it contains the cluster's region."""
    if code is None:
        return None
    mine, theirs = region_prefix(cluster_code), region_prefix(code)
    if theirs.startswith(mine):
        return False
    if mine.startswith(theirs):
        return None
    return True


def _known_code(text: str, names: tuple[list[tuple[str, str]], dict[str, str]]) -> str | None:
    """Return the most specific region the text names by known names (江苏省常州市天宁区 →
    天宁区 through 江苏省 and 常州市), or None."""
    prefixes, whole = names
    code, rest = whole.get(text), text
    while match := next(((n, c) for n, c in prefixes if rest.startswith(n)), None):
        code, rest = match[1], rest[len(match[0]) :]
    return code


def locate(texts: Sequence[str], cluster_code: str) -> list[str | None]:
    """Return the region code each text points to (see the module's invariants), or None."""
    from industry_brain.codes.regions import resolve_addresses

    names = known_names(cluster_code)
    found: list[str | None] = []
    pending: dict[int, str] = {}
    for index, text in enumerate(texts):
        code = _known_code(text, names)
        found.append(code)
        if relation(code, cluster_code) is None and text:
            pending[index] = text
    resolved = resolve_addresses(list(pending.values()))
    for index, region in zip(pending, resolved, strict=True):
        if region is not None and relation(region.code, cluster_code) is not None:
            found[index] = region.code
        elif found[index] is None and region is not None:
            found[index] = region.code
    return found


def prepare_places(
    con: duckdb.DuckDBPyConnection, *, table: str = PLACES, temporary: bool = False
) -> int:
    """Locate the event texts not yet in ``table`` for the cluster's region; return how many
    were new. A ``temporary`` table serves backtests on a read-only lake."""
    cluster = con.execute("SELECT max(region_code) FROM ref.cluster").fetchone()
    cluster_code = cluster[0] if cluster else None
    con.execute(
        f"CREATE {'TEMP ' if temporary else ''}TABLE IF NOT EXISTS {table} (cluster_code VARCHAR, "
        "version INTEGER, kind VARCHAR, text VARCHAR, region_code VARCHAR, outside BOOLEAN)"
    )
    if cluster_code is None:
        return 0
    con.execute(
        f"DELETE FROM {table} WHERE cluster_code <> ? OR version <> ?", [cluster_code, VERSION]
    )
    rows = con.execute(
        f"SELECT t.kind, t.text, coalesce(a.county_code, a.city_code, a.province_code) "
        f"FROM ({_TEXTS}) AS t "
        "LEFT JOIN ref.address_regions AS a ON t.kind = 'address' AND a.address = t.text "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table} AS p WHERE p.kind = t.kind "
        "AND p.text = t.text) ORDER BY 1, 2"
    ).fetchall()
    if not rows:
        return 0
    unresolved = [i for i, row in enumerate(rows) if row[2] is None]
    places = [branch_place(row[1]) if row[0] == "branch" else row[1] for row in rows]
    codes = [row[2] for row in rows]
    for index, code in zip(
        unresolved, locate([places[i] for i in unresolved], cluster_code), strict=True
    ):
        codes[index] = code
    con.execute(
        f"INSERT INTO {table} SELECT ?, ?, unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
        "unnest(?::VARCHAR[]), unnest(?::BOOLEAN[])",
        [
            cluster_code,
            VERSION,
            [row[0] for row in rows],
            [row[1] for row in rows],
            codes,
            [relation(code, cluster_code) for code in codes],
        ],
    )
    return len(rows)
