"""gis.gcj02: the GCJ-02 offset against published vectors, its inverse, pass-through outside
China, and reading typed coordinates (no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from gis.gcj02 import (
    CoordSystem,
    from_storage,
    gcj02_to_wgs84,
    out_of_china,
    parse_lonlat,
    to_storage,
    wgs84_to_gcj02,
)

# The test vectors published with eviltransform (github.com/googollee/eviltransform, the
# reference implementation most ports test against): (WGS84 lat, lng, GCJ-02 lat, lng).
PUBLISHED = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), PUBLISHED)
def test_forward_matches_the_published_vectors(
    wlat: float, wlon: float, glat: float, glon: float
) -> None:
    lon, lat = wgs84_to_gcj02(wlon, wlat)
    assert lon == pytest.approx(glon, abs=1e-9)
    assert lat == pytest.approx(glat, abs=1e-9)


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), PUBLISHED)
def test_inverse_recovers_wgs84_far_better_than_1e6_degree(
    wlat: float, wlon: float, glat: float, glon: float
) -> None:
    lon, lat = gcj02_to_wgs84(glon, glat)
    assert abs(lon - wlon) < 1e-8 and abs(lat - wlat) < 1e-8


def test_round_trip_over_china_vectorised() -> None:
    rng = np.random.default_rng(7)
    lon = rng.uniform(73.5, 134.5, 5000)
    lat = rng.uniform(18.5, 53.0, 5000)
    glon, glat = wgs84_to_gcj02(lon, lat)
    # the offset is a few hundred metres, never zero and never kilometres
    shift = np.hypot((glon - lon) * 111_000 * np.cos(np.radians(lat)), (glat - lat) * 111_000)
    assert shift.min() > 1 and shift.max() < 1500
    back_lon, back_lat = gcj02_to_wgs84(glon, glat)
    assert np.abs(back_lon - lon).max() < 1e-6
    assert np.abs(back_lat - lat).max() < 1e-6
    assert np.abs(back_lon - lon).max() < 1e-9  # in fact far better


def test_zhaoxiang_offset_is_plausible() -> None:
    # at the demo town (lon 121.20, lat 31.16) GCJ-02 lies ~460 m east-north-east of WGS84
    glon, glat = wgs84_to_gcj02(121.20, 31.16)
    dx = (glon - 121.20) * 111_320 * np.cos(np.radians(31.16))
    dy = (glat - 31.16) * 110_574
    assert 300 < dx < 600 and -400 < dy < 0


@pytest.mark.parametrize(
    ("lon", "lat"), [(2.35, 48.86), (-74.0, 40.7), (139.7, 35.7), (151.2, -33.9)]
)
def test_pass_through_outside_china(lon: float, lat: float) -> None:
    assert out_of_china(lon, lat)
    assert wgs84_to_gcj02(lon, lat) == (lon, lat)
    assert gcj02_to_wgs84(lon, lat) == (lon, lat)


def test_mixed_arrays_keep_outside_points_untouched() -> None:
    lon = np.array([121.2, 2.35])
    lat = np.array([31.16, 48.86])
    glon, glat = wgs84_to_gcj02(lon, lat)
    assert glon[0] != 121.2 and (glon[1], glat[1]) == (2.35, 48.86)
    assert out_of_china(lon, lat).tolist() == [False, True]


def test_storage_conversions() -> None:
    assert to_storage(121.2, 31.16, CoordSystem.WGS84) == (121.2, 31.16)  # cm-level datum
    assert to_storage(121.2, 31.16, "cgcs2000") == (121.2, 31.16)
    g = from_storage(121.2, 31.16, CoordSystem.GCJ02)
    back = to_storage(*g, CoordSystem.GCJ02)
    assert back == pytest.approx((121.2, 31.16), abs=1e-9)


@pytest.mark.parametrize(
    ("text", "system", "lon", "lat"),
    [
        ("121.20, 31.16", CoordSystem.CGCS2000, 121.20, 31.16),
        ("121.20 31.16", CoordSystem.CGCS2000, 121.20, 31.16),
        ("31.16, 121.20", CoordSystem.CGCS2000, 121.20, 31.16),  # latitude first
        ("31.16N 121.20E", CoordSystem.CGCS2000, 121.20, 31.16),
        ("121.2°E, 31.16°N", CoordSystem.CGCS2000, 121.20, 31.16),
        ("WGS84 121.2,31.16", CoordSystem.WGS84, 121.20, 31.16),
        ("gps: 121.2 31.16", CoordSystem.WGS84, 121.20, 31.16),
        ("121.2，31.16", CoordSystem.CGCS2000, 121.20, 31.16),  # full-width comma
    ],
)
def test_parse_plain_and_labelled_pairs(
    text: str, system: CoordSystem, lon: float, lat: float
) -> None:
    parsed = parse_lonlat(text)
    assert parsed is not None
    assert parsed.system is system
    assert (parsed.input_lon, parsed.input_lat) == pytest.approx((lon, lat))
    assert (parsed.lon, parsed.lat) == pytest.approx((lon, lat))


def test_parse_gcj02_input_is_converted_to_storage() -> None:
    g_lon, g_lat = wgs84_to_gcj02(121.2, 31.16)
    parsed = parse_lonlat(f"gcj02: {g_lon:.9f} {g_lat:.9f}")
    assert parsed is not None and parsed.system is CoordSystem.GCJ02
    assert (parsed.lon, parsed.lat) == pytest.approx((121.2, 31.16), abs=1e-7)
    # the default system of unlabelled input can be GCJ-02 (a WeChat location)
    parsed = parse_lonlat(f"{g_lon:.9f},{g_lat:.9f}", CoordSystem.GCJ02)
    assert parsed is not None and (parsed.lon, parsed.lat) == pytest.approx(
        (121.2, 31.16), abs=1e-7
    )


@pytest.mark.parametrize("text", ["", "hello", "ZX20261127-0036", "121.2", "500, 31", "foo 1 2"])
def test_parse_rejects_what_is_not_a_pair(text: str) -> None:
    assert parse_lonlat(text) is None
