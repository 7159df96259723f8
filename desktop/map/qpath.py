"""Fast numpy -> Qt geometry conversion (one C++ call per batch, no per-vertex Python).

`path_from_arrays` streams vertices into a QPainterPath through QDataStream's binary format
(the technique pyqtgraph's arrayToQPath uses); `polygonf_from_arrays` fills a QPolygonF in
place through its memory. Both are what lets a layer be one draw call.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import shiboken6
from PySide6.QtCore import QByteArray, QDataStream, QIODevice
from PySide6.QtGui import QPainterPath, QPolygonF

_ELEMENT = np.dtype([("type", ">i4"), ("x", ">f8"), ("y", ">f8")])
MOVE_TO, LINE_TO = 0, 1

# A worker thread making many short Qt calls starves the GUI thread of the GIL: PySide drops
# and retakes the GIL around many calls, and CPython's waiting thread only forces a switch if
# no switch happened during its 5 ms wait, so each quick drop-and-retake resets its clock
# (measured: 270 ms without a GUI frame while a worker built small paths). A worker that
# sleeps briefly every few milliseconds hands the GIL over.
GIL_SLICE_S = 0.003
GIL_PAUSE_S = 0.0001
_MAIN_THREAD = threading.main_thread()
_GIL = threading.local()


def gil_pause() -> None:
    """In a worker thread, let a thread waiting for the GIL run if this one has had it for
    GIL_SLICE_S (a 0.1 ms sleep); on the main thread, nothing. Call it in loops of Qt calls."""
    if threading.current_thread() is _MAIN_THREAD:
        return
    now = time.perf_counter()
    if now - getattr(_GIL, "since", 0.0) >= GIL_SLICE_S:
        time.sleep(GIL_PAUSE_S)
        _GIL.since = time.perf_counter()


def path_from_arrays(
    x: np.ndarray, y: np.ndarray, starts: np.ndarray, winding: bool = False
) -> QPainterPath:
    """A QPainterPath of polylines: a new subpath begins wherever `starts` is True.

    Polygon rings must be closed (last vertex = first), as shapely rings are. Fill rule
    odd-even (holes stay holes) unless `winding`."""
    gil_pause()
    n = len(x)
    path = QPainterPath()
    if n == 0:
        return path
    buf = np.empty(
        1, dtype=[("n", ">i4"), ("el", _ELEMENT, (n,)), ("cstart", ">i4"), ("fill", ">i4")]
    )
    buf["n"] = n
    el = buf["el"][0]
    el["type"] = np.where(np.asarray(starts, dtype=bool), MOVE_TO, LINE_TO)
    el["type"][0] = MOVE_TO
    el["x"] = x
    el["y"] = y
    buf["cstart"] = 0
    buf["fill"] = 1 if winding else 0  # Qt::OddEvenFill = 0, Qt::WindingFill = 1
    data = QByteArray(buf.tobytes())
    stream = QDataStream(data, QIODevice.OpenModeFlag.ReadOnly)
    stream >> path
    return path


def polygonf_from_arrays(x: np.ndarray, y: np.ndarray) -> QPolygonF:
    """A QPolygonF holding the points (e.g. for QPainter.drawPoints in one call)."""
    n = len(x)
    poly = QPolygonF()
    poly.resize(n)
    if n:
        # the stubs type data() as QPointF; at runtime it is the address of the point array
        ptr = shiboken6.VoidPtr(poly.data(), n * 16, True)  # type: ignore[call-arg, arg-type]
        arr = np.frombuffer(ptr, dtype=np.float64).reshape(n, 2)  # type: ignore[call-overload]
        arr[:, 0] = x
        arr[:, 1] = y
    return poly
