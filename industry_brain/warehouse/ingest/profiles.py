"""Import profiles: convert another format into a standard's CSV before the import proper.

A profile reads a file the operator received (here the 深圳证券交易所 A-share company list),
writes a UTF-8 CSV with the English keys of a standard as its header, and reports what it
did. Its output then goes through the ordinary import: validation, quarantine, ODS.

``szse`` → ``registry``: the list carries no 统一社会信用代码, so every company goes through
entity resolution (``industry_brain.enterprise.resolution``) against the known enterprises:
an exact or fuzzy name match takes the known code, any other company a provisional id
(deterministic, so a re-import gives the same ids). Columns:

- ``uscc``: the resolved code; ``name`` 公司全称; ``address`` 注册地址; ``status`` 存续.
- ``industry_code``: the 门类 letter of 所属行业 (CSRC 上市公司行业分类, 2012 letters),
  kept only where the CSRC section is the GB/T 4754-2017 section of the same letter
  (``CSRC_TO_GBT4754``): A 农、林、牧、渔业, B 采矿业, C 制造业, D 电力、热力、燃气及水生产和
  供应业, E 建筑业, F 批发和零售业, G 交通运输、仓储和邮政业, H 住宿和餐饮业, I 信息传输、
  软件和信息技术服务业, J 金融业, K 房地产业, L 租赁和商务服务业, M 科学研究和技术服务业,
  N 水利、环境和公共设施管理业, O 居民服务、修理和其他服务业, P 教育, Q 卫生和社会工作,
  R 文化、体育和娱乐业. CSRC S 综合 has no GB/T 4754 counterpart (GB/T 4754 S is 公共管理、
  社会保障和社会组织) and is left empty, as is a label the table does not know.
- Left empty, as the list does not give them: ``established_on`` (the list has the listing
  date, not the founding date), ``registered_capital_wan_yuan`` (it has the share count,
  not the registered capital), ``business_scope``, ``above_scale``, ``employees``.

省份 and 城市 are returned per written row, for ``resolve_addresses(result.addresses,
provinces=result.provinces, cities=result.cities)``; the 城市 is also resolved to its
GB/T 2260 city code here, to restrict name matching to the same city.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from industry_brain.enterprise.resolution import Candidate, Match, Resolver, normalize_name
from industry_brain.warehouse.ingest.errors import ImportFileError
from industry_brain.warehouse.ingest.reader import detect_encoding
from industry_brain.warehouse.standards import get_standard

__all__ = ["CSRC_TO_GBT4754", "PROFILES", "Profile", "ProfileResult", "szse_to_registry"]

SZSE_COLUMNS = ("公司全称", "注册地址", "省份", "城市", "所属行业")
EMPTY_NAME = "公司全称为空，无法识别企业"
# CSRC 上市公司行业分类 (2012) sections: the official name and the SZSE list's short label.
CSRC_SECTIONS = {
    "A": ("农、林、牧、渔业", "农林牧渔"),
    "B": ("采矿业", "采矿业"),
    "C": ("制造业", "制造业"),
    "D": ("电力、热力、燃气及水生产和供应业", "水电煤气"),
    "E": ("建筑业", "建筑业"),
    "F": ("批发和零售业", "批发零售"),
    "G": ("交通运输、仓储和邮政业", "运输仓储"),
    "H": ("住宿和餐饮业", "住宿餐饮"),
    "I": ("信息传输、软件和信息技术服务业", "信息技术"),
    "J": ("金融业", "金融业"),
    "K": ("房地产业", "房地产"),
    "L": ("租赁和商务服务业", "商务服务"),
    "M": ("科学研究和技术服务业", "科研服务"),
    "N": ("水利、环境和公共设施管理业", "公共环保"),
    "O": ("居民服务、修理和其他服务业", "居民服务"),
    "P": ("教育", "教育"),
    "Q": ("卫生和社会工作", "卫生"),
    "R": ("文化、体育和娱乐业", "文化传播"),
    "S": ("综合", "综合"),
}
CSRC_TO_GBT4754 = {letter: letter for letter in "ABCDEFGHIJKLMNOPQR"}


@dataclass(frozen=True)
class ProfileResult:
    """What a profile wrote: counts, skipped rows, and per written row its match and hints.

    Row numbers are the source file's as the operator sees them (header = row 1).
    """

    rows: int
    exact: int
    fuzzy: int
    provisional: int
    skipped: list[tuple[int, str]] = field(default_factory=list)
    source_rows: list[int] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    provinces: list[str | None] = field(default_factory=list)
    cities: list[str | None] = field(default_factory=list)
    city_codes: list[str | None] = field(default_factory=list)

    @property
    def matched(self) -> int:
        """Rows that took the code of a known enterprise (exact or fuzzy)."""
        return self.exact + self.fuzzy


class Profile(Protocol):
    """Convert ``source`` into a standard's CSV at ``target``."""

    def __call__(
        self, source: Path, target: Path, *, known: Sequence[Candidate]
    ) -> ProfileResult: ...


