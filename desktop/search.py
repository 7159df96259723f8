"""The map's search box: grid code or name, key point name or QR code, case number, or a
coordinate pair -- and a jump to the result.

Typing searches the loaded map at once (no database round trip) and, after a short pause,
the database (every record, also closed cases) in a worker thread; the results merge in a
drop-down list. Enter (or a click) jumps to the first (or chosen) result: the feature is
selected and zoomed to, so the side panels follow. A coordinate pair ("121.20, 31.16",
"31.16N 121.20E", "gcj02: 121.2 31.16", or display-CRS metres "E 614000 N 3449000") is read
in CGCS2000, WGS84 or GCJ-02 and marked on the map; one outside the town is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import labels
from desktop.labels import QT_TRANSLATE_NOOP
from gis.gcj02 import CoordSystem, parse_lonlat
from gis.mapmodel import MapModel, SearchResult

DB_DELAY_MS = 250
MAX_RESULTS = 12
_METRES = re.compile(r"^\s*[Ee]?\s*(\d{5,8}(?:\.\d+)?)\s*[,，\s]\s*[Nn]?\s*(\d{6,8}(?:\.\d+)?)\s*$")
KIND_NAMES = {
    "grid": QT_TRANSLATE_NOOP("MapSearchBox", "Grid"),
    "key_point": QT_TRANSLATE_NOOP("MapSearchBox", "Key point"),
    "case": QT_TRANSLATE_NOOP("MapSearchBox", "Case"),
    "coordinate": QT_TRANSLATE_NOOP("MapSearchBox", "Position"),
}


class SearchItem:
    """One line of the result list."""

    def __init__(
        self,
        result: SearchResult,
        lon: float | None = None,
        lat: float | None = None,
        on_map: bool = True,
        x: float | None = None,
        y: float | None = None,
    ) -> None:
        self.result = result
        self.lon = lon
        self.lat = lat
        self.on_map = on_map
        self.x = x  # display-CRS metres (coordinates)
        self.y = y

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.result.layer_id, self.result.feature_id, self.result.kind)


class _Signals(QObject):
    done = Signal(int, object)  # request number, list of hits or Exception


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], n: int, signals: _Signals) -> None:
        super().__init__()
        self.fn, self.n, self.signals = fn, n, signals

    def run(self) -> None:
        try:
            result: Any = self.fn()
        except Exception as exc:  # the local results still stand
            result = exc
        self.signals.done.emit(self.n, result)


class MapSearchBox(QWidget):
    """A search field with a drop-down of results; jumps the map to the one chosen."""

    jumped = Signal(str)  # a status message about the jump (empty: nothing to say)

    def __init__(
        self,
        model: MapModel,
        db_search: Callable[[str, int], list[Any]] | None = None,
        parent: QWidget | None = None,
        input_system: CoordSystem = CoordSystem.CGCS2000,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mapSearch")
        self.model = model
        self.db_search = db_search
        self.input_system = input_system
        self.marker_callback: Callable[[float, float, str], None] | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("mapSearchEdit")
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(
            self.tr("Search grid, key point, QR code, case no. or lon,lat")
        )
        self.edit.setToolTip(
            self.tr(
                "Grid code or name, key point name or QR code, case number; or a position: "
                "“121.20, 31.16” (CGCS2000/WGS84), “gcj02: 121.2 31.16” (phone maps, WeChat), "
                "or metres “E 614000 N 3449000”"
            )
        )
        self.edit.setMinimumWidth(300)
        lay.addWidget(self.edit)
        self.popup = QFrame(self, Qt.WindowType.Popup)
        self.popup.setObjectName("mapSearchPopup")
        self.popup.setFrameShape(QFrame.Shape.StyledPanel)
        pl = QVBoxLayout(self.popup)
        pl.setContentsMargins(1, 1, 1, 1)
        self.list = QListWidget(self.popup)
        self.list.setObjectName("mapSearchResults")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setMouseTracking(True)
        pl.addWidget(self.list)
        self.items: list[SearchItem] = []
        self._request = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_db_results, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DB_DELAY_MS)
        self._timer.timeout.connect(self._ask_database)
        self.edit.textEdited.connect(self._on_text)
        self.edit.returnPressed.connect(self.jump_to_first)
        self.list.itemClicked.connect(self._on_item_clicked)
        self.edit.installEventFilter(self)

    # ------------------------------------------------------------------ searching
    def search_now(self, text: str) -> list[SearchItem]:
        """The local results for `text` (coordinate first, then grids, key points, cases)."""
        items: list[SearchItem] = []
        coord = self._coordinate(text)
        if coord is not None:
            items.append(coord)
        for r in self.model.search(text, MAX_RESULTS):
            items.append(SearchItem(r))
        return items

    def _coordinate(self, text: str) -> SearchItem | None:
        m = _METRES.match(text)
        if m is not None:
            x, y = float(m.group(1)), float(m.group(2))
            lon, lat = self.model.to_lonlat(x, y)
            label = f"E {x:.1f} m  N {y:.1f} m"
            res = SearchResult("", 0, "coordinate", label, f"EPSG:{self.model.display_epsg}", -1)
            return SearchItem(res, float(lon), float(lat), x=x, y=y)
        parsed = parse_lonlat(text, self.input_system)
        if parsed is None:
            return None
        x, y = self.model.to_world(parsed.lon, parsed.lat)
        system = {
            CoordSystem.GCJ02: "GCJ-02",
            CoordSystem.WGS84: "WGS84",
            CoordSystem.CGCS2000: "CGCS2000",
        }[parsed.system]
        label = f"{parsed.input_lon:.6f}°E  {parsed.input_lat:.6f}°N"
        res = SearchResult("", 0, "coordinate", label, system, -1)
        return SearchItem(res, parsed.lon, parsed.lat, x=float(x), y=float(y))

    def _on_text(self, text: str) -> None:
        self._request += 1
        self.set_items(self.search_now(text))
        if self.db_search is not None and text.strip() and not self._is_coordinate(text):
            self._timer.start()

    def _is_coordinate(self, text: str) -> bool:
        return bool(self.items) and self.items[0].result.kind == "coordinate"

    def _ask_database(self) -> None:
        text = self.edit.text()
        fn = self.db_search
        if fn is None or not text.strip():
            return
        n = self._request
        self._pool.start(_Job(lambda: fn(text, MAX_RESULTS), n, self._signals))

    def _on_db_results(self, n: int, result: object) -> None:
        if n != self._request or isinstance(result, Exception) or not isinstance(result, list):
            return
        merged = list(self.items)
        seen = {it.key for it in merged}
        for hit in result:
            res = getattr(hit, "result", hit)
            item = SearchItem(
                res,
                getattr(hit, "lon", None),
                getattr(hit, "lat", None),
                getattr(hit, "on_map", True),
            )
            if item.key not in seen:
                merged.append(item)
                seen.add(item.key)
        merged.sort(key=lambda it: (it.result.score, it.result.label))
        self.set_items(merged[: MAX_RESULTS + 4])

    def wait_for_database(self, timeout_ms: int = 5000) -> None:
        """Run the pending database search now and wait for it (tests)."""
        from PySide6.QtWidgets import QApplication

        if self._timer.isActive():
            self._timer.stop()
            self._ask_database()
        self._pool.waitForDone(timeout_ms)
        QApplication.processEvents()

    # ------------------------------------------------------------------ the list
    def _describe(self, item: SearchItem) -> str:
        r = item.result
        src = KIND_NAMES.get(r.kind)
        kind = QCoreApplication.translate("MapSearchBox", src) if src else r.kind
        if r.kind == "key_point" and r.layer_id:
            kind = labels.layer_title(
                next((lay.title for lay in self.model.layers if lay.id == r.layer_id), kind)
            )
        text = f"{kind} · {r.label}" if r.label else kind
        if r.detail:
            text += f"  {r.detail}"
        if not item.on_map:
            text += "  " + self.tr("(closed, not on the map)")
        elif r.kind != "coordinate" and not self.model.has_feature(r.layer_id, r.feature_id):
            text += "  " + self.tr("(not loaded)")
        return text

    def set_items(self, items: list[SearchItem]) -> None:
        self.items = items
        self.list.clear()
        for it in items:
            QListWidgetItem(self._describe(it), self.list)
        if items:
            self.list.setCurrentRow(0)
            self._show_popup()
        else:
            self.popup.hide()

    def _show_popup(self) -> None:
        if not self.isVisible():
            return
        rows = min(len(self.items), 10)
        h = rows * max(self.list.sizeHintForRow(0), 20) + 6
        w = max(self.edit.width(), 420)
        self.popup.setGeometry(0, 0, w, h)
        self.popup.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self.popup.show()
        self.edit.setFocus()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress and self.popup.isVisible():
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.list.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.list.setCurrentRow(max(0, min(self.list.count() - 1, row)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.jump_to(self.list.currentRow())
                return True
            if key == Qt.Key.Key_Escape:
                self.popup.hide()
                return True
        return super().eventFilter(obj, event)

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        self.jump_to(self.list.row(item))

    # ------------------------------------------------------------------ jumping
    def jump_to_first(self) -> bool:
        if not self.items:
            self.set_items(self.search_now(self.edit.text()))
        return self.jump_to(0)

    def jump_to(self, row: int) -> bool:
        """Show result `row` on the map; returns whether there was one."""
        if not 0 <= row < len(self.items):
            self.jumped.emit(self.tr("Nothing found for “{text}”").format(text=self.edit.text()))
            return False
        item = self.items[row]
        self.popup.hide()
        r = item.result
        if r.kind == "coordinate":
            assert item.x is not None and item.y is not None
            self.model.view.center_on(item.x, item.y, min(self.model.view.mpp, 2.5))
            self._mark(item.x, item.y, r.label)
            outside = (
                item.lon is not None
                and item.lat is not None
                and self.model.is_outside(item.lon, item.lat)
            )
            msg = self.tr("Position {pos} ({system})").format(pos=r.label, system=r.detail)
            if outside:
                msg += " — " + self.tr("outside the town boundary")
            self.jumped.emit(msg)
            return True
        if item.on_map and self.model.has_feature(r.layer_id, r.feature_id):
            self.model.select(r.layer_id, r.feature_id)
            self.model.zoom_to_feature(r.layer_id, r.feature_id)
            self.jumped.emit("")
            return True
        if item.lon is not None and item.lat is not None:
            x, y = self.model.to_world(item.lon, item.lat)
            self.model.view.center_on(x, y, min(self.model.view.mpp, 2.5))
            self._mark(x, y, r.label)
            if r.kind == "case":
                self.jumped.emit(
                    self.tr("Case {number} is closed; it is marked where it was reported").format(
                        number=r.label
                    )
                )
            else:
                self.jumped.emit(
                    self.tr("{label} is not on the map; it is marked at its position").format(
                        label=r.label
                    )
                )
            return True
        return False

    def _mark(self, x: float, y: float, text: str) -> None:
        if self.marker_callback is not None:
            self.marker_callback(x, y, text)

    def focus_search(self) -> None:
        self.edit.setFocus()
        self.edit.selectAll()
