"""Map geometry by adcode: the operator's files first, then the bundled echarts@4.9.0 maps.

The bundled files (npm ``echarts@4.9.0``, copied by ``make assets`` into
``web/static/vendor/maps/``) are compressed (``"UTF8Encoding": true``); ECharts 6's
``registerMap`` decodes them (``parseGeoJson``), so they are served as they are, not decoded
here. Invariants of what is served:

- ``100000`` → ``china.json`` (provinces); ``XX0000`` → ``province/<pinyin>.json`` (its
  cities; the districts for a 直辖市); a city → its outline from ``china-cities.json``. The
  bundled files have no county polygons: counties come only from the operator's folder.
- A file ``<adcode>.json`` in ``IB_MAP_DIR`` wins over the bundled one for that code.
- Every feature carries ``properties.adcode`` (from its ``id``, else the operator's
  ``adcode`` or ``id`` property; outdated codes of echarts@4.9.0 mapped to today's), so the
  page joins figures on codes. Names are left alone: ECharts' fixes of the national map
  (南海诸岛, 钓鱼岛) key on them.
- The collection says which code it is (``ib_code``) and where it came from (``ib_source``:
  ``operator`` or ``echarts@4.9.0``); anything else in an operator's file (e.g. its
  ``review_number``, the 审图号 the page shows) passes through unchanged.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from industry_brain.codes.regions import get_region
from industry_brain.errors import NotFoundError, ValidationFailedError

COUNTRY = "100000"
BUNDLED = "echarts@4.9.0"
OPERATOR = "operator"
BUNDLED_DIR = Path(__file__).resolve().parents[1] / "web" / "static" / "vendor" / "maps"
# echarts@4.9.0 names its province files by pinyin; shanxi is 山西 (14), shanxi1 is 陕西 (61).
PROVINCE_FILES = {
    "110000": "beijing", "120000": "tianjin", "130000": "hebei", "140000": "shanxi",
    "150000": "neimenggu", "210000": "liaoning", "220000": "jilin", "230000": "heilongjiang",
    "310000": "shanghai", "320000": "jiangsu", "330000": "zhejiang", "340000": "anhui",
    "350000": "fujian", "360000": "jiangxi", "370000": "shandong", "410000": "henan",
    "420000": "hubei", "430000": "hunan", "440000": "guangdong", "450000": "guangxi",
    "460000": "hainan", "500000": "chongqing", "510000": "sichuan", "520000": "guizhou",
    "530000": "yunnan", "540000": "xizang", "610000": "shanxi1", "620000": "gansu",
    "630000": "qinghai", "640000": "ningxia", "650000": "xinjiang", "710000": "taiwan",
    "810000": "xianggang", "820000": "aomen",
}  # fmt: skip
# Codes of echarts@4.9.0 that GB/T 2260 has since replaced (地区 → 市, 莱芜 into 济南 …).
LEGACY_CODES = {
    "542200": "540500", "542400": "540600", "542600": "540400", "652100": "650400",
    "652200": "650500", "469003": "460400", "371200": "370100", "500228": "500155",
    "500232": "500156",
}  # fmt: skip


@dataclass(frozen=True)
class Geometry:
    """A GeoJSON FeatureCollection ready to send, with where it came from."""

    code: str
    source: str
    body: bytes
    etag: str


def _annotated(collection: dict[str, Any], *, source: str) -> dict[str, Any]:
    """Give every feature ``properties.adcode`` and the collection its source."""
    for feature in collection["features"]:
        properties = feature.get("properties") or {}
        found = feature.get("id") or properties.get("adcode") or properties.get("id")
        code = str(found) if found is not None else None
        properties["adcode"] = LEGACY_CODES.get(code, code) if code else None
        feature["properties"] = properties
    collection["ib_source"] = source
    return collection


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise NotFoundError(f"随附地图文件 {path.name} 缺失：请运行 make assets")
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise ValidationFailedError(f"地图文件 {path} 不是 GeoJSON FeatureCollection")
    return data


def _geometry(code: str, collection: dict[str, Any], *, source: str) -> Geometry:
    collection = {**_annotated(collection, source=source), "ib_code": code}
    body = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
    return Geometry(code, source, body, hashlib.sha256(body).hexdigest()[:32])


@lru_cache(maxsize=64)
def _operator_geometry(path: str, code: str, modified_ns: int, size: int) -> Geometry:
    """Read an operator's file once per version (its mtime and size are part of the key)."""
    del modified_ns, size
    return _geometry(code, _read(Path(path)), source=OPERATOR)


@lru_cache(maxsize=64)
def _bundled_geometry(name: str, code: str) -> Geometry:
    return _geometry(code, _read(BUNDLED_DIR / name), source=BUNDLED)


@lru_cache(maxsize=1)
def _cities() -> dict[str, Any]:
    """Return china-cities.json with its features' adcodes."""
    return _annotated(_read(BUNDLED_DIR / "china-cities.json"), source=BUNDLED)


@lru_cache(maxsize=1)
def _city_outlines() -> dict[str, list[dict[str, Any]]]:
    """Return the features of china-cities.json by today's city code."""
    found: dict[str, list[dict[str, Any]]] = {}
    for feature in _cities()["features"]:
        found.setdefault(feature["properties"]["adcode"], []).append(feature)
    return found


@lru_cache(maxsize=512)
def _city_geometry(code: str) -> Geometry:
    # The file's encoding flags go with its features, or ECharts would not decode them.
    header = {key: value for key, value in _cities().items() if key != "features"}
    collection = {**header, "features": _city_outlines()[code]}
    return _geometry(code, json.loads(json.dumps(collection)), source=BUNDLED)


def _override(code: str, map_dir: Path | None) -> Path | None:
    if map_dir is None:
        return None
    path = map_dir / f"{code}.json"
    return path if path.is_file() else None


def _bundled_name(code: str) -> str | None:
    if code == COUNTRY:
        return "china.json"
    if code in PROVINCE_FILES:
        return f"province/{PROVINCE_FILES[code]}.json"
    return None


def has_geometry(*, code: str, map_dir: Path | None) -> bool:
    """Tell whether a region has a map of its own (operator's or bundled)."""
    if _override(code, map_dir) or _bundled_name(code):
        return True
    return code in _city_outlines()


def geometry(*, code: str, map_dir: Path | None) -> Geometry:
    """Return the GeoJSON of a region: the operator's file, else the bundled one."""
    override = _override(code, map_dir)
    if override is not None:
        stat = override.stat()
        return _operator_geometry(str(override), code, stat.st_mtime_ns, stat.st_size)
    name = _bundled_name(code)
    if name is not None:
        return _bundled_geometry(name, code)
    if code in _city_outlines():
        return _city_geometry(code)
    if code != COUNTRY and get_region(code) is None:
        raise NotFoundError(f"行政区划代码“{code}”不存在（GB/T 2260）")
    raise NotFoundError(
        f"没有区划 {code} 的地图：随附地图（{BUNDLED}）只含全国、省级和地级轮廓，"
        "区县边界可由运营方放入 IB_MAP_DIR（见 docs/map.md）"
    )


def geometry_code(*, code: str, map_dir: Path | None) -> str:
    """Return the code of the map to draw a region on: its own, else its nearest ancestor's."""
    current = get_region(code) if code != COUNTRY else None
    while current is not None:
        if has_geometry(code=current.code, map_dir=map_dir):
            return current.code
        current = get_region(current.parent) if current.parent else None
    return COUNTRY
