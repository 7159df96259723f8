"""gis.tiles: tile maths, the MBTiles reader, the URL-template fetcher against a local HTTP
server, the cache, and every failure reported as a status (no Qt)."""

from __future__ import annotations

import io
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from gis.tiles import (
    BaseMapConfig,
    BaseMapError,
    BaseMapKind,
    BaseMapStatus,
    MBTilesSource,
    StatusCode,
    TileCache,
    TileError,
    TileFetcher,
    TileKey,
    TileScheme,
    UrlTemplateSource,
    open_source,
    tile_bounds,
    tile_of,
    tile_resolution,
    tiles_for,
    zoom_for,
)


def png(colour: tuple[int, int, int] = (10, 200, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(buf, "PNG")
    return buf.getvalue()


# --------------------------------------------------------------------------- maths


def test_web_mercator_tile_maths() -> None:
    assert tile_of(TileScheme.WEB_MERCATOR, 0.0, 0.0, 0) == (0, 0)
    assert tile_bounds(TileScheme.WEB_MERCATOR, TileKey(0, 0, 0)) == pytest.approx(
        (-180.0, -85.0511287798, 180.0, 85.0511287798)
    )
    # Zhaoxiang at zoom 14 (the usual slippy-map numbering)
    x, y = tile_of(TileScheme.WEB_MERCATOR, 121.20, 31.16, 14)
    assert (x, y) == (13707, 6698)
    w, s, e, n = tile_bounds(TileScheme.WEB_MERCATOR, TileKey(14, x, y))
    assert w <= 121.20 <= e and s <= 31.16 <= n
    # a tile's neighbours share its edges
    assert tile_bounds("webmercator", TileKey(14, x + 1, y))[0] == pytest.approx(e)
    assert tile_bounds("webmercator", TileKey(14, x, y + 1))[3] == pytest.approx(s)


def test_geographic_tile_maths_tianditu_c() -> None:
    # level 1: two 180-degree tiles side by side
    assert tile_bounds(TileScheme.GEOGRAPHIC, TileKey(1, 0, 0)) == (-180.0, -90.0, 0.0, 90.0)
    assert tile_bounds(TileScheme.GEOGRAPHIC, TileKey(1, 1, 0)) == (0.0, -90.0, 180.0, 90.0)
    x, y = tile_of(TileScheme.GEOGRAPHIC, 121.2, 31.16, 10)
    w, s, e, n = tile_bounds(TileScheme.GEOGRAPHIC, TileKey(10, x, y))
    assert w <= 121.2 <= e and s <= 31.16 <= n
    assert e - w == pytest.approx(180 / 2**9)


def test_zoom_for_a_view_and_tiles_covering_it() -> None:
    # 2.4 m per pixel near Shanghai: zoom 16 (2.05 m per tile pixel) is just sharper
    z = zoom_for(TileScheme.WEB_MERCATOR, 2.4, 31.16)
    assert tile_resolution(TileScheme.WEB_MERCATOR, z, 31.16) <= 2.4
    assert tile_resolution(TileScheme.WEB_MERCATOR, z - 1, 31.16) > 2.4
    assert zoom_for(TileScheme.WEB_MERCATOR, 2.4, 31.16, hi=12) == 12
    keys = tiles_for(TileScheme.WEB_MERCATOR, (121.15, 31.12, 121.25, 31.20), 14)
    xs = {k.x for k in keys}
    ys = {k.y for k in keys}
    assert len(keys) == len(xs) * len(ys) and all(k.z == 14 for k in keys)
    centre = tile_of(TileScheme.WEB_MERCATOR, 121.20, 31.16, 14)
    assert (keys[0].x, keys[0].y) == pytest.approx(centre, abs=1)  # nearest the centre first
    assert len(tiles_for(TileScheme.WEB_MERCATOR, (100, 20, 130, 40), 12, limit=50)) == 50


def test_config_round_trips_through_settings() -> None:
    cfg = BaseMapConfig(BaseMapKind.URL, "https://t{s}.example/{z}/{x}/{y}.png?tk={key}", "k1")
    back = BaseMapConfig.from_settings(dict(cfg.to_settings()))
    assert back == cfg and back.configured
    assert not BaseMapConfig.from_settings({}).configured
    assert not BaseMapConfig.from_settings({"basemap.kind": "nonsense"}).configured


# --------------------------------------------------------------------------- MBTiles


def make_mbtiles(path: Path, tiles: dict[tuple[int, int, int], bytes]) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    con.execute(
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
        "tile_data BLOB)"
    )
    con.executemany(
        "INSERT INTO metadata VALUES (?, ?)",
        [("name", "test"), ("format", "png"), ("attribution", "© test tiles")],
    )
    for (z, x, y), data in tiles.items():
        tms_y = 2**z - 1 - y
        con.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, tms_y, data))
    con.commit()
    con.close()
    return path


