"""The sign-in dialog: username and password, the must-change-password step with the
policy's rules checked as you type, and - while the database's demo sign-in is on - the demo
accounts, one click to fill them in (a double click signs in).

The same dialog serves the shift handover (`handover_from=` the outgoing officer): the
incoming officer signs in with db.auth.switch_officer, and the outgoing one is signed out in
the same transaction. Every call to db/ runs off the GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QMouseEvent, QPainter, QPaintEvent, QPen, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from db.auth import (
    MAX_PASSWORD,
    DemoAccount,
    PasswordChangeRequired,
    SecurityPolicy,
    change_password,
    demo_accounts,
    password_problems,
    security_policy,
    switch_officer,
)
from db.auth import authenticate as db_authenticate
from db.ops import Actor
from desktop import labels, theme
from desktop.security.common import (
    ROLE_COLOURS,
    STYLE,
    actor_text,
    change_reason_text,
    person_name,
    sign_in_error_text,
)
from desktop.worker import run_async

OK_MARK, BAD_MARK = "√", "×"


def password_classes(password: str) -> int:
    """How many of lower-case, capitals, digits and symbols `password` mixes (as db/auth.py)."""
    return sum(
        (
            any(ch.islower() for ch in password),
            any(ch.isupper() for ch in password),
            any(ch.isdigit() for ch in password),
            any(not ch.isalnum() and not ch.isspace() for ch in password),
        )
    )


class BrandPanel(QFrame):
    """The left side of the sign-in dialog: the product's name over a faint drawing of grids."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signinBrand")
        self.setMinimumWidth(320)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.rect()
        p.fillRect(r, QColor("#0d131b"))
        # management grids: an irregular tiling of quadrilaterals in faint blue
        p.setPen(QPen(QColor(70, 120, 190, 95), 1.2))
        w, h = r.width(), r.height()
        cols, rows = 6, 9
        pts = [
            [
                QPointF(
                    (i + 0.22 * ((j * 7 + i * 3) % 5 - 2) / 2) * w / (cols - 1),
                    (j + 0.18 * ((i * 5 + j * 2) % 5 - 2) / 2) * h / (rows - 1),
                )
                for i in range(cols)
            ]
            for j in range(rows)
        ]
        for j in range(rows):
            for i in range(cols):
                if i + 1 < cols:
                    p.drawLine(pts[j][i], pts[j][i + 1])
                if j + 1 < rows:
                    p.drawLine(pts[j][i], pts[j + 1][i])
        # one responsibility grid outlined in gold, a few key points
        p.setPen(QPen(QColor(224, 180, 80, 190), 2.4))
        ring = [pts[1][1], pts[1][3], pts[3][3], pts[3][1]]
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            p.drawLine(a, b)
        p.setPen(Qt.PenStyle.NoPen)
        for k, (i, j) in enumerate(((1, 1), (2, 2), (3, 1), (4, 3), (2, 3), (0, 2), (4, 0))):
            colour = QColor(theme.STATE_COLOURS["dispatched" if k % 2 else "to_dispatch"])
            colour.setAlpha(200)
            p.setBrush(colour)
            c = pts[j][i]
            p.drawEllipse(QRectF(c.x() + 14, c.y() + 10, 7, 7))
        # fade towards the bottom so the texts stay legible
        p.fillRect(QRectF(0, h * 0.55, w, h * 0.45), QColor(13, 19, 27, 215))
        p.setPen(QPen(QColor(theme.BORDER), 1))
        p.drawLine(r.topRight(), r.bottomRight())
        p.end()


class DemoAccountButton(QPushButton):
    """One demo account: a click fills it in, a double click signs in."""

    double_clicked = Signal()

    def __init__(self, account: DemoAccount, parent: QWidget | None = None) -> None:
        role = labels.role_label(account.role)
        name = person_name(account.display_name, account.role)  # the demo names carry a title
        super().__init__(f"{name}\n{role} · {account.username}", parent)
        self.account = account
        self.setObjectName("demoAccount")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        colour = ROLE_COLOURS.get(account.role, theme.ACCENT)
        self.setStyleSheet(
            f"QPushButton#demoAccount {{ text-align: left; padding: 6px 10px; border: 1px solid {theme.BORDER};"
            f" border-left: 4px solid {colour}; border-radius: 4px; background: #18212c; }}"
            "QPushButton#demoAccount:hover { background: #203045; }"
            "QPushButton#demoAccount:focus { border-color: #4a90e8; }"
        )

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.double_clicked.emit()
        event.accept()


