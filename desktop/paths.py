"""Where the bundled resources live (fonts, translations, icons, licences)."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
FONTS = RESOURCES / "fonts"
TRANSLATIONS = RESOURCES / "translations"
ICONS = RESOURCES / "icons"

FONT_FILES = (
    FONTS / "NotoSansSC-Regular-GB2312.otf",
    FONTS / "NotoSansSC-Bold-GB2312.otf",
)
FONT_LICENCE = FONTS / "OFL.txt"


def translation_file(lang: str) -> Path:
    """The core compiled .qm catalogue of a language, e.g. griddesk_zh_CN.qm."""
    return TRANSLATIONS / f"griddesk_{lang}.qm"


def translation_files(lang: str) -> list[Path]:
    """Every compiled catalogue of a language: the core one first, then one per feature area
    (console_zh_CN.qm, ...; see resources/translations/update.sh)."""
    core = translation_file(lang)
    others = sorted(p for p in TRANSLATIONS.glob(f"*_{lang}.qm") if p != core)
    return [core, *others] if core.exists() else others
