"""`python main.py bench editor [--scale town|city] [--db URL] [--rounds N] [--json]`: how
fast the grid editor (issue 7) is, at town and at city scale.

Every figure is the median (and p90) of rounds, wall-clock and thread CPU time, next to a
raw-library baseline measured in the same run on the same polygons, and the ratio:

session_load        EditSession construction, noding included (every vertex lying on a
                    neighbour's edge is inserted into it); `session_load_unnoded` is the
                    same without noding, so the difference is what noding costs. No baseline.
full_validation     validate_grids over the whole layer (EditSession.validate) against
                    shapely.coverage_is_valid per level + shapely.is_valid on every polygon.
hover               EditSession.hover at random positions a few metres from a vertex, with
                    the vertex tool's grab tolerance at 1:2,000, against a shapely STRtree
                    (built beforehand) of every vertex as a point, query_nearest;
                    `hover_coarse` the same within 100 m of a vertex at the coarsest scale
                    the tool hovers at (6 m/px: a 48 m tolerance, misses search midpoints).
move_vertex         a random interior vertex moved 1.5 to 4 m in every grid that has it
                    (noding and the strict check included); `live_validation` the check of
                    the touched area the controller runs after it (validate_last);
                    `undo` undoing it; `gesture` move + live validation, what the user
                    waits for after releasing the mouse. Baseline: shapely.set_coordinates
                    on the touched polygons + shapely.is_valid.
layer_*             desktop/editor/layer.py's EditLayer (a controller holding the session,
                    no window) into a 1920x1080 frame, offscreen, antialiased: at the full
                    extent, at 1/20 of its area and at 1:2,000; drawn fresh (the layer's
                    image emptied first) and as a pan frame (`_pan`: the cached image,
                    PAN_MARGIN pixels larger than the view, shifted). Baseline: raw QPainter
                    drawing the polygons the layer shows one by one (drawPolygon per ring).

Data: town = `--db`'s live grids (db.grid_edit.load_edit_session) or, without it, the
town-sized data set `bench map` generates (desktop.bench_map.load_data); city =
gis.citygen.build_city (20,000 management + 4,000 responsibility grids; few key points and
cases: the editor only needs the grids), EPSG:4549 via gis.crs.to_metric.
"""

from __future__ import annotations

import math
import os
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import shapely

from desktop.bench_map import _CPU, SIZE, _summary, _times, load_data, machine_info

MPP_1_2000 = 2000 * 0.0254 / 96.0  # metres per pixel at 1:2,000 on a 96 dpi screen
CITY_KEY_POINTS = 100  # the editor draws only the grids: keep the generated city light
CITY_CASES = 100


class NoGrids(ValueError):
    """`--db` holds no live grids to edit."""


