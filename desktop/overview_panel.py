"""Town overview (全镇概况): the headline counts of the data source's summary()."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop import labels, theme


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class OverviewPanel(QWidget):
    """Two-column key figures; missing keys are simply left out."""

    def __init__(self, summary: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overviewPanel")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 6, 10, 8)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(3)
        outer.addLayout(self.grid)
        outer.addStretch(1)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        self.set_summary(summary)

    def _add(
        self,
        key: str,
        label: str,
        value: str,
        detail: str = "",
        colour: str = "",
        detail_colour: str = theme.TEXT_DIM,
    ) -> None:
        row = len(self.rows)
        name = QLabel(label)
        name.setStyleSheet(f"color: {theme.TEXT_DIM};")
        val = QLabel(
            value
            if not detail
            else f"{value}&nbsp;&nbsp;<span style='color:{detail_colour}; font-weight: normal'>"
            f"{detail}</span>"
        )
        val.setTextFormat(Qt.TextFormat.RichText)
        val.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        val.setStyleSheet(f"font-weight: bold; color: {colour or theme.TEXT};")
        val.setObjectName(f"overview.{key}")
        self.grid.addWidget(name, row, 0)
        self.grid.addWidget(val, row, 1)
        self.rows[key] = (name, val)

    def set_summary(self, s: dict[str, Any]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        self.rows.clear()
        n = _int(s.get("responsibility_grids"))
        if n is not None:
            self._add("responsibility_grids", self.tr("Responsibility grids"), f"{n:,}")
        n = _int(s.get("management_grids"))
        if n is not None:
            self._add("management_grids", self.tr("Management grids"), f"{n:,}")
        kp = s.get("key_points")
        if isinstance(kp, dict):
            total = _int(s.get("key_points_total"))
            if total is None:
                total = sum(_int(v) or 0 for v in kp.values())
            self._add("key_points", self.tr("Key points"), f"{total:,}")
            for kind, value in kp.items():
                v = _int(value)
                if v is not None:
                    self._add(
                        f"key_points.{kind}",
                        "\u3000" + labels.kind_label(str(kind)),  # indented under the total
                        f"{v:,}",
                        colour=theme.TEXT_DIM,
                    )
        n = _int(s.get("active_qr_codes"))
        if n is not None:
            self._add("active_qr_codes", self.tr("QR codes in use"), f"{n:,}")
        for key, text in (
            ("cameras", self.tr("Cameras")),
            ("grid_members", self.tr("Grid members")),
            ("departments", self.tr("Departments")),
            ("categories", self.tr("Checklist items")),
            ("hazard_reports", self.tr("Hazard reports")),
        ):
            n = _int(s.get(key))
            if n is not None:
                self._add(key, text, f"{n:,}")
        n = _int(s.get("cases_first_half"))
        if n is not None:
            self._add("cases_first_half", self.tr("Cases, first half"), f"{n:,}")
            pct = s.get("cases_first_half_change_pct")
            if isinstance(pct, int | float):
                if pct < 0:
                    change = self.tr("down {pct:.2f}%").format(pct=-pct)
                else:
                    change = self.tr("up {pct:.2f}%").format(pct=pct)
                self._add(
                    "cases_first_half_change",
                    self.tr("  vs. last year"),
                    change,
                    colour=theme.OK_COLOUR if pct < 0 else theme.WARN_COLOUR,
                )
        cov = s.get("coverage")
        if isinstance(cov, dict):
            area = cov.get("area_km2")
            if isinstance(area, int | float):
                self._add("area", self.tr("Area"), self.tr("{area:.2f} km²").format(area=area))
            gap, overlap = cov.get("gap_m2"), cov.get("overlap_m2")
            if isinstance(gap, int | float) and isinstance(overlap, int | float):
                if gap < 1.0 and overlap < 1.0:
                    self._add(
                        "coverage",
                        self.tr("Grid coverage"),
                        self.tr("complete"),
                        colour=theme.OK_COLOUR,
                    )
                else:
                    self._add(
                        "coverage",
                        self.tr("Grid coverage"),
                        self.tr("gaps {gap:,.0f} m² · overlaps {overlap:,.0f} m²").format(
                            gap=gap, overlap=overlap
                        ),
                        colour=theme.WARN_COLOUR,
                    )

    def value_text(self, key: str) -> str:
        return self.rows[key][1].text()
