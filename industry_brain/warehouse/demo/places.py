"""Where the demo enterprises are registered: 常州市 for the cluster, real counties elsewhere.

Region names and codes come from ``industry_brain.codes.regions`` (GB/T 2260); this module
only adds what the region table lacks: road and town names for addresses, and how the
outside pool spreads over provinces (weighted towards the NEV hubs).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from industry_brain.codes.regions import Region, children, get_region

CITY_CODE = "320400"

# District code → (share of the cluster's enterprises, roads, towns/streets).
_DISTRICTS: dict[str, tuple[float, tuple[str, ...], tuple[str, ...]]] = {
    "320402": (
        0.09,
        (
            "延陵东路",
            "竹林北路",
            "青洋北路",
            "龙锦路",
            "劳动东路",
            "中吴大道",
            "关河东路",
            "青龙东路",
        ),
        ("郑陆镇", "青龙街道", "茶山街道"),
    ),
    "320404": (
        0.09,
        (
            "延陵西路",
            "怀德南路",
            "玉龙南路",
            "星港路",
            "勤业路",
            "飞龙西路",
            "童子河西路",
            "枫林路",
        ),
        ("邹区镇", "北港街道", "西林街道"),
    ),
    "320411": (
        0.27,
        ("太湖东路", "通江中路", "长江北路", "黄河西路", "汉江路", "华山中路", "辽河路", "衡山路"),
        ("春江街道", "薛家镇", "罗溪镇", "孟河镇", "西夏墅镇"),
    ),
    "320412": (
        0.31,
        (
            "常武中路",
            "延政中路",
            "武宜南路",
            "聚湖路",
            "西太湖大道",
            "凤林南路",
            "龙翔路",
            "腾龙路",
        ),
        ("湖塘镇", "礼嘉镇", "牛塘镇", "遥观镇", "横林镇", "洛阳镇", "前黄镇", "雪堰镇"),
    ),
    "320413": (
        0.12,
        ("华城路", "南环二路", "江东大道", "汇贤中路", "金坛大道", "华阳北路"),
        ("儒林镇", "薛埠镇", "朱林镇", "直溪镇", "尧塘街道"),
    ),
    "320481": (
        0.12,
        ("昆仑北路", "燕山中路", "城北大道", "天目湖大道", "泓口路", "育才南路"),
        ("昆仑街道", "埭头镇", "上兴镇", "社渚镇", "别桥镇", "竹箦镇"),
    ),
}
DISTRICT_CODES: tuple[str, ...] = tuple(_DISTRICTS)

_OUTSIDE_ROADS = (
    "兴业路", "创新大道", "科技路", "长江路", "人民路", "建设路", "新华路", "中山路",
    "工业大道", "迎宾大道", "开发大道", "滨江路", "黄河路", "东环路", "创业路", "光明路",
    "友谊路", "经开大道", "高新大道", "湖滨路",
)  # fmt: skip
_ZONES = ("经济技术开发区", "高新技术产业开发区", "工业园区", "", "", "")

# Provinces of the outside pool and their weights (NEV hubs weigh more).
_PROVINCE_WEIGHTS: dict[str, float] = {
    "440000": 12, "330000": 12, "340000": 10, "310000": 8, "370000": 7, "360000": 5,
    "510000": 5, "420000": 5, "350000": 4, "430000": 4, "410000": 4, "500000": 3,
    "110000": 3, "120000": 2, "130000": 2, "210000": 2, "610000": 2, "220000": 1.5,
    "450000": 1.5, "150000": 1, "630000": 1, "520000": 1, "530000": 1, "140000": 1,
    "230000": 0.5, "620000": 0.5, "650000": 0.5, "460000": 0.5, "640000": 0.3,
}  # fmt: skip
# Cities that weigh more within their province (hubs of batteries, vehicles, materials).
_CITY_WEIGHTS: dict[str, float] = {
    "440300": 4, "440100": 3, "441300": 2, "330200": 3, "330100": 3, "340100": 5,
    "350900": 3, "360900": 3, "360700": 2, "511500": 3, "510100": 3, "420100": 4,
    "430100": 3, "370200": 2, "410100": 3, "150200": 3, "630100": 2, "632800": 2,
    "610100": 3, "220100": 3, "450200": 3,
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    """A registration place: the county-level region and a street address inside it."""

    region: Region
    address: str


def district_weights() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Return the cluster's district codes and the share of enterprises in each."""
    return DISTRICT_CODES, tuple(share for share, _, _ in _DISTRICTS.values())


