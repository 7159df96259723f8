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
    """The compiled .qm catalogue of a language, e.g. griddesk_zh_CN.qm."""
    return TRANSLATIONS / f"griddesk_{lang}.qm"
