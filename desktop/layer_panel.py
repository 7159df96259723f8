"""The layer panel: one checkable row per map layer with its legend swatch and feature count.

It only toggles the model (`MapModel.set_visible`) and follows `layers_changed`, so menus,
keyboard toggles and the panel always agree.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import labels, theme
from desktop.map.style import GRID_PALETTE, MapStyle, SpriteCache, Symbol, colour
from desktop.qtutil import observe
from gis.mapmodel import GeometryType, LayerId, MapModel

SWATCH_W, SWATCH_H = 28, 18
OPTIONAL_LAYERS = frozenset({LayerId.OTHER_POINTS})
LAYER_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def layer_swatch(
    layer_id: str, gtype: GeometryType, style: MapStyle, sprites: SpriteCache
) -> QIcon:
    """A small legend picture of how a layer is drawn."""
    dpr = 2.0
    pm = QPixmap(int(SWATCH_W * dpr), int(SWATCH_H * dpr))
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = QRectF(2, 2, SWATCH_W - 4, SWATCH_H - 4)
    if gtype is GeometryType.POLYGON:
        st = style.polygons.get(layer_id)
        if st is not None:
            if st.palette_fill:
                w = box.width() / 4.0
                for k in range(4):
                    c = QColor(GRID_PALETTE[k])
                    c.setAlphaF(0.55)
                    p.fillRect(QRectF(box.left() + k * w, box.top(), w, box.height()), c)
            elif st.fill:
                p.fillRect(box, QColor(st.fill))
            pen = QPen(colour(st.outline, max(st.outline_alpha, 0.7)), max(1.2, st.outline_width))
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(box)
    elif gtype is GeometryType.LINE:
        st_line = style.lines.get(layer_id)
        if st_line is not None:
            pen = QPen(QColor(st_line.colour), 2.6)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            p.setPen(pen)
            p.drawPolyline(
                QPolygonF([QPointF(3, 12), QPointF(10, 7), QPointF(17, 12), QPointF(25, 6)])
            )
    elif layer_id == LayerId.CASES:
        for k, state in enumerate(("reported", "dispatched", "feedback")):
            pm_state = sprites.get(Symbol.CASE, theme.STATE_COLOURS[state], 9.0, dpr=dpr)
            p.drawPixmap(QPointF(1 + k * 7.5, 9 - pm_state.height() / dpr / 2), pm_state)
        pm_over = sprites.get(Symbol.CASE, theme.OVERDUE_COLOUR, 9.0, dpr=dpr)
        p.drawPixmap(
            QPointF(22.5 - pm_over.width() / dpr / 2, 9 - pm_over.height() / dpr / 2), pm_over
        )
    else:
        st_pt = style.points.get(layer_id)
        if st_pt is not None:
            sprite = sprites.get(
                st_pt.symbol,
                st_pt.fill,
                max(st_pt.size, 9.0),
                st_pt.outline,
                st_pt.outline_width,
                dpr=dpr,
            )
            p.drawPixmap(
                QPointF(
                    SWATCH_W / 2 - sprite.width() / dpr / 2,
                    SWATCH_H / 2 - sprite.height() / dpr / 2,
                ),
                sprite,
            )
    p.end()
    return QIcon(pm)


class LayerPanel(QWidget):
    """Checkbox list of layers, top layer first, with legend swatches and counts."""

    def __init__(
        self, model: MapModel, style: MapStyle | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("layerPanel")
        self.model = model
        self.style_ = style or MapStyle()
        self._sprites = SpriteCache()
        self._updating = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("layerTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(4)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tree.setIconSize(QPixmap(SWATCH_W, SWATCH_H).size())
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.tree)
        self.items: dict[str, QTreeWidgetItem] = {}
        self._build()
        self.tree.itemChanged.connect(self._on_item_changed)
        observe(self, model.layers_changed, self._on_layers_changed)
        observe(self, model.data_changed, self._on_data_changed)

    def _build(self) -> None:
        self._updating = True
        try:
            self.tree.clear()
            self.items.clear()
            for layer in reversed(self.model.layers):
                if layer.id in OPTIONAL_LAYERS and len(self.model.layer_data(layer.id)) == 0:
                    continue  # e.g. no key point of an unknown kind: no row for it
                item = QTreeWidgetItem(self.tree)
                item.setText(0, labels.layer_title(layer.title))
                item.setData(0, LAYER_ID_ROLE, layer.id)
                item.setIcon(
                    0, layer_swatch(layer.id, layer.geometry_type, self.style_, self._sprites)
                )
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    0, Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked
                )
                item.setText(1, f"{len(self.model.layer_data(layer.id)):,}")
                item.setForeground(1, QColor(theme.TEXT_DIM))
                item.setTextAlignment(
                    1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                self.items[layer.id] = item
        finally:
            self._updating = False

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._updating or column != 0:
            return
        layer_id = str(item.data(0, LAYER_ID_ROLE))
        self.model.set_visible(layer_id, item.checkState(0) == Qt.CheckState.Checked)

    def _on_layers_changed(self, layer_id: str) -> None:
        item = self.items.get(layer_id)
        if item is None:
            self._build()
            return
        visible = self.model.layer(layer_id).visible
        self._updating = True
        try:
            item.setCheckState(0, Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked)
        finally:
            self._updating = False

    def _on_data_changed(self) -> None:
        self._build()

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
        """Height that shows every layer row without scrolling."""
        rows = self.tree.topLevelItemCount()
        row_h = self.tree.sizeHintForRow(0) if rows else 24
        return rows * row_h + 2 * self.tree.frameWidth() + 12

    def set_checked(self, layer_id: str, checked: bool) -> None:
        """Tick or untick a layer's box (as the user would)."""
        self.items[layer_id].setCheckState(
            0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        )

    def is_checked(self, layer_id: str) -> bool:
        return self.items[layer_id].checkState(0) == Qt.CheckState.Checked