def test_mbtiles_reads_tiles_with_the_tms_row_flip(tmp_path: Path) -> None:
    key = TileKey(14, 13707, 6698)
    path = make_mbtiles(tmp_path / "town.mbtiles", {(key.z, key.x, key.y): png()})
    src = MBTilesSource(path)
    assert (src.min_zoom, src.max_zoom) == (14, 14) and src.attribution == "© test tiles"
    assert src.fetch(key) == png()
    assert src.fetch(TileKey(14, 13707, 6699)) is None  # no tile there: no error
    src.close()


@pytest.mark.parametrize("kind", ["missing", "text", "empty_db", "no_tiles", "not_image"])
def test_a_bad_mbtiles_file_is_reported(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "bad.mbtiles"
    if kind == "text":
        path.write_text("this is not a database\n" * 50)
    elif kind == "empty_db":
        sqlite3.connect(path).execute("CREATE TABLE other (x)").connection.close()
    elif kind == "no_tiles":
        make_mbtiles(path, {})
    elif kind == "not_image":
        make_mbtiles(path, {(3, 1, 1): b"<html>oops</html>"})
        src = MBTilesSource(path)
        with pytest.raises(TileError) as err:
            src.fetch(TileKey(3, 1, 1))
        assert err.value.status.code is StatusCode.BAD_TILE
        return
    with pytest.raises(BaseMapError) as exc:
        MBTilesSource(path)
    assert exc.value.status.code is StatusCode.BAD_FILE
    assert str(path) in exc.value.status.detail


# --------------------------------------------------------------------------- URL templates


class _Handler(BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012

    def do_GET(self) -> None:
        _Handler.hits.append(self.path)
        if self.path.startswith("/ok/"):
            body, ctype, code = png(), "image/png", 200
        elif self.path.startswith("/slow/"):
            time.sleep(0.3)
            body, ctype, code = png(), "image/png", 200
        elif self.path.startswith("/forbidden/"):
            body, ctype, code = b"no key", "text/plain", 403
        elif self.path.startswith("/html/"):
            body, ctype, code = b"<?xml version='1.0'?><error>bad key</error>", "text/xml", 200
        else:
            body, ctype, code = b"", "text/plain", 404
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    _Handler.hits.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


def test_url_template_placeholders_and_wmts_aliases() -> None:
    src = UrlTemplateSource(
        "http://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec"
        "&TILEMATRIXSET=w&TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}&tk={tk}",
        key="KEY",
        subdomains="01234567",
    )
    url = src.url(TileKey(14, 13707, 6698))
    assert "TILEMATRIX=14&TILEROW=6698&TILECOL=13707&tk=KEY" in url
    assert url.startswith("http://t") and ".tianditu.gov.cn" in url
    tms = UrlTemplateSource("https://x.test/{z}/{x}/{-y}.png")
    assert tms.url(TileKey(2, 1, 0)).endswith("/2/1/3.png")


@pytest.mark.parametrize(
    ("template", "code"),
    [
        ("ftp://x/{z}/{x}/{y}", StatusCode.BAD_FILE),
        ("https://x/{z}/{x}.png", StatusCode.BAD_FILE),
        ("https://x/{z}/{x}/{y}.png?tk={key}", StatusCode.REFUSED),  # a key is needed
    ],
)
def test_unusable_templates_are_refused_at_once(template: str, code: StatusCode) -> None:
    with pytest.raises(BaseMapError) as exc:
        UrlTemplateSource(template)
    assert exc.value.status.code is code


def test_url_source_fetches_and_classifies_failures(server: str) -> None:
    key = TileKey(14, 13707, 6698)
    assert UrlTemplateSource(server + "/ok/{z}/{x}/{y}.png").fetch(key) == png()
    assert UrlTemplateSource(server + "/missing/{z}/{x}/{y}.png").fetch(key) is None
    with pytest.raises(TileError) as refused:
        UrlTemplateSource(server + "/forbidden/{z}/{x}/{y}.png").fetch(key)
    assert refused.value.status.code is StatusCode.REFUSED and "403" in refused.value.status.detail
    with pytest.raises(TileError) as html:
        UrlTemplateSource(server + "/html/{z}/{x}/{y}.png").fetch(key)
    assert (
        html.value.status.code is StatusCode.REFUSED and "not an image" in html.value.status.detail
    )
    port = closed_port()
    with pytest.raises(TileError) as down:
        UrlTemplateSource(f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png", timeout=2).fetch(key)
    assert down.value.status.code is StatusCode.NO_NETWORK


# --------------------------------------------------------------------------- cache & fetcher


def test_cache_is_an_lru_and_can_persist(tmp_path: Path) -> None:
    cache = TileCache(capacity=2, folder=tmp_path / "tiles")
    for i in range(3):
        cache.put(TileKey(1, i, 0), bytes([i]) * 10)
    assert len(cache) == 2
    # the evicted tile comes back from the folder
    fresh = TileCache(capacity=2, folder=tmp_path / "tiles")
    assert fresh.get(TileKey(1, 0, 0)) == bytes([0]) * 10
    assert TileCache().get(TileKey(1, 0, 0)) is None


def _wait(cond: object, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def test_fetcher_never_blocks_and_delivers_in_the_background(server: str) -> None:
    got: list[tuple[TileKey, bytes | None]] = []
    src = UrlTemplateSource(server + "/slow/{z}/{x}/{y}.png")
    fetcher = TileFetcher(src, on_tile=lambda k, d, g: got.append((k, d)))
    keys = [TileKey(14, 13707 + i, 6698) for i in range(3)]
    t0 = time.perf_counter()
    now = fetcher.request(keys, generation=1)
    assert time.perf_counter() - t0 < 0.1  # returns at once (the server takes 0.3 s)
    assert now == {}
    assert _wait(lambda: len(got) == 3)
    assert fetcher.idle()
    # a second request is served from the cache, without the network
    hits = len(_Handler.hits)
    assert set(fetcher.request(keys, generation=2)) == set(keys)
    assert len(_Handler.hits) == hits
    fetcher.close()


def test_stale_requests_are_dropped(server: str) -> None:
    got: list[TileKey] = []
    src = UrlTemplateSource(server + "/slow/{z}/{x}/{y}.png")
    fetcher = TileFetcher(src, on_tile=lambda k, d, g: got.append(k), workers=1)
    fetcher.request([TileKey(14, i, 6698) for i in range(6)], generation=1)
    time.sleep(0.05)
    fetcher.request([TileKey(15, 1, 1)], generation=2)  # the view moved on
    assert _wait(fetcher.idle)
    assert TileKey(15, 1, 1) in got
    assert len(got) < 7  # most of generation 1 was skipped
    fetcher.close()


@pytest.mark.parametrize(
    ("path", "code"),
    [("/forbidden/{z}/{x}/{y}.png", StatusCode.REFUSED), (None, StatusCode.NO_NETWORK)],
)
def test_fetcher_reports_a_failing_source_and_recovers(
    server: str, path: str | None, code: StatusCode
) -> None:
    statuses: list[BaseMapStatus] = []
    template = server + path if path else f"http://127.0.0.1:{closed_port()}/{{z}}/{{x}}/{{y}}.png"
    src = UrlTemplateSource(template, timeout=2)
    fetcher = TileFetcher(src, on_tile=lambda *a: None, on_status=statuses.append)
    fetcher.request([TileKey(3, i, 1) for i in range(4)], generation=1)
    assert _wait(lambda: bool(statuses))
    assert statuses[0].code is code and not statuses[0].ok
    assert fetcher.status.code is code
    fetcher.close()


def test_open_source_names_the_problem(tmp_path: Path) -> None:
    with pytest.raises(BaseMapError) as none:
        open_source(BaseMapConfig())
    assert none.value.status.code is StatusCode.NOT_CONFIGURED
    with pytest.raises(BaseMapError) as missing:
        open_source(BaseMapConfig(BaseMapKind.MBTILES, str(tmp_path / "nope.mbtiles")))
    assert missing.value.status.code is StatusCode.BAD_FILE
    path = make_mbtiles(tmp_path / "ok.mbtiles", {(1, 1, 0): png()})
    src = open_source(BaseMapConfig(BaseMapKind.MBTILES, str(path)))
    assert src.fetch(TileKey(1, 1, 0)) == png()
    src.close()
