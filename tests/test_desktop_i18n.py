"""Chinese by default, really rendered: the bundled font covers every translated string, the
catalogue is complete and current, and the vocabulary reads as DOMAIN.md says."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase, QFontMetrics, QImage, QRawFont
from PySide6.QtWidgets import QApplication, QLabel

from desktop import labels, paths, theme
from desktop.app import create_application, normalise_lang, register_fonts, ui_font

TS = paths.TRANSLATIONS / "griddesk_zh_CN.ts"
QM = paths.TRANSLATIONS / "griddesk_zh_CN.qm"
REPO_ROOT = Path(__file__).resolve().parent.parent


def _messages() -> list[tuple[str, str, ET.Element]]:
    """Every message of every zh_CN catalogue (the core one and one per feature area)."""
    out = []
    for ts in sorted(paths.TRANSLATIONS.glob("*_zh_CN.ts")):
        root = ET.parse(ts).getroot()
        for ctx in root.iter("context"):
            name = ctx.findtext("name") or ""
            for m in ctx.iter("message"):
                out.append((name, m.findtext("source") or "", m.find("translation")))  # type: ignore[arg-type]
    return out


@pytest.fixture
def zh(qapp: QApplication) -> QApplication:
    return create_application("zh_CN")


def test_the_bundled_font_is_the_application_font(zh: QApplication) -> None:
    family = register_fonts()
    assert family == "Noto Sans CJK SC"
    assert family in QFontDatabase.families()
    assert zh.font().family() == family
    assert 11.0 <= zh.font().pointSizeF() <= 12.0
    assert zh.styleSheet() == theme.STYLE_SHEET
    assert zh.palette().window().color().name() == theme.BG_WINDOW


def test_every_translated_character_has_a_glyph(zh: QApplication) -> None:
    raw = QRawFont.fromFont(ui_font())
    bold = QRawFont.fromFont(ui_font(bold=True))
    assert raw.isValid() and bold.isValid()
    texts = [t.text or "" for _, _, t in _messages()]
    texts += ["网格 责任网格 管理网格 重点点位 案件 派单 超期 值班 督查 巡查 二维码 北 米 千米 ●"]
    missing = {
        ch
        for text in texts
        for ch in text
        if not ch.isspace()
        and ch not in "<>/"
        and not (raw.supportsCharacter(ord(ch)) and bold.supportsCharacter(ord(ch)))
    }
    assert not missing, f"no glyph for {sorted(missing)}"


def test_cjk_text_really_renders_not_as_boxes(zh: QApplication) -> None:
    def render(text: str) -> QImage:
        label = QLabel(text)
        label.setFont(ui_font(20))
        label.resize(label.sizeHint())
        return label.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)

    fm = QFontMetrics(ui_font(20))
    assert fm.inFontUcs4(ord("网")) and fm.inFontUcs4(ord("格"))
    grid = render("网格")
    tofu = render("\U000f0000\U000f0001")  # private-use plane: .notdef boxes in any font
    assert grid != tofu
    bg = grid.pixel(0, 0)
    ink = sum(
        1 for y in range(grid.height()) for x in range(grid.width()) if grid.pixel(x, y) != bg
    )
    assert ink > 50
    # the two glyphs differ from each other (a box font would draw two identical boxes)
    w = grid.width() // 2
    assert grid.copy(0, 0, w, grid.height()) != grid.copy(w, 0, w, grid.height())


def test_catalogue_is_complete_and_keeps_placeholders() -> None:
    msgs = _messages()
    assert len(msgs) > 100
    for ctx, src, tr in msgs:
        assert tr is not None and tr.get("type") not in ("unfinished", "obsolete", "vanished"), (
            ctx,
            src,
        )
        # a plural (%n) message keeps its Chinese in <numerusform> (one form: no plural)
        forms = [f.text or "" for f in tr.findall("numerusform")]
        text = forms[0] if forms else (tr.text or "")
        assert text.strip(), (ctx, src)
        if "%n" in src:
            assert "%n" in text, (ctx, src, text)
        assert sorted(re.findall(r"\{[^}]*\}", src)) == sorted(re.findall(r"\{[^}]*\}", text)), (
            ctx,
            src,
        )
        words = re.sub(r"\{[^}]*\}", "", src)  # placeholder names are not words to translate
        if re.search(r"[A-Za-z]{3,}", words) and ctx not in ("MapRenderer",):
            assert re.search(r"[\u4e00-\u9fff]", text), f"not Chinese: {ctx} {src!r} -> {text!r}"
    assert QM.is_file() and QM.stat().st_size > 1000


@pytest.mark.skipif(
    not shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)),
    reason="pyside6-lupdate not installed",
)
def test_catalogue_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    """Every tr()/translate() string in desktop/ is in the .ts (run update.sh when this fails)."""
    out = tmp_path / "fresh.ts"
    sources = sorted(str(p.relative_to(REPO_ROOT)) for p in (REPO_ROOT / "desktop").rglob("*.py"))
    subprocess.run(
        [str(Path(sys.executable).parent / "pyside6-lupdate"), *sources, "-ts", str(out)],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )
    fresh = {
        (c.findtext("name"), m.findtext("source"))
        for c in ET.parse(out).getroot().iter("context")
        for m in c.iter("message")
    }
    ours = {(ctx, src) for ctx, src, _ in _messages()}
    assert fresh - ours == set(), "run resources/translations/update.sh and translate"
    assert ours - fresh == set(), "stale entries: run resources/translations/update.sh"


def test_vocabulary_in_chinese(zh: QApplication) -> None:
    assert [labels.state_label(s) for s in labels.STATE_ORDER] == [
        "待受理",
        "待派遣",
        "处置中",
        "待核查",
        "退回",
        "抄报区级",
        "警务类",
        "挂账",
        "已结案",
        "不予受理",
    ]
    assert [labels.source_label(s) for s in labels.SOURCE_NAMES] == [
        "网格员巡查",
        "市民扫码",
        "热线",
        "视频/感知设备",
        "职能部门",
        "督查",
    ]
    assert labels.kind_label("construction_site") == "在建工地"
    assert labels.role_label("duty_officer") == "值班员"
    assert labels.layer_title("Management grids") == "管理网格"
    assert labels.state_label("unknown_state") == "unknown_state"


def test_countdown_texts(qapp: QApplication) -> None:
    now = datetime(2025, 6, 30, 9, 0)
    create_application("zh_CN")
    assert labels.countdown_text(now + timedelta(hours=3, minutes=12), now) == "剩余 3小时12分"
    assert (
        labels.countdown_text(now - timedelta(days=1, hours=2, minutes=5), now) == "超期 1天2小时"
    )
    assert labels.countdown_text(now + timedelta(minutes=25), now) == "剩余 25分钟"
    assert labels.countdown_text(None, now) == "无时限"
    create_application("en")
    try:
        assert labels.countdown_text(now + timedelta(hours=3, minutes=12), now) == "3 h 12 min left"
        assert labels.countdown_text(now - timedelta(days=1, hours=2), now) == "overdue 1 d 2 h"
        assert labels.state_label("dispatched") == "Being handled"
        assert QCoreApplication.translate("MainWindow", "Case queue") == "Case queue"
    finally:
        create_application("zh_CN")
    reported = now - timedelta(hours=12)
    assert labels.deadline_urgency(reported, now + timedelta(hours=5), now) is labels.Urgency.OK
    assert labels.deadline_urgency(reported, now + timedelta(hours=3), now) is labels.Urgency.WARN
    assert (
        labels.deadline_urgency(reported, now - timedelta(minutes=1), now) is labels.Urgency.OVERDUE
    )
    assert labels.deadline_urgency(reported, None, now) is labels.Urgency.NONE


def test_language_names() -> None:
    assert normalise_lang("zh_CN") == normalise_lang("zh-CN") == normalise_lang("zh") == "zh_CN"
    assert normalise_lang("en") == normalise_lang("en_US") == "en"
    assert normalise_lang(None) == "zh_CN"
    with pytest.raises(ValueError):
        normalise_lang("fr")