@dataclass
class _Row:
    number: int
    name: str
    address: str
    province: str | None
    city: str | None
    industry: str


def csrc_industry_code(label: str) -> str:
    """Return the GB/T 4754 门类 of a CSRC label such as ``C 制造业``, or ``""``."""
    letter, _, name = label.strip().partition(" ")
    if letter not in CSRC_TO_GBT4754 or name.strip() not in CSRC_SECTIONS[letter]:
        return ""
    return CSRC_TO_GBT4754[letter]


def _read_szse(source: Path) -> tuple[list[_Row], list[tuple[int, str]]]:
    encoding = detect_encoding(source, name=source.name)
    rows: list[_Row] = []
    skipped: list[tuple[int, str]] = []
    with source.open("r", encoding=encoding, newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in SZSE_COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            message = f"不是深交所上市公司列表：缺少列 {'、'.join(missing)}"
            raise ImportFileError(message, file=source.name, row=1)
        for number, record in enumerate(reader, start=2):
            name = (record["公司全称"] or "").strip()
            if not normalize_name(name):
                skipped.append((number, EMPTY_NAME))
                continue
            rows.append(
                _Row(
                    number=number,
                    name=name,
                    address=(record["注册地址"] or "").strip(),
                    province=(record["省份"] or "").strip() or None,
                    city=(record["城市"] or "").strip() or None,
                    industry=csrc_industry_code(record["所属行业"] or ""),
                )
            )
    return rows, skipped


def _city_codes(rows: Sequence[_Row]) -> list[str | None]:
    """GB/T 2260 city code of each row's (省份, 城市), each distinct pair resolved once."""
    from industry_brain.codes.regions import region_of_kind, resolve_addresses

    pairs = sorted({(row.province, row.city) for row in rows if row.city}, key=str)
    regions = resolve_addresses(
        [city or "" for _, city in pairs],
        provinces=[province for province, _ in pairs],
        cities=[city for _, city in pairs],
    )
    codes: dict[tuple[str | None, str | None], str | None] = {}
    for pair, region in zip(pairs, regions, strict=True):
        city_region = region_of_kind(region.code, "city") if region is not None else None
        codes[pair] = city_region.code if city_region is not None else None
    return [codes.get((row.province, row.city)) for row in rows]


def szse_to_registry(source: Path, target: Path, *, known: Sequence[Candidate]) -> ProfileResult:
    """Convert the SZSE A-share company list into a ``registry`` CSV; see the module text."""
    rows, skipped = _read_szse(source)
    city_codes = _city_codes(rows)
    records = [(row.name, code) for row, code in zip(rows, city_codes, strict=True)]
    matches = Resolver(known).resolve(records)
    keys = [column.key for column in get_standard("registry").columns]
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=keys, restval="")
        writer.writeheader()
        for row, match in zip(rows, matches, strict=True):
            writer.writerow(
                {
                    "uscc": match.uscc,
                    "name": row.name,
                    "address": row.address,
                    "industry_code": row.industry,
                    "status": "存续",
                    "province": row.province or "",
                    "city": row.city or "",
                }
            )
    return ProfileResult(
        rows=len(rows),
        exact=sum(match.method == "exact_name" for match in matches),
        fuzzy=sum(match.method == "fuzzy_name" for match in matches),
        provisional=sum(match.provisional for match in matches),
        skipped=skipped,
        source_rows=[row.number for row in rows],
        matches=matches,
        addresses=[row.address for row in rows],
        provinces=[row.province for row in rows],
        cities=[row.city for row in rows],
        city_codes=city_codes,
    )


PROFILES: dict[str, Profile] = {"szse": szse_to_registry}