class SignInDialog(QDialog):
    """Sign in (or, with `handover_from`, take over the shift). `actor` holds the result."""

    signed_in = Signal(object)  # Actor

    PAGE_SIGN_IN, PAGE_CHANGE = 0, 1

    def __init__(
        self,
        engine: Any,
        *,
        handover_from: Actor | None = None,
        description: str = "",
        workstation: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.engine = engine
        self.handover_from = handover_from
        self.workstation = workstation or (handover_from.workstation if handover_from else None)
        self.actor: Actor | None = None
        self.policy = SecurityPolicy()
        self.demo: list[DemoAccount] = []
        self._loaded = False
        self._busy = False
        self._change_user = ""
        self._change_old = ""
        self.setStyleSheet(STYLE + _DIALOG_STYLE)
        if handover_from is None:
            self.setWindowTitle(self.tr("Sign in · GridDesk Grid Command Centre"))
        else:
            self.setWindowTitle(self.tr("Switch officer · shift handover"))
        self.setModal(True)
        self._build(description)
        self.resize(900, 560)
        self._load()

    # ------------------------------------------------------------------ construction
    def _build(self, description: str) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        brand = BrandPanel(self)
        blay = QVBoxLayout(brand)
        blay.setContentsMargins(28, 28, 28, 22)
        blay.addStretch(1)
        product = QLabel("GridDesk", brand)
        product.setObjectName("brandProduct")
        name = QLabel(self.tr("Three-network Grid Command Centre"), brand)
        name.setObjectName("brandName")
        name.setWordWrap(True)
        tagline = QLabel(
            self.tr("24-hour duty room · party-building, city-management and comprehensive-governance grids"),
            brand,
        )
        tagline.setObjectName("brandTagline")
        tagline.setWordWrap(True)
        flow = QLabel(self.tr("Discover → Dispatch → Handle → Feed back"), brand)
        flow.setObjectName("brandFlow")
        blay.addWidget(product)
        blay.addWidget(name)
        blay.addSpacing(6)
        blay.addWidget(tagline)
        blay.addSpacing(14)
        blay.addWidget(flow)
        blay.addSpacing(18)
        self.source_label = QLabel(description, brand)
        self.source_label.setObjectName("brandSource")
        self.source_label.setWordWrap(True)
        self.source_label.setVisible(bool(description))
        blay.addWidget(self.source_label)
        outer.addWidget(brand, 0)

        right = QWidget(self)
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(34, 26, 34, 20)
        self.pages = QStackedWidget(right)
        self.pages.addWidget(self._build_sign_in_page())
        self.pages.addWidget(self._build_change_page())
        rlay.addWidget(self.pages, 1)
        outer.addWidget(right, 1)

        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self._escape)

    def _field_label(self, text: str, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setObjectName("fieldLabel")
        return label

    def _build_sign_in_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        if self.handover_from is None:
            title = QLabel(self.tr("Sign in"), page)
            sub = QLabel(self.tr("Sign in with your duty-room account."), page)
        else:
            title = QLabel(self.tr("Shift handover: the incoming officer signs in"), page)
            sub = QLabel(
                self.tr("Handing over: {who}. They are signed out when you have signed in.").format(
                    who=actor_text(self.handover_from)
                ),
                page,
            )
        title.setObjectName("pageTitle")
        sub.setObjectName("securitySub")
        sub.setWordWrap(True)
        lay.addWidget(title)
        lay.addWidget(sub)
        lay.addSpacing(10)

        form = QGridLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        self.user_edit = QLineEdit(page)
        self.user_edit.setObjectName("usernameEdit")
        self.user_edit.setMaxLength(64)
        self.user_edit.setClearButtonEnabled(True)
        self.password_edit = QLineEdit(page)
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(MAX_PASSWORD)
        form.addWidget(self._field_label(self.tr("Username"), page), 0, 0)
        form.addWidget(self.user_edit, 0, 1)
        form.addWidget(self._field_label(self.tr("Password"), page), 1, 0)
        form.addWidget(self.password_edit, 1, 1)
        lay.addLayout(form)

        self.message = QLabel(page)
        self.message.setObjectName("securityError")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(44)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.message)

        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(
            self.tr("Quit") if self.handover_from is None else self.tr("Cancel"), page
        )
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.reject)
        self.sign_in_button = QPushButton(
            self.tr("Sign in") if self.handover_from is None else self.tr("Sign in and take over"), page
        )
        self.sign_in_button.setObjectName("primaryButton")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.submit)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sign_in_button)
        lay.addLayout(buttons)

        self.demo_box = QFrame(page)
        self.demo_box.setObjectName("demoBox")
        dlay = QVBoxLayout(self.demo_box)
        dlay.setContentsMargins(0, 14, 0, 0)
        dlay.setSpacing(6)
        demo_title = QLabel(self.tr("Demo accounts (the demo sign-in of this database is on)"), self.demo_box)
        demo_title.setObjectName("panelTitle")
        demo_hint = QLabel(
            self.tr("Click an account to fill it in, double-click to sign in at once. "
                    "Their passwords are public: a real deployment turns demo sign-in off."),
            self.demo_box,
        )
        demo_hint.setObjectName("securityHint")
        demo_hint.setWordWrap(True)
        self.demo_grid = QGridLayout()
        self.demo_grid.setHorizontalSpacing(8)
        self.demo_grid.setVerticalSpacing(6)
        dlay.addWidget(demo_title)
        dlay.addWidget(demo_hint)
        dlay.addLayout(self.demo_grid)
        self.demo_box.setVisible(False)
        lay.addWidget(self.demo_box)
        lay.addStretch(1)

        self.user_edit.returnPressed.connect(self._user_entered)
        self.password_edit.returnPressed.connect(self.submit)
        self.user_edit.textEdited.connect(lambda _t: self.message.clear())
        self.password_edit.textEdited.connect(lambda _t: self.message.clear())
        return page

    def _build_change_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        title = QLabel(self.tr("Choose a new password"), page)
        title.setObjectName("pageTitle")
        self.change_reason = QLabel(page)
        self.change_reason.setObjectName("securityWarn")
        self.change_reason.setWordWrap(True)
        self.change_account = QLabel(page)
        self.change_account.setObjectName("securitySub")
        lay.addWidget(title)
        lay.addWidget(self.change_reason)
        lay.addWidget(self.change_account)
        lay.addSpacing(6)

        form = QGridLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        self.new_edit = QLineEdit(page)
        self.new_edit.setObjectName("newPasswordEdit")
        self.new_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_edit.setMaxLength(MAX_PASSWORD)
        self.confirm_edit = QLineEdit(page)
        self.confirm_edit.setObjectName("confirmPasswordEdit")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit.setMaxLength(MAX_PASSWORD)
        form.addWidget(self._field_label(self.tr("New password"), page), 0, 0)
        form.addWidget(self.new_edit, 0, 1)
        form.addWidget(self._field_label(self.tr("Repeat it"), page), 1, 0)
        form.addWidget(self.confirm_edit, 1, 1)
        lay.addLayout(form)

        rules_card = QFrame(page)
        rules_card.setObjectName("securityCard")
        rlay = QVBoxLayout(rules_card)
        rlay.setContentsMargins(12, 8, 12, 10)
        rlay.setSpacing(3)
        rules_title = QLabel(self.tr("The password rules of this database"), rules_card)
        rules_title.setObjectName("panelTitle")
        rlay.addWidget(rules_title)
        self.rule_labels: list[QLabel] = []
        for _ in range(5):
            label = QLabel(rules_card)
            label.setObjectName("ruleLabel")
            rlay.addWidget(label)
            self.rule_labels.append(label)
        self.expiry_label = QLabel(rules_card)
        self.expiry_label.setObjectName("securityHint")
        self.expiry_label.setWordWrap(True)
        rlay.addWidget(self.expiry_label)
        lay.addWidget(rules_card)

        self.change_message = QLabel(page)
        self.change_message.setObjectName("securityError")
        self.change_message.setWordWrap(True)
        lay.addWidget(self.change_message)
        lay.addStretch(1)

        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Back"), page)
        self.back_button.clicked.connect(self.back_to_sign_in)
        self.change_button = QPushButton(self.tr("Save and sign in"), page)
        self.change_button.setObjectName("primaryButton")
        self.change_button.clicked.connect(self.submit_change)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.change_button)
        lay.addLayout(buttons)

        self.new_edit.textChanged.connect(self._update_rules)
        self.confirm_edit.textChanged.connect(self._update_rules)
        self.new_edit.returnPressed.connect(self.confirm_edit.setFocus)
        self.confirm_edit.returnPressed.connect(self.submit_change)
        return page

    # ------------------------------------------------------------------ loading
    def _load(self) -> None:
        def load(engine: Any) -> tuple[list[DemoAccount], SecurityPolicy]:
            return demo_accounts(engine), security_policy(engine)

        run_async(self, load, self.engine, on_done=self._loaded_data, on_error=self._load_failed)

    def _loaded_data(self, result: tuple[list[DemoAccount], SecurityPolicy]) -> None:
        self.demo, self.policy = result
        self._loaded = True
        self._show_demo_accounts()
        self._update_rules()

    def _load_failed(self, exc: Exception) -> None:
        self._loaded = True
        self.message.setText(sign_in_error_text(exc))

    def is_ready(self) -> bool:
        return self._loaded and not self._busy

    def _show_demo_accounts(self) -> None:
        while self.demo_grid.count():
            item = self.demo_grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        accounts = [a for a in self.demo if self.handover_from is None or a.username != self.handover_from.username]
        self.demo_buttons: list[DemoAccountButton] = []
        for i, account in enumerate(accounts):
            button = DemoAccountButton(account, self.demo_box)
            button.clicked.connect(lambda _c=False, a=account: self.fill_demo(a))
            button.double_clicked.connect(lambda a=account: self.fill_demo(a, sign_in=True))
            self.demo_grid.addWidget(button, i // 2, i % 2)
            self.demo_buttons.append(button)
        self.demo_box.setVisible(bool(accounts))
        if not self.user_edit.text():
            self.user_edit.setFocus()

    # ------------------------------------------------------------------ signing in
    def fill_demo(self, account: DemoAccount, sign_in: bool = False) -> None:
        """Fill in a demo account (and sign in with it when `sign_in`)."""
        self.user_edit.setText(account.username)
        self.password_edit.setText(account.password)
        self.message.clear()
        self.sign_in_button.setFocus()
        if sign_in:
            self.submit()

    def _user_entered(self) -> None:
        if self.password_edit.text():
            self.submit()
        else:
            self.password_edit.setFocus()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for w in (self.user_edit, self.password_edit, self.sign_in_button, self.new_edit, self.confirm_edit):
            w.setEnabled(not busy)
        for b in getattr(self, "demo_buttons", []):
            b.setEnabled(not busy)
        if busy:
            self.message.setObjectName("securitySub")
            self.message.setText(text)
        else:
            self.message.setObjectName("securityError")
            self._update_rules()
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def submit(self) -> None:
        """Sign in with what is typed (off the GUI thread)."""
        if self._busy:
            return
        user = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not user:
            self.message.setText(self.tr("Enter your username."))
            self.user_edit.setFocus()
            return
        if not password:
            self.message.setText(self.tr("Enter your password."))
            self.password_edit.setFocus()
            return
        if self.handover_from is not None and user.lower() == self.handover_from.username.lower():
            self.message.setText(
                self.tr("You are the officer handing over. The incoming officer signs in here with their own account.")
            )
            return
        self._set_busy(True, self.tr("Signing in…"))
        if self.handover_from is None:
            run_async(self, db_authenticate, self.engine, user, password, self.workstation,
                      on_done=self._signed_in, on_error=lambda e: self._failed(e, user, password))
        else:
            run_async(self, switch_officer, self.engine, self.handover_from, user, password, self.workstation,
                      on_done=self._signed_in, on_error=lambda e: self._failed(e, user, password))

    def _failed(self, exc: Exception, user: str, password: str) -> None:
        self._set_busy(False)
        if isinstance(exc, PasswordChangeRequired):
            self.start_change(exc.username or user, password, exc.reason)
            return
        self.message.setText(sign_in_error_text(exc))
        self.password_edit.clear()
        self.password_edit.setFocus()

    def _signed_in(self, actor: Actor) -> None:
        self._set_busy(False)
        self.actor = actor
        self.password_edit.clear()
        self.new_edit.clear()
        self.confirm_edit.clear()
        self._change_old = ""
        self.signed_in.emit(actor)
        self.accept()

    # ------------------------------------------------------------------ must change the password
    def start_change(self, username: str, old_password: str, reason: str) -> None:
        """Show the new-password step for `username` (the old password was right)."""
        self._change_user = username
        self._change_old = old_password
        self.change_reason.setText(change_reason_text(reason))
        self.change_account.setText(self.tr("Account: {user}").format(user=username))
        self.new_edit.clear()
        self.confirm_edit.clear()
        self.change_message.clear()
        self.pages.setCurrentIndex(self.PAGE_CHANGE)
        self._update_rules()
        self.new_edit.setFocus()

    def back_to_sign_in(self) -> None:
        self._change_old = ""
        self.password_edit.clear()
        self.pages.setCurrentIndex(self.PAGE_SIGN_IN)
        self.password_edit.setFocus()

    def rule_states(self) -> list[tuple[str, bool]]:
        """Each rule of the policy with whether the typed new password keeps it."""
        pw, again = self.new_edit.text(), self.confirm_edit.text()
        p, user = self.policy, self._change_user
        return [
            (self.tr("At least {n} characters").format(n=p.min_length), p.min_length <= len(pw) <= MAX_PASSWORD),
            (
                self.tr("At least {k} kinds of: lower-case letters, capitals, digits, symbols").format(k=p.min_classes),
                password_classes(pw) >= p.min_classes,
            ),
            (
                self.tr("Does not contain the username"),
                bool(pw) and not (len(user) >= 3 and user.lower() in pw.lower()),
            ),
            (self.tr("Differs from the current password"), bool(pw) and pw != self._change_old),
            (self.tr("Both entries match"), bool(pw) and pw == again),
        ]

    def _update_rules(self) -> None:
        states = self.rule_states()
        for label, (text, ok) in zip(self.rule_labels, states, strict=True):
            mark = OK_MARK if ok else BAD_MARK
            colour = theme.OK_COLOUR if ok else (theme.TEXT_DIM if not self.new_edit.text() else theme.OVERDUE_COLOUR)
            label.setText(f"<span style='color:{colour}; font-weight:bold'>{mark}</span>&nbsp;&nbsp;{text}")
        if self.policy.expiry_days:
            self.expiry_label.setText(
                self.tr("Passwords expire after {d} days. {f} wrong passwords in a row lock the account for {m} min.")
                .format(d=self.policy.expiry_days, f=self.policy.max_failures, m=self.policy.lockout_minutes)
            )
        else:
            self.expiry_label.setText(
                self.tr("Passwords do not expire. {f} wrong passwords in a row lock the account for {m} min.")
                .format(f=self.policy.max_failures, m=self.policy.lockout_minutes)
            )
        self.change_button.setEnabled(not self._busy and all(ok for _, ok in states))

    def submit_change(self) -> None:
        if self._busy or not all(ok for _, ok in self.rule_states()):
            if not self._busy:
                self.change_message.setText(self.tr("The new password does not keep every rule yet."))
            return
        new = self.new_edit.text()
        problems = password_problems(new, self.policy, self._change_user)
        if problems:  # a rule the list above does not show (e.g. control characters)
            self.change_message.setText(self.tr("The new password is not allowed.") + " " + " ".join(problems))
            return
        self.change_message.clear()
        self._set_busy(True, self.tr("Saving the new password…"))
        self.change_message.setText(self.tr("Saving the new password…"))
        run_async(
            self, change_password, self.engine, self._change_user, self._change_old, new, self.workstation,
            handover_from=self.handover_from,
            on_done=self._signed_in, on_error=self._change_failed,
        )

    def _change_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, PasswordChangeRequired):
            self.change_message.setText(change_reason_text(exc.reason))
            return
        from db.ops import InvalidInput

        if isinstance(exc, InvalidInput):
            self.change_message.setText(self.tr("The new password is not allowed.") + " " + str(exc))
            return
        # the old password no longer works (locked meanwhile, ...): back to the first step
        self.back_to_sign_in()
        self.message.setText(sign_in_error_text(exc))

    def _escape(self) -> None:
        if self.pages.currentIndex() == self.PAGE_CHANGE:
            self.back_to_sign_in()
        else:
            self.reject()

    def reject(self) -> None:
        self._change_old = ""
        self.password_edit.clear()
        super().reject()


_DIALOG_STYLE = f"""
QDialog#signInDialog {{ background: {theme.BG_WINDOW}; }}
QLabel#brandProduct {{ color: {theme.ACCENT}; font-size: 26pt; font-weight: bold; background: transparent; }}
QLabel#brandName {{ color: {theme.TEXT}; font-size: 17pt; font-weight: bold; background: transparent; }}
QLabel#brandTagline {{ color: {theme.TEXT_DIM}; background: transparent; }}
QLabel#brandFlow {{ color: {theme.ACCENT}; background: transparent; font-weight: bold; }}
QLabel#brandSource {{ color: #6b7788; font-size: 9.5pt; background: transparent; }}
QLabel#pageTitle {{ color: {theme.TEXT}; font-size: 18pt; font-weight: bold; }}
QLabel#ruleLabel {{ color: {theme.TEXT}; }}
QLineEdit {{ padding: 7px 9px; font-size: 12.5pt; }}
QPushButton#primaryButton {{ padding: 8px 26px; font-size: 12pt; }}
"""
