"""The QApplication GridDesk runs in: bundled CJK font, dark Fusion look, zh_CN translation."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QStyleFactory

from desktop import paths, theme

if TYPE_CHECKING:
    from desktop.datasource import DataSource

APP_NAME = "GridDesk"
ORG_NAME = "GridDesk"
DEFAULT_LANG = "zh_CN"
SUPPORTED_LANGS = ("zh_CN", "en")
FONT_FAMILY_FALLBACK = "Noto Sans CJK SC"

_font_family: str | None = None
_translators: list[QTranslator] = []


def normalise_lang(lang: str | None) -> str:
    """ "zh", "zh-CN", "zh_cn" -> "zh_CN"; "en", "en_US" -> "en"."""
    value = (lang or DEFAULT_LANG).replace("-", "_").strip()
    low = value.lower()
    if low.startswith("zh"):
        return "zh_CN"
    if low.startswith("en") or low in ("c", "posix"):
        return "en"
    raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(SUPPORTED_LANGS)}")


def register_fonts() -> str:
    """Register the bundled Noto Sans SC (GB2312 subset) faces once; return the family name."""
    global _font_family
    if _font_family is not None:
        return _font_family
    family = None
    for path in paths.FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families = QFontDatabase.applicationFontFamilies(font_id)
            family = family or (families[0] if families else None)
    _font_family = family or FONT_FAMILY_FALLBACK
    return _font_family


def ui_font(point_size: float = theme.BASE_POINT_SIZE, bold: bool = False) -> QFont:
    """The interface font (bundled family) at a size."""
    font = QFont(register_fonts())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def install_translator(app: QApplication, lang: str) -> None:
    """Swap the installed translators for `lang` (English needs none: it is the source)."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    for catalogue in paths.translation_files(lang):
        ours = QTranslator(app)
        if ours.load(str(catalogue)):
            app.installTranslator(ours)
            _translators.append(ours)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    if qtbase.load(f"qtbase_{lang}", qt_dir):  # standard dialog buttons etc.
        app.installTranslator(qtbase)
        _translators.append(qtbase)


def create_application(lang: str = DEFAULT_LANG) -> QApplication:
    """The GridDesk QApplication (an existing instance is reused and restyled).

    Registers the bundled CJK font and makes it the application font (so no glyph is a box on
    a machine without Chinese fonts), applies the Fusion style with the dark palette and style
    sheet, and installs the translation for `lang` ("zh_CN" default; "en" shows the English
    source strings)."""
    lang = normalise_lang(lang)
    existing = QApplication.instance()
    if existing is not None and not isinstance(existing, QApplication):
        raise RuntimeError("a non-widget Qt application already exists")
    app = existing if existing is not None else QApplication(sys.argv[:1] or [APP_NAME])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setProperty("griddesk_lang", lang)
    if app.property("griddesk_styled") is not True:  # restyling re-polishes every widget
        style = QStyleFactory.create("Fusion")
        if style is not None:
            app.setStyle(style)
        app.setFont(ui_font())
        app.setPalette(theme.dark_palette())
        app.setStyleSheet(theme.STYLE_SHEET)
        app.setProperty("griddesk_styled", True)
    install_translator(app, lang)
    return app


def current_lang() -> str:
    app = QApplication.instance()
    value = app.property("griddesk_lang") if app is not None else None
    return str(value) if value else DEFAULT_LANG


def run(source: DataSource, lang: str = DEFAULT_LANG, role: str = "duty_officer") -> int:
    """Sign in, show the main window for the signed-in officer and run the event loop; returns
    the exit code (0 also when the sign-in is closed). A source without a database (a test
    fake) has no accounts: its main window opens for `role` directly."""
    from desktop.main_window import MainWindow
    from desktop.map import fastraster

    app = create_application(lang)
    fastraster.preload()  # the map's raster kernels load while the officer signs in
    if getattr(source, "engine", None) is not None:
        from desktop.security import WorkstationSession

        session = WorkstationSession(source)
        if not session.start():  # the sign-in dialog, then the main window
            return 0
        return int(app.exec())
    window = MainWindow(source, role=role)
    window.showMaximized()  # the duty-room workstation gives the console the whole screen
    window.fit_docks()
    return int(app.exec())
