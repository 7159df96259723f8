"""Fast numpy -> Qt geometry conversion (one C++ call per batch, no per-vertex Python).

`path_from_arrays` streams vertices into a QPainterPath through QDataStream's binary format
(the technique pyqtgraph's arrayToQPath uses); `polygonf_from_arrays` fills a QPolygonF in
place through its memory. Both are what lets a layer be one draw call.
"""

from __future__ import annotations

import numpy as np
import shiboken6
from PySide6.QtCore import QByteArray, QDataStream, QIODevice
from PySide6.QtGui import QPainterPath, QPolygonF

_ELEMENT = np.dtype([("type", ">i4"), ("x", ">f8"), ("y", ">f8")])
MOVE_TO, LINE_TO = 0, 1


def path_from_arrays(
    x: np.ndarray, y: np.ndarray, starts: np.ndarray, winding: bool = False
) -> QPainterPath:
    """A QPainterPath of polylines: a new subpath begins wherever `starts` is True.

    Polygon rings must be closed (last vertex = first), as shapely rings are. Fill rule
    odd-even (holes stay holes) unless `winding`."""
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
