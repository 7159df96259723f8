"""Export the current map view: a PNG at a multiple of the screen resolution, or a printable
PDF page (A4 or A3, landscape or portrait) with a title, the map, its legend, a scale bar at
the printed scale, a north arrow, the date and the coordinate system.

The PDF is vector (grids, rivers, text); point symbols and labels are images rendered at
three times screen resolution. Everything goes through the same MapRenderer as the screen.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from desktop.app import ui_font
from desktop.map.legend import draw_layer_legend
from desktop.map.renderer import MapRenderer, crs_note, draw_north_arrow, draw_scale_bar
from gis.mapmodel import MapViewState

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3}
LOGICAL_DPI = 96.0  # the renderer's pixel: symbol sizes and pen widths are in these
# The PDF's coordinate unit is the renderer's pixel (1/96 inch), so a 1-px line prints about a
# quarter of a millimetre wide; point symbols and labels are images made at print resolution.
PDF_DPI = 96
PRINT_DPR = 3.0


def export_png(
    renderer: MapRenderer, view: MapViewState, path: str | Path, scale: float = 2.0
) -> Path:
    """The view as a PNG at `scale` times its pixel size (2 = print-sharp)."""
    target = Path(path)
    img = QImage(
        int(view.width * scale), int(view.height * scale), QImage.Format.Format_ARGB32_Premultiplied
    )
    img.setDevicePixelRatio(scale)
    p = QPainter(img)
    renderer.render(p, view.copy(), renderer.model.now())
    p.end()
    if not img.save(str(target), "PNG"):
        raise OSError(f"could not write {target}")
    return target


def export_pdf(
    renderer: MapRenderer,
    view: MapViewState,
    path: str | Path,
    *,
    page: str = "A4",
    landscape: bool = True,
    title: str = "",
    subtitle: str = "",
    when: datetime | None = None,
    note: str = "",
) -> Path:
    """A printable page of the area `view` shows: title, map, legend, scale bar, north arrow,
    date and CRS. Returns the path written."""
    target = Path(path)
    writer = QPdfWriter(str(target))
    writer.setResolution(PDF_DPI)
    writer.setTitle(title or "GridDesk")
    writer.setCreator("GridDesk")
    layout = QPageLayout(
        QPageSize(PAGE_SIZES.get(page.upper(), QPageSize.PageSizeId.A4)),
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
        QMarginsF(10, 10, 10, 10),
        QPageLayout.Unit.Millimeter,
    )
    writer.setPageLayout(layout)
    p = QPainter()
    if not p.begin(writer):
        raise OSError(f"could not write {target}")
    try:
        paint = layout.paintRectPixels(PDF_DPI)
        page_w, page_h = float(paint.width()), float(paint.height())
        _draw_page(renderer, view, p, page_w, page_h, title, subtitle, when, note, PRINT_DPR)
    finally:
        p.end()
    return target


def _draw_page(
    renderer: MapRenderer,
    view: MapViewState,
    p: QPainter,
    page_w: float,
    page_h: float,
    title: str,
    subtitle: str,
    when: datetime | None,
    note: str,
    dpr: float,
) -> None:
    ink = QColor("#1b2430")
    dim = QColor("#5b6673")
    title_font = ui_font(17.0, bold=True)
    sub_font = ui_font(10.0)
    small = ui_font(8.5)
    tfm = QFontMetricsF(title_font)
    sfm = QFontMetricsF(sub_font)
    y = 0.0
    p.setPen(ink)
    p.setFont(title_font)
    p.drawText(QPointF(0, y + tfm.ascent()), title or QCoreApplication.translate("MapExport", "Grid map"))
    y += tfm.height() + 2
    when = when or renderer.model.now()
    sub = subtitle or ""
    date_text = QCoreApplication.translate("MapExport", "Printed {date}").format(date=f"{when:%Y-%m-%d %H:%M}")
    p.setFont(sub_font)
    p.setPen(dim)
    p.drawText(QPointF(0, y + sfm.ascent()), f"{sub}  ·  {date_text}" if sub else date_text)
    y += sfm.height() + 8
    # frame: the map on the left, the legend column on the right
    legend_w = min(230.0, page_w * 0.28)
    footer_h = 22.0
    frame = QRectF(0, y, page_w - legend_w - 12, page_h - y - footer_h)
    map_view = MapViewState(view.cx, view.cy, view.mpp, int(frame.width()), int(frame.height()))
    map_view.zoom_to_extent(view.visible_bbox(), margin=0.0)
    old_dpr = renderer.render_dpr
    renderer.render_dpr = dpr
    try:
        p.save()
        p.setClipRect(frame)
        p.translate(frame.topLeft())
        layers = renderer.snapshot_layers()
        renderer.render_static(p, map_view, layers)
        renderer.render_dynamic(p, map_view, renderer.model.now(), layers)
        renderer.render_labels(p, map_view, layers)
        renderer.render_selection(p, map_view)
        draw_north_arrow(p, QPointF(map_view.width - 34.0, 12.0))
        draw_scale_bar(p, map_view.mpp, QPointF(10, map_view.height - 10), ui_font(9.0))
        p.restore()
        p.setPen(QPen(ink, 0.8))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(frame)
        # legend column
        box = draw_layer_legend(
            p,
            QPointF(frame.right() + 12, frame.top()),
            renderer.model,
            renderer.style,
            renderer.sprites,
            font=ui_font(9.0),
            max_height=frame.height() - 60,
            dark=False,
        )
        del box
    finally:
        renderer.render_dpr = old_dpr
    # footer: scale, CRS, note
    p.setFont(small)
    p.setPen(dim)
    fm = QFontMetricsF(small)
    denom = map_view.scale_denominator(LOGICAL_DPI)
    footer = "  ·  ".join(
        x
        for x in (
            QCoreApplication.translate("MapExport", "Scale 1:{n} (on paper)").format(n=f"{round(denom, -1):,.0f}"),
            crs_note(renderer.model.display_epsg),
            note,
            "GridDesk",
        )
        if x
    )
    p.drawText(QPointF(0, page_h - footer_h + 6 + fm.ascent()), footer)


class ExportPdfDialog(QDialog):
    """Title, paper size and orientation of a printed map."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export map as PDF"))
        form = QFormLayout(self)
        self.title_edit = QLineEdit(title, self)
        self.page_combo = QComboBox(self)
        self.page_combo.addItems(["A4", "A3"])
        self.orientation_combo = QComboBox(self)
        self.orientation_combo.addItem(self.tr("Landscape"), True)
        self.orientation_combo.addItem(self.tr("Portrait"), False)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Paper"), self.page_combo)
        form.addRow(self.tr("Orientation"), self.orientation_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def options(self) -> dict[str, object]:
        return {
            "title": self.title_edit.text().strip(),
            "page": self.page_combo.currentText(),
            "landscape": bool(self.orientation_combo.currentData()),
        }


def page_size_points(page: str, landscape: bool) -> QSize:
    """The page size in points (tests)."""
    size = QPageSize(PAGE_SIZES[page]).sizePoints()
    return QSize(size.height(), size.width()) if landscape else size