def _house_number(rng: random.Random) -> int:
    return int(rng.paretovariate(1.1) * 8) % 998 + 1


def local_place(rng: random.Random, district_code: str) -> Place:
    """Return an address in one of the cluster's districts, e.g. 江苏省常州市武进区常武中路18号."""
    region = _region(district_code)
    _, roads, towns = _DISTRICTS[district_code]
    town = rng.choice(towns) if rng.random() < 0.35 else ""
    address = f"{region.full_name}{town}{rng.choice(roads)}{_house_number(rng)}号"
    return Place(region, address)


def outside_place(rng: random.Random, province_codes: tuple[str, ...] = ()) -> Place:
    """Return an address in a real county of another province (optionally one of these)."""
    if province_codes and rng.random() < 0.6:
        province = rng.choice(province_codes)
    else:
        codes = tuple(_PROVINCE_WEIGHTS)
        province = rng.choices(codes, weights=tuple(_PROVINCE_WEIGHTS.values()))[0]
    cities = _cities(province)
    city = rng.choices(cities, weights=[_CITY_WEIGHTS.get(c.code, 1.0) for c in cities])[0]
    counties = _counties(city.code)
    region = rng.choice(counties) if counties else city
    zone = rng.choice(_ZONES)
    address = f"{region.full_name}{zone}{rng.choice(_OUTSIDE_ROADS)}{_house_number(rng)}号"
    return Place(region, address)


# Sites scatter around the district's centre: about 4 km either way, at most 9 km.
_SITE_SPREAD_DEGREES = 0.035
_SITE_LIMIT_DEGREES = 0.08


def site_coordinates(uscc: str, region: Region) -> tuple[float, float]:
    """Return a synthetic site (longitude, latitude) near the region's centre.

    Drawn from a stream of its own, seeded by the code, so that adding coordinates leaves
    every other draw of the generator as it was.
    """
    rng = random.Random(f"site:{uscc}")

    def offset() -> float:
        drawn = rng.gauss(0, _SITE_SPREAD_DEGREES)
        return max(-_SITE_LIMIT_DEGREES, min(_SITE_LIMIT_DEGREES, drawn))

    return round(region.longitude + offset(), 6), round(region.latitude + offset(), 6)


def city_short_name(region: Region) -> str:
    """Return the short name of the region's city for enterprise names, e.g. 宁波 or 深圳市."""
    city = region if region.level != "county" else _region(region.parent or region.code)
    name = city.name
    if name.endswith("市") and len(name) > 2:
        return name[:-1]
    return name[:2]


def district_short_name(district_code: str) -> str:
    """Return how a branch's name calls one of the cluster's districts, e.g. 武进 or 溧阳."""
    name = _region(district_code).name
    return name[:-1] if len(name) > 2 and name[-1] in "区市县" else name


def _region(code: str) -> Region:
    region = get_region(code)
    if region is None:
        raise LookupError(f"region {code} is not in the GB/T 2260 table")
    return region


@lru_cache(maxsize=64)
def _cities(province_code: str) -> tuple[Region, ...]:
    found = tuple(region for region in children(province_code) if region.level == "city")
    return found or (_region(province_code),)


@lru_cache(maxsize=512)
def _counties(city_code: str) -> tuple[Region, ...]:
    return tuple(
        region
        for region in children(city_code)
        if region.level == "county" and region.name != "市辖区"
    )