def _timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall ms, thread CPU ms, result) of one call."""
    c0 = time.thread_time()
    t0 = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t0) * 1000.0, (time.thread_time() - c0) * 1000.0, out


# --------------------------------------------------------------------------- data


def edit_grids(data: Any) -> tuple[list[Any], Any]:
    """EditGrids (EPSG:4549) of a MapData's responsibility and management grids, and the
    town outline."""
    from gis.crs import to_metric
    from gis.editing import EditGrid
    from gis.validation import MANAGEMENT, RESPONSIBILITY

    grids = [
        EditGrid(f.id, RESPONSIBILITY, f.code, f.name, to_metric(f.geometry), None, {}, 1)
        for f in data.responsibility_grids
    ]
    grids += [
        EditGrid(f.id, MANAGEMENT, f.code, f.name, to_metric(f.geometry), f.parent_id, {}, 1)
        for f in data.management_grids
    ]
    town = to_metric(data.town.geometry) if data.town is not None else None
    return grids, town


def load_grids(
    scale: str, db: str | None, seed: int | None, n_grids: int | None
) -> tuple[list[Any], Any, str]:
    """(EditGrids, town outline, source description) for a scale."""
    if db:
        from db.grid_edit import load_edit_session
        from db.migrate import ensure_current
        from db.session import check_connection, make_engine, resolve_url

        engine = make_engine(resolve_url(db))
        try:
            check_connection(engine)
            ensure_current(engine)  # a bad or empty database: the CLI's message, not a traceback
            session = load_edit_session(engine)
        finally:
            engine.dispose()
        # the grids as loaded (already noded by that load), to time the construction again
        grids = [g for k in sorted(session.grids) if (g := session.loaded(k)) is not None]
        if not grids:
            raise NoGrids(f"{db} holds no live grids to edit (build a town first: main.py demo)")
        return grids, session.town, db
    if scale == "town" and n_grids is None:
        data, _ = load_data("town", None, seed)
        return (*edit_grids(data), "gis.citygen town-sized (as bench map)")
    from gis.citygen import CITY_GRIDS, DEFAULT_SEED, build_city

    n = n_grids or CITY_GRIDS
    city = build_city(
        DEFAULT_SEED if seed is None else seed,
        n_grids=n,
        n_key_points=CITY_KEY_POINTS,
        n_cases=CITY_CASES,
    )
    return (*edit_grids(city.data), f"gis.citygen {n:,} management grids")


# --------------------------------------------------------------------------- baselines


def raw_polygons(geoms: list[Any], width: int, height: int, view: Any) -> Callable[[], None]:
    """The raw QPainter way: every ring drawn as its own polygon, antialiased (the pen and
    brush of bench map's baseline)."""
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    from desktop.map.qpath import polygonf_from_arrays

    polys = []
    if geoms:
        rings = shapely.get_rings(np.asarray(geoms, dtype=object))
        for ring in rings:
            c = shapely.get_coordinates(ring)
            sx, sy = view.world_to_screen(c[:, 0], c[:, 1])
            polys.append(polygonf_from_arrays(np.asarray(sx), np.asarray(sy)))
    img = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    fill = QColor(78, 121, 167, 56)

    def draw() -> None:
        img.fill(0)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(QColor("#a9bbcf"), 0.8))
        p.setBrush(fill)
        for poly in polys:
            p.drawPolygon(poly)
        p.end()

    return draw


# --------------------------------------------------------------------------- the bench


