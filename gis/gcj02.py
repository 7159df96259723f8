"""GCJ-02 ("Mars coordinates"), the obfuscated datum Chinese phone maps and WeChat report in,
and reading coordinates a user types or a phone sends.

GCJ-02 is WGS84 shifted by a published, smooth, position-dependent offset of a few hundred
metres. The forward formula (WGS84 -> GCJ-02) is the well-known one (Krasovsky ellipsoid
parameters and the sine series circulating since 2009, e.g. in eviltransform); it has no
closed-form inverse, so `gcj02_to_wgs84` iterates the forward formula to a fixed point
(better than 1e-9 degree, far below the required 1e-6). Outside China the offset is not
applied: coordinates pass through unchanged both ways (the usual rectangle test).

CGCS2000 (EPSG:4490, GridDesk's storage datum) and WGS84 agree within a few centimetres in
China (PROJ itself treats the transformation as a null shift), so WGS84 input is stored as
is. Every function takes scalars or numpy arrays.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

# Krasovsky 1940, the ellipsoid the GCJ-02 offset formula uses
_A = 6378245.0
_EE = 0.00669342162296594323

# The rectangle the offset applies in (outside it coordinates pass through)
CHINA_LON = (72.004, 137.8347)
CHINA_LAT = (0.8293, 55.8271)

INVERSE_TOLERANCE_DEG = 1e-10
INVERSE_MAX_ITERATIONS = 40


class CoordSystem(StrEnum):
    """The geographic systems coordinates may arrive in."""

    CGCS2000 = "cgcs2000"  # EPSG:4490, storage
    WGS84 = "wgs84"  # GPS; within centimetres of CGCS2000
    GCJ02 = "gcj02"  # phone maps, WeChat


def out_of_china(lon: Any, lat: Any) -> Any:
    """True where (lon, lat) lies outside the rectangle GCJ-02 shifts (scalar or array)."""
    lon_a = np.asarray(lon, dtype=float)
    lat_a = np.asarray(lat, dtype=float)
    out = (lon_a < CHINA_LON[0]) | (lon_a > CHINA_LON[1]) | (lat_a < CHINA_LAT[0])
    out = out | (lat_a > CHINA_LAT[1])
    return bool(out) if np.ndim(out) == 0 else out


def _offset(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The GCJ-02 shift (dlon, dlat) in degrees at WGS84 (lon, lat)."""
    x = lon - 105.0
    y = lat - 35.0
    pi = math.pi
    common = (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat = dlat + common
    dlat = dlat + (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    dlat = dlat + (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon = dlon + common
    dlon = dlon + (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    dlon = dlon + (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * pi
    magic = 1.0 - _EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad_lat) * pi)
    return dlon, dlat


def _pack(lon: np.ndarray, lat: np.ndarray, scalar: bool) -> tuple[Any, Any]:
    if scalar:
        return float(lon), float(lat)
    return lon, lat


def wgs84_to_gcj02(lon: Any, lat: Any) -> tuple[Any, Any]:
    """WGS84 (or CGCS2000) lon/lat to GCJ-02; unchanged outside China."""
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    lon_a = np.asarray(lon, dtype=float)
    lat_a = np.asarray(lat, dtype=float)
    dlon, dlat = _offset(lon_a, lat_a)
    keep = np.asarray(out_of_china(lon_a, lat_a))
    out_lon = np.where(keep, lon_a, lon_a + dlon)
    out_lat = np.where(keep, lat_a, lat_a + dlat)
    return _pack(out_lon, out_lat, scalar)


def gcj02_to_wgs84(lon: Any, lat: Any) -> tuple[Any, Any]:
    """GCJ-02 lon/lat to WGS84 by fixed-point iteration of the forward formula.

    Converges to better than 1e-9 degree in a handful of steps (the offset changes slowly
    with position); unchanged outside China."""
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    glon = np.asarray(lon, dtype=float)
    glat = np.asarray(lat, dtype=float)
    keep = np.asarray(out_of_china(glon, glat))
    wlon = glon.copy()
    wlat = glat.copy()
    for _ in range(INVERSE_MAX_ITERATIONS):
        flon, flat = wgs84_to_gcj02(wlon, wlat)
        elon = np.asarray(flon) - glon
        elat = np.asarray(flat) - glat
        wlon = wlon - elon
        wlat = wlat - elat
        if (
            float(np.max(np.abs(elon), initial=0.0)) < INVERSE_TOLERANCE_DEG
            and float(np.max(np.abs(elat), initial=0.0)) < INVERSE_TOLERANCE_DEG
        ):
            break
    wlon = np.where(keep, glon, wlon)
    wlat = np.where(keep, glat, wlat)
    return _pack(wlon, wlat, scalar)


def to_storage(lon: Any, lat: Any, system: CoordSystem | str) -> tuple[Any, Any]:
    """Coordinates in `system` to the storage datum (CGCS2000 lon/lat)."""
    system = CoordSystem(system)
    if system is CoordSystem.GCJ02:
        return gcj02_to_wgs84(lon, lat)
    if np.ndim(lon) == 0 and np.ndim(lat) == 0:
        return float(lon), float(lat)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def from_storage(lon: Any, lat: Any, system: CoordSystem | str) -> tuple[Any, Any]:
    """Storage (CGCS2000) lon/lat to `system`."""
    system = CoordSystem(system)
    if system is CoordSystem.GCJ02:
        return wgs84_to_gcj02(lon, lat)
    if np.ndim(lon) == 0 and np.ndim(lat) == 0:
        return float(lon), float(lat)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


# --------------------------------------------------------------------------- typed input


@dataclass(frozen=True, slots=True)
class ParsedCoordinate:
    """A coordinate read from text: storage lon/lat plus what was typed."""

    lon: float  # CGCS2000
    lat: float
    system: CoordSystem  # what the input was read as
    input_lon: float
    input_lat: float


_SYSTEM_WORDS: dict[str, CoordSystem] = {
    "gcj": CoordSystem.GCJ02,
    "gcj02": CoordSystem.GCJ02,
    "gcj-02": CoordSystem.GCJ02,
    "火星": CoordSystem.GCJ02,
    "wechat": CoordSystem.GCJ02,
    "微信": CoordSystem.GCJ02,
    "wgs": CoordSystem.WGS84,
    "wgs84": CoordSystem.WGS84,
    "wgs-84": CoordSystem.WGS84,
    "gps": CoordSystem.WGS84,
    "cgcs": CoordSystem.CGCS2000,
    "cgcs2000": CoordSystem.CGCS2000,
    "4490": CoordSystem.CGCS2000,
    "epsg:4490": CoordSystem.CGCS2000,
    "4326": CoordSystem.WGS84,
    "epsg:4326": CoordSystem.WGS84,
}
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_PAIR = re.compile(
    rf"^\s*(?:(?P<sys>[A-Za-z\u4e00-\u9fff:\-0-9]+?)\s*[:：]?\s+)?"
    rf"(?P<a>{_NUMBER})\s*°?\s*(?P<ah>[NSEWnsew北南东西]?)\s*[,，;\s]\s*"
    rf"(?P<b>{_NUMBER})\s*°?\s*(?P<bh>[NSEWnsew北南东西]?)\s*$"
)
_LAT_HEMI = set("NSns北南")


def parse_lonlat(
    text: str, default_system: CoordSystem | str = CoordSystem.CGCS2000
) -> ParsedCoordinate | None:
    """Read "121.20, 31.16", "31.16N 121.20E", "gcj02: 121.2 31.16", "WGS84 121.2,31.16".

    Longitude comes first unless hemisphere letters say otherwise or the first number
    cannot be a longitude in China's range while the second can. Returns None when the
    text is not a coordinate pair. The result is in the storage datum."""
    raw = text.strip()
    system = CoordSystem(default_system)
    m = _PAIR.match(raw)
    if m is None:
        return None
    word = (m.group("sys") or "").strip().lower().rstrip(":：")
    if word:
        found = _SYSTEM_WORDS.get(word)
        if found is None:
            return None
        system = found
    a, b = float(m.group("a")), float(m.group("b"))
    ah, bh = m.group("ah"), m.group("bh")
    if (ah and ah in _LAT_HEMI) or (bh and bh not in _LAT_HEMI):
        a, b = b, a
        ah, bh = bh, ah
    elif not ah and not bh and abs(a) <= 60 and abs(b) > 60:
        a, b = b, a  # "31.16, 121.20": latitude first
    lon, lat = a, b
    if ah and ah in "Ww西":
        lon = -abs(lon)
    if bh and bh in "Ss南":
        lat = -abs(lat)
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        return None
    slon, slat = to_storage(lon, lat, system)
    return ParsedCoordinate(float(slon), float(slat), system, lon, lat)
