"""The layer panel: a checkable row per map layer (legend swatch, feature count), the base map
row, the layer's opacity and drawing order, and the grid colouring (thematic map) with its
legend.

It only changes the model (`MapModel.set_visible`, `set_opacity`, `move_layer`,
`set_thematic`) and follows its signals, so menus, keyboard toggles and the panel always
agree. Per-grid figures come from a provider (the database aggregates them in SQL; without
one, the loaded open cases are counted) and are fetched off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRectF, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSlider,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import labels, theme
from desktop.labels import QT_TRANSLATE_NOOP
from desktop.map.legend import draw_layer_symbol, draw_thematic_legend, thematic_field_title
from desktop.map.style import MapStyle, SpriteCache
from desktop.qtutil import observe
from gis.mapmodel import GeometryType, LayerId, MapModel
from gis.thematic import ThematicField, classify_field

SWATCH_W, SWATCH_H = 28, 18
OPTIONAL_LAYERS = frozenset({LayerId.OTHER_POINTS})
LAYER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
BASEMAP_ID = "__basemap__"
BASEMAP_TITLE = QT_TRANSLATE_NOOP("Layers", "Base map")
COLOURING_VILLAGES = QT_TRANSLATE_NOOP("LayerPanel", "By village (no figure)")

# A provider returns per-grid values (feature id -> value, or an array in layer order) for a
# thematic field on a grid layer.
FiguresProvider = Callable[[str, str], "dict[int, float] | np.ndarray"]


def layer_swatch(
    layer_id: str, gtype: GeometryType, style: MapStyle, sprites: SpriteCache
) -> QIcon:
    """A small legend picture of how a layer is drawn."""
    dpr = 2.0
    pm = QPixmap(int(SWATCH_W * dpr), int(SWATCH_H * dpr))
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    draw_layer_symbol(p, QRectF(0, 0, SWATCH_W, SWATCH_H), layer_id, gtype, style, sprites, dpr)
    p.end()
    return QIcon(pm)


def basemap_swatch() -> QIcon:
    dpr = 2.0
    pm = QPixmap(int(SWATCH_W * dpr), int(SWATCH_H * dpr))
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    colours = ("#5b7a5a", "#8aa37c", "#c9c3a8", "#7da2c4")
    w = (SWATCH_W - 4) / 2.0
    h = (SWATCH_H - 4) / 2.0
    for k, c in enumerate(colours):
        p.fillRect(QRectF(2 + (k % 2) * w, 2 + (k // 2) * h, w, h), QColor(c))
    p.end()
    return QIcon(pm)


class _Signals(QObject):
    done = Signal(object, object)  # token, result or Exception


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], token: object, signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.token = token
        self.signals = signals

    def run(self) -> None:
        try:
            result: Any = self.fn()
        except Exception as exc:  # reported in the panel
            result = exc
        self.signals.done.emit(self.token, result)


class ThematicLegend(QWidget):
    """The classes of the current thematic map (hidden without one)."""

    def __init__(self, model: MapModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("thematicLegend")
        observe(self, model.thematic_changed, self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        th = self.model.thematic
        self.setVisible(th is not None)
        if th is not None:
            img = QPixmap(10, 10)
            p = QPainter(img)
            box = draw_thematic_legend(p, QPointF(0, 0), th, dark=True)
            p.end()
            self.setFixedHeight(int(box.height()) + 4)
            self.setMinimumWidth(int(box.width()) + 4)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        th = self.model.thematic
        if th is None:
            return
        p = QPainter(self)
        draw_thematic_legend(p, QPointF(0, 0), th, dark=True)
        p.end()


class LayerPanel(QWidget):
    """Checkbox list of layers, top layer first, with legend swatches and counts; the base map;
    opacity and order of the current layer; grid colouring by a figure."""

    thematic_failed = Signal(str)

    def __init__(
        self, model: MapModel, style: MapStyle | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("layerPanel")
        self.model = model
        self.style_ = style or MapStyle()
        self._sprites = SpriteCache()
        self._updating = False
        self.basemap: Any = None  # desktop.map.basemap.BaseMapLayer
        self.figures_provider: FiguresProvider | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_figures, Qt.ConnectionType.QueuedConnection)
        self._token = 0
        self.thematic_field: str | None = None

        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("layerTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(4)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tree.setIconSize(QPixmap(SWATCH_W, SWATCH_H).size())
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.tree)

        # opacity and order of the current layer
        row = QHBoxLayout()
        row.setSpacing(4)
        self.opacity_label = QLabel(self.tr("Opacity"), self)
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity_slider.setObjectName("opacitySlider")
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setToolTip(self.tr("Opacity of the selected layer"))
        self.up_button = QToolButton(self)
        self.up_button.setObjectName("layerUp")
        self.up_button.setText("▲")
        self.up_button.setToolTip(self.tr("Draw the selected layer higher"))
        self.down_button = QToolButton(self)
        self.down_button.setObjectName("layerDown")
        self.down_button.setText("▼")
        self.down_button.setToolTip(self.tr("Draw the selected layer lower"))
        row.addWidget(self.opacity_label)
        row.addWidget(self.opacity_slider, 1)
        row.addWidget(self.up_button)
        row.addWidget(self.down_button)
        lay.addLayout(row)

        # thematic colouring
        trow = QHBoxLayout()
        trow.setSpacing(4)
        self.colour_label = QLabel(self.tr("Grid colours"), self)
        self.thematic_combo = QComboBox(self)
        self.thematic_combo.setObjectName("thematicCombo")
        self.thematic_combo.addItem(self.tr("By village (no figure)"), None)
        for f in ThematicField:
            self.thematic_combo.addItem(thematic_field_title(f), str(f))
        self.thematic_combo.setToolTip(
            self.tr("Colour the management grids by a figure (a thematic map)")
        )
        trow.addWidget(self.colour_label)
        trow.addWidget(self.thematic_combo, 1)
        lay.addLayout(trow)
        self.legend = ThematicLegend(model, self)
        lay.addWidget(self.legend)
        self.thematic_status = QLabel(self)
        self.thematic_status.setObjectName("thematicStatus")
        self.thematic_status.setWordWrap(True)
        self.thematic_status.setVisible(False)
        lay.addWidget(self.thematic_status)

        self.items: dict[str, QTreeWidgetItem] = {}
        self._build()
        self.tree.itemChanged.connect(self._on_item_changed)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self.opacity_slider.valueChanged.connect(self._on_opacity)
        self.up_button.clicked.connect(lambda: self._move(+1))
        self.down_button.clicked.connect(lambda: self._move(-1))
        self.thematic_combo.currentIndexChanged.connect(self._on_thematic_combo)
        observe(self, model.layers_changed, self._on_layers_changed)
        observe(self, model.layer_order_changed, self._on_order_changed)
        observe(self, model.data_changed, self._on_data_changed)
        observe(self, model.thematic_changed, self._on_thematic_changed)
        self._on_current_changed(self.tree.currentItem(), None)

    # ------------------------------------------------------------------ rows
    def _build(self) -> None:
        current = self.current_layer()
        self._updating = True
        try:
            self.tree.clear()
            self.items.clear()
            outside = self.model.outside_counts() if self.model.town_geometry() else {}
            for layer in reversed(self.model.layers):
                if layer.id in OPTIONAL_LAYERS and len(self.model.layer_data(layer.id)) == 0:
                    continue  # e.g. no key point of an unknown kind: no row for it
                item = QTreeWidgetItem(self.tree)
                item.setText(0, labels.layer_title(layer.title))
                item.setData(0, LAYER_ID_ROLE, layer.id)
                item.setIcon(
                    0, layer_swatch(layer.id, layer.geometry_type, self.style_, self._sprites)
                )
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsSelectable
                )
                item.setCheckState(
                    0, Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked
                )
                count = f"{len(self.model.layer_data(layer.id)):,}"
                n_out = outside.get(layer.id, 0)
                if n_out:
                    count += " !"
                    item.setToolTip(
                        1,
                        self.tr("{n} outside the town boundary (flagged on the map)").format(
                            n=f"{n_out:,}"
                        ),
                    )
                    item.setForeground(1, QColor(self.style_.outside_colour))
                else:
                    item.setForeground(1, QColor(theme.TEXT_DIM))
                item.setText(1, count)
                item.setTextAlignment(
                    1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                self.items[layer.id] = item
            self._add_basemap_row()
            if current in self.items:
                self.tree.setCurrentItem(self.items[current])
        finally:
            self._updating = False

    def _add_basemap_row(self) -> None:
        item = QTreeWidgetItem(self.tree)
        item.setText(0, labels.layer_title(BASEMAP_TITLE))
        item.setData(0, LAYER_ID_ROLE, BASEMAP_ID)
        item.setIcon(0, basemap_swatch())
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsSelectable
        )
        on = bool(self.basemap is not None and self.basemap.enabled)
        item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.items[BASEMAP_ID] = item
        self._show_basemap_status()

    def set_basemap(self, layer: Any) -> None:
        """Show a desktop.map.basemap.BaseMapLayer's switch and status."""
        self.basemap = layer
        layer.status_changed.connect(lambda _s: self._show_basemap_status())
        self._show_basemap_status()

    def _show_basemap_status(self) -> None:
        item = self.items.get(BASEMAP_ID)
        if item is None:
            return
        from desktop.map.basemap import status_short, status_text
        from gis.tiles import BaseMapStatus, StatusCode

        status = (
            self.basemap.status
            if self.basemap is not None
            else BaseMapStatus(StatusCode.NOT_CONFIGURED)
        )
        self._updating = True
        try:
            item.setText(1, status_short(status))
            item.setToolTip(0, status_text(status))
            item.setToolTip(1, status_text(status))
            bad = not status.ok and status.code not in (StatusCode.OFF, StatusCode.NOT_CONFIGURED)
            item.setForeground(1, QColor(theme.OVERDUE_COLOUR if bad else theme.TEXT_DIM))
            on = bool(self.basemap is not None and self.basemap.enabled)
            item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        finally:
            self._updating = False

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._updating or column != 0:
            return
        layer_id = str(item.data(0, LAYER_ID_ROLE))
        checked = item.checkState(0) == Qt.CheckState.Checked
        if layer_id == BASEMAP_ID:
            if self.basemap is not None:
                self.basemap.set_enabled(checked)
            self._show_basemap_status()
            return
        self.model.set_visible(layer_id, checked)

    def _on_layers_changed(self, layer_id: str) -> None:
        item = self.items.get(layer_id)
        if item is None:
            self._build()
            return
        layer = self.model.layer(layer_id)
        self._updating = True
        try:
            item.setCheckState(
                0, Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked
            )
        finally:
            self._updating = False
        if layer_id == self.current_layer():
            self._sync_controls()

    def _on_order_changed(self) -> None:
        self._build()

    def _on_data_changed(self) -> None:
        self._build()
        if self.thematic_field is not None:
            self.apply_thematic(self.thematic_field)

    # ------------------------------------------------------------------ opacity & order
    def current_layer(self) -> str | None:
        item = self.tree.currentItem() if hasattr(self, "tree") else None
        return str(item.data(0, LAYER_ID_ROLE)) if item is not None else None

    def select_layer(self, layer_id: str) -> None:
        self.tree.setCurrentItem(self.items[layer_id])

    def _on_current_changed(self, current: Any, _previous: Any) -> None:
        self._sync_controls()

    def _sync_controls(self) -> None:
        lid = self.current_layer()
        is_layer = lid is not None and lid != BASEMAP_ID
        enabled = is_layer or (lid == BASEMAP_ID and self.basemap is not None)
        self.opacity_slider.setEnabled(enabled)
        self.up_button.setEnabled(is_layer)
        self.down_button.setEnabled(is_layer)
        if lid is None:
            return
        if lid == BASEMAP_ID:
            value = self.basemap.opacity if self.basemap is not None else 1.0
        else:
            value = self.model.layer(lid).opacity
        self.opacity_slider.blockSignals(True)
        self.opacity_slider.setValue(round(value * 100))
        self.opacity_slider.blockSignals(False)

    def _on_opacity(self, value: int) -> None:
        lid = self.current_layer()
        if lid is None:
            return
        if lid == BASEMAP_ID:
            if self.basemap is not None:
                self.basemap.opacity = value / 100.0
                self.basemap.changed.emit()
            return
        self.model.set_opacity(lid, value / 100.0)

    def _move(self, steps: int) -> None:
        lid = self.current_layer()
        if lid is None or lid == BASEMAP_ID:
            return
        self.model.move_layer(lid, steps)
        self.select_layer(lid)

    # ------------------------------------------------------------------ thematic
    def set_figures_provider(self, provider: FiguresProvider | None) -> None:
        """Where per-grid figures come from (called off the GUI thread)."""
        self.figures_provider = provider

    def _on_thematic_combo(self, index: int) -> None:
        field = self.thematic_combo.itemData(index)
        if field is None:
            self.thematic_field = None
            self.model.clear_thematic()
            return
        self.apply_thematic(str(field))

    def apply_thematic(self, field: str, layer_id: str = LayerId.MANAGEMENT) -> None:
        """Colour a grid layer by a figure: fetch the figures (off the GUI thread when the
        database provides them), classify, and hand them to the model."""
        self.thematic_field = field
        self._token += 1
        token = (self._token, field, layer_id)
        provider = self.figures_provider
        if provider is None:
            values: Any = self.model.figures_from_cases(layer_id)[field]
            self._finish_thematic(field, layer_id, values)
            return
        self.thematic_status.setText(self.tr("Counting cases per grid…"))
        self.thematic_status.setVisible(True)
        self._pool.start(_Job(lambda: provider(field, layer_id), token, self._signals))

    def _on_figures(self, token: object, result: object) -> None:
        if not isinstance(token, tuple) or token[0] != self._token:
            return  # a newer choice was made meanwhile
        _, field, layer_id = token
        if isinstance(result, Exception):
            self.thematic_status.setText(
                self.tr("The figures could not be read: {error}").format(error=result)
            )
            self.thematic_failed.emit(str(result))
            return
        self.thematic_status.setVisible(False)
        self._finish_thematic(field, layer_id, result)

    def _finish_thematic(self, field: str, layer_id: str, values: Any) -> None:
        d = self.model.layer_data(layer_id)
        if isinstance(values, dict):
            arr = np.full(len(d), np.nan)
            pos = d.index_of.positions(list(values.keys())) if values else np.empty(0, np.int64)
            vals = np.asarray(list(values.values()), dtype=float)
            ok = pos >= 0
            arr[pos[ok]] = vals[ok]
        else:
            arr = np.asarray(values, dtype=float)
        classification = classify_field(arr, field)
        self.model.set_thematic(layer_id, field, arr, classification)
        self._select_combo(field)

    def wait_for_figures(self, timeout_ms: int = 5000) -> bool:
        from PySide6.QtWidgets import QApplication

        self._pool.waitForDone(timeout_ms)
        QApplication.processEvents()
        return True

    def _select_combo(self, field: str | None) -> None:
        idx = self.thematic_combo.findData(field)
        if idx >= 0 and idx != self.thematic_combo.currentIndex():
            self.thematic_combo.blockSignals(True)
            self.thematic_combo.setCurrentIndex(idx)
            self.thematic_combo.blockSignals(False)

    def _on_thematic_changed(self) -> None:
        th = self.model.thematic
        if th is None:
            self.thematic_field = None
            self._select_combo(None)

    # ------------------------------------------------------------------ sizes & helpers
    def preferred_width(self) -> int:
        """Wide enough for the longest layer title, its swatch, checkbox and count."""
        fm = self.tree.fontMetrics()
        widest = max(
            (fm.horizontalAdvance(item.text(0)) for item in self.items.values()), default=80
        )
        count = max(
            (fm.horizontalAdvance(item.text(1)) for item in self.items.values()), default=30
        )
        return widest + count + SWATCH_W + 80

    def content_height(self) -> int:
        """Height that shows every layer row and the controls without scrolling."""
        rows = self.tree.topLevelItemCount()
        row_h = self.tree.sizeHintForRow(0) if rows else 24
        controls = self.opacity_slider.sizeHint().height() + self.thematic_combo.sizeHint().height()
        legend = self.legend.height() if self.legend.isVisible() else 0
        return rows * row_h + 2 * self.tree.frameWidth() + 12 + controls + 16 + legend

    def set_checked(self, layer_id: str, checked: bool) -> None:
        """Tick or untick a layer's box (as the user would)."""
        self.items[layer_id].setCheckState(
            0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        )

    def is_checked(self, layer_id: str) -> bool:
        return self.items[layer_id].checkState(0) == Qt.CheckState.Checked