class _Bench:
    def __init__(
        self, scale: str, db: str | None, seed: int | None, rounds: int, n_grids: int | None
    ) -> None:
        from desktop.app import create_application

        self.app = create_application("zh_CN")
        self.scale = scale
        self.rounds = rounds
        self.seed = 7 if seed is None else seed
        t0 = time.perf_counter()
        self.grids, self.town, self.source = load_grids(scale, db, seed, n_grids)
        self.load_s = time.perf_counter() - t0
        self.results: dict[str, Any] = {}
        self.session: Any = None
        big = len(self.grids) > 2000
        # a city session takes seconds to build and to validate: fewer rounds of those
        self.heavy_rounds = max(1, rounds // 5) if big else rounds
        self.baseline_rounds = max(3, rounds // 4) if big else rounds

    def record(
        self,
        name: str,
        times: list[float],
        cpu: list[float] | None = None,
        baseline: list[float] | None = None,
        note: str = "",
        **extra: Any,
    ) -> None:
        entry: dict[str, Any] = _summary(times)
        if cpu:
            entry["cpu_median_ms"] = round(statistics.median(cpu), 3)
        if baseline:
            b = statistics.median(baseline)
            entry["baseline_ms"] = round(b, 3)
            entry["baseline_rounds"] = len(baseline)
            median = entry["median_ms"]
            # three significant digits: the editor's gestures are hundreds of times the raw call
            entry["speedup"] = float(f"{b / median:.3g}") if median > 0 else None
        entry.update(extra)
        if note:
            entry["note"] = note
        self.results[name] = entry

    # -- session
    def session_load(self) -> None:
        from gis.editing import EditSession

        warm = 0 if self.heavy_rounds < self.rounds else 1
        times = _times(lambda: EditSession(self.grids, self.town), self.heavy_rounds, warmup=warm)
        cpu = list(_CPU)
        self.record("session_load", times, cpu, note="EditSession construction, noding included")
        times = _times(
            lambda: EditSession(self.grids, self.town, node_on_load=False),
            self.heavy_rounds,
            warmup=warm,
        )
        cpu = list(_CPU)
        self.record(
            "session_load_unnoded",
            times,
            cpu,
            note="the same without noding (node_on_load=False): the difference is the noding",
        )
        self.session = EditSession(self.grids, self.town)

    def full_validation(self) -> None:
        from gis.validation import MANAGEMENT, RESPONSIBILITY, Severity

        session = self.session
        report = session.validate()
        times = _times(session.validate, self.heavy_rounds, warmup=0)
        cpu = list(_CPU)
        grids = list(session.grids.values())
        mgmt = np.array([g.geometry for g in grids if g.level == MANAGEMENT], dtype=object)
        resp = np.array([g.geometry for g in grids if g.level == RESPONSIBILITY], dtype=object)
        every = np.array([g.geometry for g in grids], dtype=object)

        def raw() -> None:
            shapely.coverage_is_valid(mgmt)
            shapely.coverage_is_valid(resp)
            shapely.is_valid(every)

        baseline = _times(raw, self.heavy_rounds, warmup=0)
        self.record(
            "full_validation",
            times,
            cpu,
            baseline,
            note="validate_grids over every grid and the town; baseline shapely.coverage_is_valid "
            "per level + shapely.is_valid on every polygon",
            issues=len(report.issues),
            errors=sum(1 for i in report.issues if i.severity == Severity.ERROR),
        )

    def _vertices(self) -> np.ndarray:
        coords = shapely.get_coordinates(
            np.array([g.geometry for g in self.session.grids.values()], dtype=object)
        )
        return np.unique(coords, axis=0)

    def hover(self, coarse: bool = False) -> None:
        """Hover near vertices at 1:2,000; `coarse`: anywhere within 100 m of a vertex at the
        coarsest scale the vertex tool hovers at (VERTEX_MAX_MPP), where the grab tolerance
        is widest and a miss falls through to the edge midpoints."""
        from desktop.editor.layer import VERTEX_MAX_MPP
        from desktop.editor.tools import GRAB_PX
        from gis.editing import snap_tolerance_m

        session = self.session
        mpp = VERTEX_MAX_MPP if coarse else MPP_1_2000
        tol = snap_tolerance_m(GRAB_PX, mpp)
        verts = self._vertices()
        rng = np.random.default_rng(self.seed + (10 if coarse else 0))
        n = max(self.rounds, 100)
        picks = verts[rng.integers(0, len(verts), n + 2)]  # rounds + warm-up
        if coarse:
            pos = picks + rng.uniform(-100.0, 100.0, picks.shape)
        else:
            pos = picks + rng.normal(0.0, tol / 2, picks.shape)
        it = iter(range(10**9))
        kinds: dict[str, int] = {}

        def one() -> None:
            x, y = pos[next(it) % len(pos)]
            hit = session.hover(float(x), float(y), tol)
            kind = "none" if hit is None else hit.kind
            kinds[kind] = kinds.get(kind, 0) + 1

        times = _times(one, n, warmup=2)
        cpu = list(_CPU)
        tree = shapely.STRtree(shapely.points(verts))
        points = shapely.points(pos)

        def raw() -> None:
            tree.query_nearest(points[next(it) % len(points)], max_distance=tol)

        baseline = _times(raw, n, warmup=2)
        where = (
            f"positions within 100 m of a vertex, grab tolerance {tol:.1f} m ({GRAB_PX:g} px at "
            f"{mpp:g} m/px, the coarsest scale the vertex tool hovers at)"
            if coarse
            else f"positions ~{tol / 2:.1f} m from a vertex, grab tolerance {tol:.1f} m "
            f"({GRAB_PX:g} px at 1:2,000)"
        )
        self.record(
            "hover_coarse" if coarse else "hover",
            times,
            cpu,
            baseline,
            note=f"EditSession.hover at {n} {where}; baseline STRtree.query_nearest over "
            f"{len(verts):,} vertices as points",
            hits=dict(sorted(kinds.items())),
        )

    def _interior_vertices(self, n: int) -> np.ndarray:
        """`n` random vertices at least 50 m from the outline (moving them leaves the town's
        edge alone)."""
        verts = self._vertices()
        rng = np.random.default_rng(self.seed + 1)
        sample = verts[rng.choice(len(verts), min(len(verts), n * 4), replace=False)]
        outline = self.town
        if outline is None:
            outline = shapely.coverage_union_all(
                [g.geometry for g in self.session.grids.values() if g.level == "responsibility"]
            )
        d = shapely.distance(shapely.points(sample), outline.boundary)
        inner = sample[d > 50.0]
        return inner[:n] if len(inner) else sample[:n]

    def gesture(self) -> None:
        from gis.editing import EditRefused

        session = self.session
        n = max(self.rounds, 20)
        verts = self._interior_vertices(n * 2)
        rng = np.random.default_rng(self.seed + 2)
        move: list[float] = []
        move_cpu: list[float] = []
        live: list[float] = []
        live_cpu: list[float] = []
        undo: list[float] = []
        undo_cpu: list[float] = []
        total: list[float] = []
        total_cpu: list[float] = []
        raw: list[float] = []
        touched: list[int] = []
        refused = 0
        done = -1  # the first gesture warms up, unrecorded
        for src in verts:
            if done >= n:
                break
            ang = rng.uniform(0, 2 * math.pi)
            r = rng.uniform(1.5, 4.0)
            a = (float(src[0]), float(src[1]))
            b = (a[0] + r * math.cos(ang), a[1] + r * math.sin(ang))
            try:
                tm, cm, g = _timed(partial(session.move_vertex, a, b))
            except EditRefused:
                refused += 1
                continue
            tv, cv, _ = _timed(session.validate_last)
            tu, cu, _ = _timed(session.undo)
            before = [x.geometry for x in g.before.values() if x is not None]
            tr = _timed(partial(_raw_move, before, a, b))[0]
            done += 1
            if done == 0:
                continue
            move.append(tm)
            move_cpu.append(cm)
            live.append(tv)
            live_cpu.append(cv)
            undo.append(tu)
            undo_cpu.append(cu)
            total.append(tm + tv)
            total_cpu.append(cm + cv)
            raw.append(tr)
            touched.append(len(g.after))
        if not move:
            self.results["move_vertex"] = {"note": f"no vertex could be moved ({refused} refused)"}
            return
        extra = {"touched_grids_median": statistics.median(touched), "refused": refused}
        self.record(
            "move_vertex",
            move,
            move_cpu,
            raw,
            note="a random interior vertex moved 1.5-4 m in every grid that has it (noding and "
            "the strict check included); baseline shapely.set_coordinates on the touched "
            "polygons + shapely.is_valid",
            **extra,
        )
        self.record("live_validation", live, live_cpu, note="validate_last(): the touched area")
        self.record("undo", undo, undo_cpu)
        self.record("gesture", total, total_cpu, raw, note="move_vertex + live_validation")

    # -- the edit layer
    def layer(self) -> None:
        from PySide6.QtGui import QImage, QPainter

        from db.ops import Actor
        from desktop.editor.controller import EditorController
        from desktop.editor.layer import PAN_MARGIN, EditLayer
        from gis.mapmodel import MapViewState

        controller = EditorController(None, Actor.system("bench"))
        controller.set_session(self.session)
        layer = EditLayer(controller)
        img = QImage(SIZE[0], SIZE[1], QImage.Format.Format_ARGB32_Premultiplied)
        bounds = shapely.total_bounds(
            np.array([g.geometry for g in self.session.grids.values()], dtype=object)
        )
        full = MapViewState(0.0, 0.0, 10.0, *SIZE)
        x0, y0, x1, y1 = (float(v) for v in bounds)
        full.zoom_to_extent((x0, y0, x1, y1))
        cx, cy, mpp = full.cx, full.cy, full.mpp
        w, h = x1 - x0, y1 - y0
        offsets = [(0.0, 0.0), (0.12, 0.05), (-0.1, 0.08), (0.05, -0.1)]
        spots = self._interior_vertices(8)
        views = {
            "full": [(cx, cy, mpp)],
            "district": [(cx + dx * w, cy + dy * h, mpp / math.sqrt(20.0)) for dx, dy in offsets],
            "1to2000": [(float(x), float(y), MPP_1_2000) for x, y in spots],
        }
        notes = {
            "full": "the full extent",
            "district": "1/20 of the full extent's area (zoom x4.5), four positions",
            "1to2000": f"1:2,000 ({MPP_1_2000:.3f} m/px, vertices and labels drawn), "
            f"{len(spots)} positions",
        }
        for name, states in views.items():
            view = MapViewState(*states[0], *SIZE)
            it = iter(range(10**9))

            def fresh(view: MapViewState = view, states: list[Any] = states, it: Any = it) -> None:
                view.center_on(*states[next(it) % len(states)])
                layer._image = None  # the cache emptied: drawn from the session
                img.fill(0)
                p = QPainter(img)
                layer(p, view)
                p.end()

            times = _times(fresh, self.rounds, warmup=1)
            cpu = list(_CPU)
            shown = self._shown(layer, view)
            overview = layer.overview
            base = _times(
                raw_polygons(shown, SIZE[0], SIZE[1], view), self.baseline_rounds, warmup=1
            )
            self.record(
                f"layer_{name}",
                times,
                cpu,
                base,
                note=notes[name] + "; drawn fresh (image cache emptied: the layer draws a "
                f"{SIZE[0] + 2 * PAN_MARGIN}x{SIZE[1] + 2 * PAN_MARGIN} image, the view and its pan "
                "margin, and blits it); baseline raw QPainter drawing the polygons meeting the "
                "view one by one into the 1920x1080 frame",
                polygons=len(shown),
                overview=overview,
            )
            # pans from a freshly drawn image: blits until the PAN_MARGIN is used up
            view.center_on(*states[0])
            layer._image = None
            p = QPainter(img)
            layer(p, view)
            p.end()
            steps = iter(range(10**9))

            def pan(view: MapViewState = view, steps: Any = steps) -> None:
                i = next(steps)
                view.pan(7 if i % 2 else -7, 3)
                p = QPainter(img)
                layer(p, view)
                p.end()

            times = _times(pan, max(self.rounds, 30), warmup=2)
            cpu = list(_CPU)
            self.record(
                f"layer_{name}_pan",
                times,
                cpu,
                base,
                note="pan frames (7 px, 3 px steps): the layer's call in the canvas frame, a "
                "shifted blit of its cached image",
            )

    def _shown(self, layer: Any, view: Any) -> list[Any]:
        """The polygons the layer drew in `view` (responsibility grids only in its overview)."""
        from gis.validation import RESPONSIBILITY

        grids = [self.session.grids[k] for k in layer.visible_keys(view)]
        if layer.overview:
            grids = [g for g in grids if g.level == RESPONSIBILITY]
        return [g.geometry for g in grids]

    def data_stats(self) -> dict[str, Any]:
        from gis.validation import MANAGEMENT, RESPONSIBILITY

        grids = list(self.session.grids.values())
        coords = shapely.get_coordinates(np.array([g.geometry for g in grids], dtype=object))
        return {
            "responsibility_grids": sum(1 for g in grids if g.level == RESPONSIBILITY),
            "management_grids": sum(1 for g in grids if g.level == MANAGEMENT),
            "vertices": len(coords),
            "distinct_vertices": len(np.unique(coords, axis=0)),
            "town_outline": self.town is not None,
        }


def _raw_move(geoms: list[Any], src: tuple[float, float], dst: tuple[float, float]) -> None:
    """The raw-library vertex move: the touched polygons' coordinates rewritten, then
    checked for validity."""
    arr = np.array(geoms, dtype=object)
    coords = shapely.get_coordinates(arr)
    hit = np.hypot(coords[:, 0] - src[0], coords[:, 1] - src[1]) <= 1e-6
    coords[hit] = dst
    shapely.set_coordinates(arr, coords)
    shapely.is_valid(arr)


def run(
    scale: str = "town",
    db: str | None = None,
    rounds: int = 20,
    seed: int | None = None,
    grids: int | None = None,
) -> dict[str, Any]:
    """Run the editor benchmark; returns the figures (see the module docstring). `grids`:
    management grids of the generated data (default: the town's 149, the city's 20,000)."""
    if scale not in ("town", "city"):
        raise ValueError("scale must be town or city")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    b = _Bench(scale, db, seed, rounds, grids)
    b.session_load()
    b.full_validation()
    b.hover()
    b.hover(coarse=True)
    b.gesture()
    b.layer()
    return {
        "bench": "editor",
        "scale": scale,
        "source": b.source,
        "size": list(SIZE),
        "antialiased": True,
        "rounds": rounds,
        "heavy_rounds": b.heavy_rounds,
        "machine": machine_info(),
        "data": b.data_stats(),
        "load_s": round(b.load_s, 2),
        "figures": b.results,
    }


def _num(v: Any) -> str:
    return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)


def format_report(r: dict[str, Any]) -> str:
    m = r["machine"]
    lines = [
        f"editor benchmark · {r['scale']} · {r['source']} · {r['size'][0]}x{r['size'][1]} antialiased",
        f"machine: {m.get('nproc')} CPUs, {m.get('cpu', '?')}, {m.get('ram_gib', '?')} GiB, "
        f"load {m.get('load_avg', '?')}",
        "data: " + ", ".join(f"{k} {_num(v)}" for k, v in r["data"].items()),
        f"grids loaded in {r['load_s']} s; {r['rounds']} rounds "
        f"({r['heavy_rounds']} for session load and full validation)",
        "",
        f"{'figure':<22}{'median ms':>11}{'p90 ms':>10}{'cpu ms':>10}{'baseline ms':>13}{'ratio':>10}",
    ]
    for name, f in r["figures"].items():
        if "median_ms" not in f:
            lines.append(f"{name:<22}" + ", ".join(f"{k} {v}" for k, v in f.items()))
            continue
        lines.append(
            f"{name:<22}{f['median_ms']:>11.2f}{f['p90_ms']:>10.2f}"
            f"{f.get('cpu_median_ms', float('nan')):>10.2f}"
            f"{'' if 'baseline_ms' not in f else format(f['baseline_ms'], '.2f'):>13}"
            f"{'' if f.get('speedup') is None else str(f['speedup']) + 'x':>10}"
        )
        extra = {
            k: v
            for k, v in f.items()
            if k
            in (
                "issues",
                "errors",
                "hits",
                "touched_grids_median",
                "refused",
                "polygons",
                "overview",
            )
        }
        if extra:
            lines.append(f"{'':<22}" + ", ".join(f"{k} {v}" for k, v in extra.items()))
    lines.append("")
    lines.append("ratio: baseline / median (above 1: the editor is faster than the raw way)")
    return "\n".join(lines)
