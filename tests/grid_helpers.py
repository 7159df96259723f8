"""Shared builders for the map-editor tests (issue 7): the synthetic demo town as an edit
session, and a large jittered quad layer for the validation benchmark."""

from __future__ import annotations

from functools import cache

import numpy as np
import shapely
from shapely.geometry import Polygon

from gis.editing import EditGrid, EditSession
from gis.gridcode import make_management_code, make_responsibility_code
from gis.synth import SynthTown, build_town
from gis.validation import MANAGEMENT, RESPONSIBILITY, SimpleGrid

RESP_KEY = 1000  # responsibility grid r has key RESP_KEY + r; management grid i has key i + 1


@cache
def demo_town() -> SynthTown:
    return build_town()


def demo_grids(drop: tuple[int, ...] = ()) -> list[EditGrid]:
    """The demo town's 29 + 149 grids as EditGrids with valid codes (EPSG:4549)."""
    town = demo_town()
    grids: list[EditGrid] = []
    codes: dict[int, str] = {}
    for r in town.responsibility:
        code = make_responsibility_code("310118", "103", r.index + 1, 1)
        codes[r.index] = code
        grids.append(
            EditGrid(RESP_KEY + r.index, RESPONSIBILITY, code, f"责任网格{r.index + 1}", r.geometry_m, None,
                     {"admin_unit_id": r.unit + 1}, 1)
        )
    seq: dict[int, int] = {}
    for g in town.management:
        assert g.parent is not None
        seq[g.parent] = seq.get(g.parent, 0) + 1
        if g.index + 1 in drop:
            continue
        grids.append(
            EditGrid(g.index + 1, MANAGEMENT, make_management_code(codes[g.parent], seq[g.parent]),
                     f"管理网格{g.index + 1}", g.geometry_m, RESP_KEY + g.parent, {"admin_unit_id": g.unit + 1}, 1)
        )
    return grids


def demo_session(*, strict: bool = True, drop: tuple[int, ...] = ()) -> EditSession:
    return EditSession(demo_grids(drop), demo_town().outline_m, strict=strict)


def quad_layer(nx: int = 200, ny: int = 100, block: int = 10, seed: int = 7, size: float = 100.0) -> tuple[list[SimpleGrid], Polygon]:
    """nx*ny management quads on a jittered lattice (shared vertices, an exact coverage),
    grouped into block*block responsibility grids; and the outline."""
    rng = np.random.default_rng(seed)
    xs = np.arange(nx + 1) * size
    ys = np.arange(ny + 1) * size
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    jitter = rng.uniform(-0.3, 0.3, size=(nx + 1, ny + 1, 2)) * size
    jitter[0, :, 0] = jitter[-1, :, 0] = 0
    jitter[:, 0, 1] = jitter[:, -1, 1] = 0
    px, py = gx + jitter[..., 0] + 500000.0, gy + jitter[..., 1] + 3400000.0
    quads = []
    for i in range(nx):
        for j in range(ny):
            ring = [(px[i, j], py[i, j]), (px[i + 1, j], py[i + 1, j]), (px[i + 1, j + 1], py[i + 1, j + 1]),
                    (px[i, j + 1], py[i, j + 1])]
            quads.append(((i // block, j // block), Polygon(ring)))
    parents: dict[tuple[int, int], list[Polygon]] = {}
    for b, q in quads:
        parents.setdefault(b, []).append(q)
    grids: list[SimpleGrid] = []
    pkey = {b: 10_000_000 + n for n, b in enumerate(sorted(parents))}
    for b, parts in sorted(parents.items()):
        grids.append(SimpleGrid(pkey[b], RESPONSIBILITY, shapely.coverage_union_all(parts), None, f"R{b}"))
    for n, (b, q) in enumerate(quads):
        grids.append(SimpleGrid(n + 1, MANAGEMENT, q, pkey[b], f"M{n}"))
    outline = shapely.coverage_union_all([g.geometry for g in grids if g.level == RESPONSIBILITY])
    return grids, outline
