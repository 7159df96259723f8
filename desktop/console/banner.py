"""The bars across the top of the main window: the offline banner (the database cannot be
reached; unsaved input is kept; reconnecting by itself) and the urgent-case alert bar.

Both live in one tool bar on its own row under the main tool bar, shown only while one of
them has something to say."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from db.health import Health, HealthState
from desktop import theme

BANNER_STYLE = f"""
QToolBar#consoleBanners {{ background: {theme.BG_WINDOW}; border: none; padding: 0; spacing: 0; }}
QFrame#offlineBanner {{ background: #5c1518; border: 1px solid {theme.OVERDUE_COLOUR}; border-radius: 4px; }}
QFrame#offlineBanner[state="recovering"] {{ background: #14402a; border-color: {theme.OK_COLOUR}; }}
QFrame#offlineBanner QLabel {{ color: #ffe1e1; }}
QFrame#offlineBanner[state="recovering"] QLabel {{ color: #d9ffe4; }}
QLabel#bannerHeadline {{ font-size: 12.5pt; font-weight: bold; }}
QFrame#alertBar {{ background: #6b1d10; border: 1px solid {theme.URGENT_COLOUR}; border-radius: 4px; }}
QFrame#alertBar[flash="true"] {{ background: #a3261a; }}
QFrame#alertBar QLabel {{ color: #fff1ea; }}
QPushButton#bannerButton {{
    background: transparent; color: white; border: 1px solid rgba(255,255,255,0.55); border-radius: 3px;
    padding: 3px 12px; font-weight: bold;
}}
QPushButton#bannerButton:hover {{ background: rgba(255,255,255,0.12); }}
"""


def _restyle(w: QWidget) -> None:
    w.style().unpolish(w)
    w.style().polish(w)
    for child in w.findChildren(QLabel):
        child.style().unpolish(child)
        child.style().polish(child)


class OfflineBanner(QFrame):
    """"The database cannot be reached" with the reason, the reconnect attempts and the
    promise that nothing typed is lost; "reconnected, catching up" while the views reload."""

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offlineBanner")
        self.setProperty("state", "offline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(14, 6, 10, 6)
        lay.setSpacing(12)
        col = QVBoxLayout()
        col.setSpacing(1)
        self.headline = QLabel(self)
        self.headline.setObjectName("bannerHeadline")
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        col.addWidget(self.headline)
        col.addWidget(self.detail)
        lay.addLayout(col, 1)
        self.retry_button = QPushButton(self.tr("Retry now"), self)
        self.retry_button.setObjectName("bannerButton")
        self.retry_button.clicked.connect(self.retry_requested.emit)
        lay.addWidget(self.retry_button)
        self.health: Health | None = None

    def show_health(self, health: Health) -> None:
        self.health = health
        self.setProperty("state", "offline")
        if health.state is HealthState.RECONNECTING:
            self.headline.setText(self.tr("Database connection lost · reconnecting…"))
        else:
            self.headline.setText(self.tr("Database connection lost"))
        parts = []
        if health.since is not None:
            parts.append(self.tr("since {time}").format(time=f"{health.since:%H:%M:%S}"))
        if health.attempts:
            parts.append(self.tr("{n} reconnect attempts").format(n=health.attempts))
        if health.retry_in is not None and health.state is HealthState.OFFLINE:
            parts.append(self.tr("next try in {s} s").format(s=f"{health.retry_in:.0f}"))
        parts.append(self.tr("Your unsaved input is kept; changes cannot be saved until the connection is back."))
        self.detail.setText(" · ".join(parts))
        self.detail.setToolTip(health.reason)
        self.retry_button.setVisible(True)
        _restyle(self)

    def show_recovering(self) -> None:
        self.setProperty("state", "recovering")
        self.headline.setText(self.tr("Reconnected · catching up…"))
        self.detail.setText(self.tr("Loading what changed while the connection was down."))
        self.detail.setToolTip("")
        self.retry_button.setVisible(False)
        _restyle(self)

    @property
    def recovering(self) -> bool:
        return self.property("state") == "recovering"


class AlertBar(QFrame):
    """A new urgent case: what and where, with a button to open it."""

    open_requested = Signal(int)
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertBar")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(14, 6, 10, 6)
        lay.setSpacing(12)
        col = QVBoxLayout()
        col.setSpacing(1)
        self.headline = QLabel(self)
        self.headline.setObjectName("bannerHeadline")
        self.detail = QLabel(self)
        col.addWidget(self.headline)
        col.addWidget(self.detail)
        lay.addLayout(col, 1)
        self.open_button = QPushButton(self.tr("Open case"), self)
        self.open_button.setObjectName("bannerButton")
        self.open_button.clicked.connect(self._open)
        self.dismiss_button = QPushButton(self.tr("Dismiss"), self)
        self.dismiss_button.setObjectName("bannerButton")
        self.dismiss_button.clicked.connect(self.dismissed.emit)
        lay.addWidget(self.open_button)
        lay.addWidget(self.dismiss_button)
        self.case_id: int | None = None

    def show_cases(self, rows: list[Any]) -> None:
        first = rows[0]
        self.case_id = int(first.id)
        if len(rows) == 1:
            self.headline.setText(self.tr("New urgent case {number}").format(number=first.number))
        else:
            self.headline.setText(self.tr("{n} new urgent cases").format(n=len(rows)))
        where = first.grid_name or first.grid_code or first.address
        self.detail.setText(
            " · ".join(
                x for x in (first.category_name, where, f"{first.reported_at:%H:%M}") if x
            )
        )

    def set_flash(self, on: bool) -> None:
        self.setProperty("flash", "true" if on else "false")
        _restyle(self)

    def _open(self) -> None:
        if self.case_id is not None:
            self.open_requested.emit(self.case_id)


class BannerBar(QToolBar):
    """The row under the main tool bar that holds the banners; hidden while both are."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consoleBanners")
        self.setMovable(False)
        self.setFloatable(False)
        self.setStyleSheet(BANNER_STYLE)
        holder = QWidget(self)
        holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.setSpacing(4)
        self.offline = OfflineBanner(holder)
        self.alert = AlertBar(holder)
        lay.addWidget(self.offline)
        lay.addWidget(self.alert)
        self.addWidget(holder)
        self.offline.setVisible(False)
        self.alert.setVisible(False)
        self.toggleViewAction().setVisible(False)  # not in the tool bar context menu
        self.setVisible(False)

    def update_visibility(self) -> None:
        self.setVisible(not self.offline.isHidden() or not self.alert.isHidden())

    def show_offline(self, health: Health) -> None:
        self.offline.show_health(health)
        self.offline.setVisible(True)
        self.update_visibility()

    def show_recovering(self) -> None:
        self.offline.show_recovering()
        self.offline.setVisible(True)
        self.update_visibility()

    def hide_offline(self) -> None:
        self.offline.setVisible(False)
        self.update_visibility()

    def show_alert(self, rows: list[Any]) -> None:
        self.alert.show_cases(rows)
        self.alert.setVisible(True)
        self.update_visibility()

    def hide_alert(self) -> None:
        self.alert.setVisible(False)
        self.update_visibility()

    @property
    def offline_shown(self) -> bool:
        return not self.isHidden() and not self.offline.isHidden()

    @property
    def alert_shown(self) -> bool:
        return not self.isHidden() and not self.alert.isHidden()
