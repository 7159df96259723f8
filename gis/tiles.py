"""Base map tiles: an offline MBTiles file or an XYZ / WMTS URL template, fetched off the GUI
thread, cached, and every failure reported in words (never an exception in the paint path).

The base map is optional and off by default. The administrator sets it (db/map_queries.py
keeps the setting): an MBTiles file (the tiles table of an SQLite file, read with sqlite3,
read-only) or a URL template with `{x}`, `{y}`, `{z}`, `{s}` (sub-domain) and `{key}`
placeholders -- Tianditu-style WMTS key-value URLs work too, with `{TileCol}`, `{TileRow}`,
`{TileMatrix}` and `{tk}` as aliases. Tiles are in one of two schemes:

* ``webmercator`` -- the usual XYZ/"w" matrix set: EPSG:3857, y counted from the north;
* ``geographic`` -- Tianditu's "c" matrix set: lon/lat degrees, level z has 2^z x 2^(z-1)
  tiles of 256 pixels.

`TileFetcher` runs fetches in a small thread pool; a view change bumps the generation and
stale requests are dropped before they start. The result of every fetch goes to a callback
(in the worker thread; the desktop decodes the image there and hands it to the GUI thread)
and the source's health to a status callback: a `BaseMapStatus` with a code the desktop turns
into a translated sentence and a technical detail. No Qt here.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import sqlite3
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, Protocol

WEB_MERCATOR_MPP0 = 156543.03392804097  # ground metres per pixel at zoom 0 on the equator
MAX_MERCATOR_LAT = 85.05112878
TILE_SIZE = 256
USER_AGENT = "GridDesk/0.1 (grid command centre; base map)"


class TileScheme(StrEnum):
    WEB_MERCATOR = "webmercator"
    GEOGRAPHIC = "geographic"


class BaseMapKind(StrEnum):
    NONE = "none"
    MBTILES = "mbtiles"
    URL = "url"


class StatusCode(StrEnum):
    """Why the base map shows or does not (the desktop words each code)."""

    OFF = "off"  # switched off
    NOT_CONFIGURED = "not_configured"  # the administrator set no base map
    OK = "ok"
    LOADING = "loading"
    BAD_FILE = "bad_file"  # the MBTiles file is missing, unreadable or not MBTiles
    NO_NETWORK = "no_network"  # the tile server cannot be reached
    REFUSED = "refused"  # the server answered 401/403 (a key problem) or refused otherwise
    BAD_TILE = "bad_tile"  # the server or file sent something that is not an image
    OUTSIDE = "outside"  # the source has no tiles for this area or zoom


@dataclass(frozen=True, slots=True)
class BaseMapStatus:
    code: StatusCode
    detail: str = ""  # technical detail (file path, HTTP status, OS error)

    @property
    def ok(self) -> bool:
        return self.code in (StatusCode.OK, StatusCode.LOADING)


class BaseMapError(Exception):
    """A base map source that cannot be used, with the reason as a status."""

    def __init__(self, code: StatusCode, detail: str) -> None:
        super().__init__(f"{code.value}: {detail}")
        self.status = BaseMapStatus(code, detail)


class TileError(Exception):
    """One tile could not be fetched; `status` says why."""

    def __init__(self, code: StatusCode, detail: str) -> None:
        super().__init__(f"{code.value}: {detail}")
        self.status = BaseMapStatus(code, detail)


@dataclass(frozen=True, slots=True)
class TileKey:
    z: int
    x: int
    y: int  # counted from the north (XYZ), whatever the source stores


@dataclass(frozen=True)
class BaseMapConfig:
    """What the administrator set: the kind, the file or URL template, an optional key."""

    kind: BaseMapKind = BaseMapKind.NONE
    location: str = ""  # MBTiles path or URL template
    key: str = ""  # API key for the {key} / {tk} placeholder
    scheme: TileScheme = TileScheme.WEB_MERCATOR
    subdomains: str = "01234567"
    min_zoom: int = 0
    max_zoom: int = 18
    attribution: str = ""

    @property
    def configured(self) -> bool:
        return self.kind is not BaseMapKind.NONE and bool(self.location)

    def to_settings(self) -> dict[str, str]:
        """Flat string settings (the database's key/value table)."""
        return {
            "basemap.kind": self.kind.value,
            "basemap.location": self.location,
            "basemap.key": self.key,
            "basemap.scheme": self.scheme.value,
            "basemap.subdomains": self.subdomains,
            "basemap.min_zoom": str(self.min_zoom),
            "basemap.max_zoom": str(self.max_zoom),
            "basemap.attribution": self.attribution,
        }

    @classmethod
    def from_settings(cls, values: dict[str, str | None]) -> BaseMapConfig:
        """Read the flat settings back; anything unreadable means "no base map"."""

        def get(name: str, default: str) -> str:
            v = values.get(f"basemap.{name}")
            return default if v is None else str(v)

        try:
            return cls(
                kind=BaseMapKind(get("kind", "none")),
                location=get("location", ""),
                key=get("key", ""),
                scheme=TileScheme(get("scheme", TileScheme.WEB_MERCATOR.value)),
                subdomains=get("subdomains", "01234567"),
                min_zoom=int(get("min_zoom", "0")),
                max_zoom=int(get("max_zoom", "18")),
                attribution=get("attribution", ""),
            )
        except ValueError:
            return cls()


# --------------------------------------------------------------------------- tile maths


def tile_bounds(scheme: TileScheme | str, key: TileKey) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a tile in lon/lat degrees."""
    scheme = TileScheme(scheme)
    if scheme is TileScheme.GEOGRAPHIC:
        span = 180.0 / 2 ** (key.z - 1) if key.z >= 1 else 360.0
        west = -180.0 + key.x * span
        north = 90.0 - key.y * span
        return west, north - span, west + span, north
    n = 2.0**key.z
    west = key.x / n * 360.0 - 180.0
    east = (key.x + 1) / n * 360.0 - 180.0
    north = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * key.y / n))))
    south = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (key.y + 1) / n))))
    return west, south, east, north


def tile_of(scheme: TileScheme | str, lon: float, lat: float, z: int) -> tuple[int, int]:
    """(x, y) of the tile holding lon/lat at zoom z (clamped to the matrix)."""
    scheme = TileScheme(scheme)
    if scheme is TileScheme.GEOGRAPHIC:
        span = 180.0 / 2 ** (z - 1) if z >= 1 else 360.0
        cols, rows = max(1, round(360.0 / span)), max(1, round(180.0 / span))
        x = int((lon + 180.0) / span)
        y = int((90.0 - lat) / span)
        return min(max(x, 0), cols - 1), min(max(y, 0), rows - 1)
    n = 2**z
    lat = max(-MAX_MERCATOR_LAT, min(MAX_MERCATOR_LAT, lat))
    x = int((lon + 180.0) / 360.0 * n)
    r = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(r)) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tile_resolution(scheme: TileScheme | str, z: int, lat: float) -> float:
    """Ground metres per tile pixel at zoom z near latitude `lat`."""
    scheme = TileScheme(scheme)
    if scheme is TileScheme.GEOGRAPHIC:
        span = 180.0 / 2 ** (z - 1) if z >= 1 else 360.0
        return span / TILE_SIZE * 111_320.0 * math.cos(math.radians(lat))
    return WEB_MERCATOR_MPP0 * math.cos(math.radians(lat)) / 2**z


def zoom_for(scheme: TileScheme | str, mpp: float, lat: float, lo: int = 0, hi: int = 22) -> int:
    """The zoom whose tiles are as sharp as the view or just sharper."""
    base = tile_resolution(scheme, 0, lat)
    z = math.ceil(math.log2(base / max(mpp, 1e-6)) - 0.25)
    return max(lo, min(hi, z))


def tiles_for(
    scheme: TileScheme | str, bbox: tuple[float, float, float, float], z: int, limit: int = 256
) -> list[TileKey]:
    """The tiles covering a lon/lat bbox (west, south, east, north) at zoom z, centre first;
    at most `limit` of them."""
    west, south, east, north = bbox
    x0, y0 = tile_of(scheme, west, north, z)
    x1, y1 = tile_of(scheme, east, south, z)
    keys = [TileKey(z, x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    keys.sort(key=lambda k: (k.x - cx) ** 2 + (k.y - cy) ** 2)
    return keys[:limit]


# --------------------------------------------------------------------------- sources


class TileSource(Protocol):
    scheme: TileScheme
    min_zoom: int
    max_zoom: int
    description: str

    def fetch(self, key: TileKey) -> bytes | None:
        """The tile's image bytes, None where the source has no tile; raises TileError."""
        ...

    def close(self) -> None: ...


_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF")


def looks_like_image(data: bytes) -> bool:
    return data[:4].startswith(_IMAGE_MAGIC) or data[:3] == b"\xff\xd8\xff"


class MBTilesSource:
    """Tiles from an MBTiles file (SQLite, TMS rows counted from the south), read-only.

    Opening checks the file: it must exist, be SQLite and hold a `tiles` table (or view);
    anything else raises BaseMapError(BAD_FILE) with the reason. Each thread gets its own
    connection."""

    def __init__(self, path: str | os.PathLike[str], scheme: TileScheme | None = None) -> None:
        self.path = Path(path)
        self.description = str(self.path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        if not self.path.is_file():
            raise BaseMapError(StatusCode.BAD_FILE, f"{self.path}: no such file")
        try:
            con = self._connection()
            names = {
                r[0]
                for r in con.execute(
                    "SELECT name FROM sqlite_master WHERE type IN ('table','view')"
                )
            }
            if "tiles" not in names:
                raise BaseMapError(StatusCode.BAD_FILE, f"{self.path}: no tiles table")
            meta: dict[str, str] = {}
            if "metadata" in names:
                meta = {str(k): str(v) for k, v in con.execute("SELECT name, value FROM metadata")}
            zooms = con.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise BaseMapError(StatusCode.BAD_FILE, f"{self.path}: {exc}") from exc
        except BaseMapError:
            self.close()
            raise
        if zooms is None or zooms[0] is None:
            self.close()
            raise BaseMapError(StatusCode.BAD_FILE, f"{self.path}: the tiles table is empty")
        self.metadata = meta
        self.min_zoom = int(meta.get("minzoom", zooms[0]))
        self.max_zoom = int(meta.get("maxzoom", zooms[1]))
        self.scheme = scheme or TileScheme(meta.get("griddesk_scheme", TileScheme.WEB_MERCATOR))
        self.format = meta.get("format", "png")
        self.attribution = meta.get("attribution", "")
        self.bounds: tuple[float, ...] | None = None
        if "bounds" in meta:
            with contextlib.suppress(ValueError):
                self.bounds = tuple(float(v) for v in meta["bounds"].split(","))

    def _connection(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            uri = f"file:{self.path.resolve()}?mode=ro"
            con = sqlite3.connect(uri, uri=True, timeout=2.0, check_same_thread=False)
            self._local.con = con
            with self._lock:
                self._connections.append(con)
        return con

    def fetch(self, key: TileKey) -> bytes | None:
        rows = 2**key.z if self.scheme is TileScheme.WEB_MERCATOR else max(1, 2 ** (key.z - 1))
        tms_y = rows - 1 - key.y
        try:
            row = (
                self._connection()
                .execute(
                    "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                    (key.z, key.x, tms_y),
                )
                .fetchone()
            )
        except sqlite3.DatabaseError as exc:
            raise TileError(StatusCode.BAD_FILE, f"{self.path}: {exc}") from exc
        if row is None or row[0] is None:
            return None
        data = bytes(row[0])
        if not looks_like_image(data):
            raise TileError(StatusCode.BAD_TILE, f"{self.path}: tile {key} is not an image")
        return data

    def close(self) -> None:
        with self._lock:
            for con in self._connections:
                with contextlib.suppress(Exception):
                    con.close()
            self._connections.clear()
        self._local = threading.local()


class UrlTemplateSource:
    """Tiles from an XYZ or WMTS (key-value) URL template, fetched with urllib."""

    PLACEHOLDERS: ClassVar[dict[str, str]] = {
        "{TileCol}": "{x}",
        "{TileRow}": "{y}",
        "{TileMatrix}": "{z}",
        "{tk}": "{key}",
        "{k}": "{key}",
    }

    def __init__(
        self,
        template: str,
        key: str = "",
        scheme: TileScheme = TileScheme.WEB_MERCATOR,
        subdomains: str = "01234567",
        min_zoom: int = 0,
        max_zoom: int = 18,
        timeout: float = 6.0,
        opener: Callable[..., Any] | None = None,
    ) -> None:
        t = template.strip()
        for alias, canonical in self.PLACEHOLDERS.items():
            t = t.replace(alias, canonical)
        if not t.lower().startswith(("http://", "https://", "file://")):
            raise BaseMapError(StatusCode.BAD_FILE, f"{template!r} is not an http(s) URL")
        if "{x}" not in t or ("{y}" not in t and "{-y}" not in t) or "{z}" not in t:
            raise BaseMapError(
                StatusCode.BAD_FILE, f"{template!r} lacks the {{x}}, {{y}} and {{z}} placeholders"
            )
        if "{key}" in t and not key:
            raise BaseMapError(StatusCode.REFUSED, "the URL template needs a key and none is set")
        self.template = t
        self.key = key
        self.scheme = TileScheme(scheme)
        self.subdomains = subdomains or "0"
        self.min_zoom = int(min_zoom)
        self.max_zoom = int(max_zoom)
        self.timeout = float(timeout)
        self._open = opener or urllib.request.urlopen
        host = urllib.parse.urlparse(t.replace("{s}", self.subdomains[0])).hostname or t
        self.description = host

    def url(self, key: TileKey) -> str:
        rows = 2**key.z if self.scheme is TileScheme.WEB_MERCATOR else max(1, 2 ** (key.z - 1))
        s = self.subdomains[(key.x + key.y) % len(self.subdomains)]
        return (
            self.template.replace("{s}", s)
            .replace("{z}", str(key.z))
            .replace("{x}", str(key.x))
            .replace("{-y}", str(rows - 1 - key.y))
            .replace("{y}", str(key.y))
            .replace("{key}", self.key)
        )

    def fetch(self, key: TileKey) -> bytes | None:
        request = urllib.request.Request(self.url(key), headers={"User-Agent": USER_AGENT})
        try:
            with self._open(request, timeout=self.timeout) as response:
                data = response.read()
                ctype = str(response.headers.get("Content-Type", "")) if response.headers else ""
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            if exc.code in (401, 403, 429):
                raise TileError(
                    StatusCode.REFUSED, f"{self.description}: HTTP {exc.code} {exc.reason}"
                ) from exc
            raise TileError(
                StatusCode.NO_NETWORK, f"{self.description}: HTTP {exc.code} {exc.reason}"
            ) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise TileError(StatusCode.NO_NETWORK, f"{self.description}: {reason}") from exc
        if not looks_like_image(data):
            snippet = data[:120].decode("utf-8", "replace").strip()
            raise TileError(
                StatusCode.REFUSED if b"<" in data[:200] else StatusCode.BAD_TILE,
                f"{self.description}: not an image ({ctype or 'no type'}): {snippet}",
            )
        return data

    def close(self) -> None:
        return None


def open_source(config: BaseMapConfig) -> TileSource:
    """The tile source a configuration names; raises BaseMapError when it cannot be used."""
    if not config.configured:
        raise BaseMapError(StatusCode.NOT_CONFIGURED, "no base map is set")
    if config.kind is BaseMapKind.MBTILES:
        return MBTilesSource(config.location, None)
    return UrlTemplateSource(
        config.location,
        key=config.key,
        scheme=config.scheme,
        subdomains=config.subdomains,
        min_zoom=config.min_zoom,
        max_zoom=config.max_zoom,
    )


# --------------------------------------------------------------------------- cache


class TileCache:
    """Tile bytes by key: an in-memory LRU, plus an optional folder (for URL sources, so a
    workstation that lost its network still shows what it saw). Thread-safe."""

    def __init__(self, capacity: int = 512, folder: str | os.PathLike[str] | None = None) -> None:
        self.capacity = int(capacity)
        self.folder = Path(folder) if folder else None
        self._mem: OrderedDict[TileKey, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def _file(self, key: TileKey) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / str(key.z) / str(key.x) / f"{key.y}.tile"

    def get(self, key: TileKey) -> bytes | None:
        with self._lock:
            data = self._mem.get(key)
            if data is not None:
                self._mem.move_to_end(key)
                return data
        path = self._file(key)
        if path is not None and path.is_file():
            with contextlib.suppress(OSError):
                data = path.read_bytes()
                self._remember(key, data)
                return data
        return None

    def put(self, key: TileKey, data: bytes) -> None:
        self._remember(key, data)
        path = self._file(key)
        if path is not None:
            with contextlib.suppress(OSError):
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".part")
                tmp.write_bytes(data)
                tmp.replace(path)

    def _remember(self, key: TileKey, data: bytes) -> None:
        with self._lock:
            self._mem[key] = data
            self._mem.move_to_end(key)
            while len(self._mem) > self.capacity:
                self._mem.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._mem)


def cache_folder_for(root: str | os.PathLike[str], config: BaseMapConfig) -> Path:
    """A cache folder per URL template (the key is not part of the name)."""
    digest = hashlib.sha1(f"{config.location}|{config.scheme}".encode()).hexdigest()[:16]
    return Path(root) / "tiles" / digest


# --------------------------------------------------------------------------- fetcher

TileCallback = Callable[[TileKey, bytes | None, int], None]
StatusCallback = Callable[[BaseMapStatus], None]


@dataclass
class _Health:
    failures: int = 0
    last_error: BaseMapStatus | None = None
    successes: int = 0
    pending: set[TileKey] = field(default_factory=set)


class TileFetcher:
    """Fetches tiles in worker threads, never blocking the caller.

    `request(keys, generation)` returns the cached tiles at once and queues the others;
    every fetched tile (or None for "no tile there") is passed to `on_tile` in the worker
    thread. A newer generation makes queued requests of older ones skip (the view moved on).
    After `fail_after` consecutive failures the status turns to the error; one success turns
    it back to OK."""

    def __init__(
        self,
        source: TileSource,
        on_tile: TileCallback,
        on_status: StatusCallback | None = None,
        cache: TileCache | None = None,
        workers: int = 4,
        fail_after: int = 2,
    ) -> None:
        self.source = source
        self.cache = cache or TileCache()
        self.on_tile = on_tile
        self.on_status = on_status
        self.fail_after = int(fail_after)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="griddesk-tiles")
        self._lock = threading.Lock()
        self._generation = 0
        self._health = _Health()
        self._missing: set[TileKey] = set()  # the source has no such tile: do not ask again
        self._closed = False
        self.status = BaseMapStatus(StatusCode.OK, source.description)

    @property
    def generation(self) -> int:
        return self._generation

    def request(
        self, keys: Iterable[TileKey], generation: int | None = None
    ) -> dict[TileKey, bytes]:
        """Cached tiles now; the rest fetched in the background."""
        found: dict[TileKey, bytes] = {}
        with self._lock:
            if generation is not None:
                self._generation = max(self._generation, int(generation))
            gen = self._generation
        for key in keys:
            if key.z < self.source.min_zoom or key.z > self.source.max_zoom:
                continue
            data = self.cache.get(key)
            if data is not None:
                found[key] = data
                continue
            with self._lock:
                if self._closed or key in self._health.pending or key in self._missing:
                    continue
                self._health.pending.add(key)
            self._pool.submit(self._fetch, key, gen)
        return found

    def _fetch(self, key: TileKey, generation: int) -> None:
        try:
            with self._lock:
                stale = generation < self._generation or self._closed
            if stale:
                return
            try:
                data = self.source.fetch(key)
            except TileError as exc:
                self._failed(exc.status)
                return
            except Exception as exc:  # a source bug must not kill the worker silently
                self._failed(BaseMapStatus(StatusCode.BAD_TILE, f"{type(exc).__name__}: {exc}"))
                return
            if data is None:
                with self._lock:
                    self._missing.add(key)
            else:
                self.cache.put(key, data)
            self._succeeded()
            self.on_tile(key, data, generation)
        finally:
            with self._lock:
                self._health.pending.discard(key)

    def _failed(self, status: BaseMapStatus) -> None:
        with self._lock:
            self._health.failures += 1
            self._health.last_error = status
            report = self._health.failures >= self.fail_after and self.status != status
            if report:
                self.status = status
        if report and self.on_status is not None:
            self.on_status(status)

    def _succeeded(self) -> None:
        with self._lock:
            self._health.failures = 0
            self._health.successes += 1
            report = not self.status.ok
            if report:
                self.status = BaseMapStatus(StatusCode.OK, self.source.description)
        if report and self.on_status is not None:
            self.on_status(self.status)

    def idle(self) -> bool:
        with self._lock:
            return not self._health.pending

    def close(self, wait: bool = False) -> None:
        with self._lock:
            self._closed = True
            self._generation += 1
        self._pool.shutdown(wait=wait, cancel_futures=True)
        with contextlib.suppress(Exception):
            self.source.close()
