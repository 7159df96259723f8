"""Printable meeting notices: invitation (约请函), reminder, change and cancellation, as an
A4 PDF (QPdfWriter) in the bundled CJK font, from the notice payload db.meetings stores
in the outbox (or `notice_document` for a notice to all parties)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from desktop.app import register_fonts, ui_font
from desktop.meetings import texts


def _esc(value: Any) -> str:
    return str(value or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _when(raw: str) -> str:
    try:
        t = datetime.fromisoformat(raw)
    except (TypeError, ValueError):
        return _esc(raw)
    return QCoreApplication.translate("MeetingNotice", "{y}-{m:02d}-{d:02d} ({weekday}) {hm}").format(
        y=t.year, m=t.month, d=t.day, weekday=texts.weekday_name(t.date(), True), hm=f"{t:%H:%M}"
    )


def notice_title(payload: dict[str, Any]) -> str:
    kind = str(payload.get("notice_kind") or "invitation")
    if kind == "reminder":
        return QCoreApplication.translate("MeetingNotice", "Meeting reminder")
    if kind == "change":
        return QCoreApplication.translate("MeetingNotice", "Notice of a changed meeting")
    if kind == "cancellation":
        return QCoreApplication.translate("MeetingNotice", "Notice of a cancelled meeting")
    if payload.get("meeting_kind") in ("joint_onsite", "consultation"):
        return QCoreApplication.translate("MeetingNotice", "Invitation to a joint on-site meeting")
    return QCoreApplication.translate("MeetingNotice", "Meeting notice")


def notice_html(payload: dict[str, Any]) -> str:
    """The notice as HTML (what the PDF shows)."""
    kind = str(payload.get("notice_kind") or "invitation")
    meeting_kind = texts.kind_label(str(payload.get("meeting_kind") or ""))
    kind_in_text = meeting_kind[:1].lower() + meeting_kind[1:] if meeting_kind.isascii() else meeting_kind
    title = _esc(payload.get("title"))
    start, end = _when(str(payload.get("starts_at"))), _when(str(payload.get("ends_at")))
    if str(payload.get("starts_at"))[:10] == str(payload.get("ends_at"))[:10]:
        end = str(payload.get("ends_at"))[11:16]  # the same day: the end time is enough
    place = _esc(payload.get("place")) or QCoreApplication.translate("MeetingNotice", "(place to be announced)")
    requester = _esc(payload.get("requester"))
    party = _esc(payload.get("party"))
    to = QCoreApplication.translate("MeetingNotice", "To: {party}").format(party=party) if party else QCoreApplication.translate("MeetingNotice", "To all parties concerned:")
    if kind == "cancellation":
        body = QCoreApplication.translate("MeetingNotice", "The {kind} “{title}” planned at {place} from {start} to {end} is cancelled.").format(
            kind=kind_in_text, title=title, place=place, start=start, end=end
        )
        if payload.get("cancel_reason"):
            body += " " + QCoreApplication.translate("MeetingNotice", "Reason: {reason}").format(reason=_esc(payload.get("cancel_reason")))
    elif kind == "change":
        body = QCoreApplication.translate("MeetingNotice", "The {kind} “{title}” has been changed: it is now held at {place} from {start} to {end}. Please note the new time and place.").format(
            kind=kind_in_text, title=title, place=place, start=start, end=end
        )
    elif kind == "reminder":
        body = QCoreApplication.translate("MeetingNotice", "A reminder: the {kind} “{title}” is held at {place} from {start} to {end}. Please attend on time.").format(
            kind=kind_in_text, title=title, place=place, start=start, end=end
        )
    elif requester:
        body = QCoreApplication.translate("MeetingNotice", "At the request of {requester}, a {kind} on “{title}” will be held at {place} from {start} to {end}. Please send the responsible person to attend on time.").format(
            requester=requester, kind=kind_in_text, title=title, place=place, start=start, end=end
        )
    else:
        body = QCoreApplication.translate("MeetingNotice", "A {kind} on “{title}” will be held at {place} from {start} to {end}. Please attend on time.").format(
            kind=kind_in_text, title=title, place=place, start=start, end=end
        )
    parties = payload.get("parties") or []
    invited = "、".join(_esc(p.get("name")) for p in parties if p.get("role") != "requester")
    case_word = QCoreApplication.translate("MeetingNotice", "case")
    agenda_rows = "".join(
        f"<li>{_esc(a.get('title'))}"
        + (f"（{case_word} {_esc(a.get('case_number'))}）" if a.get("case_number") else "")
        + "</li>"
        for a in payload.get("agenda") or []
    )
    coords = ""
    if payload.get("lon") is not None and payload.get("lat") is not None:
        coords = f"{float(payload['lon']):.5f}°E, {float(payload['lat']):.5f}°N"
    issued = _when(str(payload.get("issued_at") or ""))
    town = _esc(payload.get("town"))
    rows = [
        (QCoreApplication.translate("MeetingNotice", "Meeting"), f"{title}（{_esc(meeting_kind)}）"),
        (QCoreApplication.translate("MeetingNotice", "Time"), f"{start} – {end}"),
        (QCoreApplication.translate("MeetingNotice", "Place"), place + (f"<br><span style='color:#555'>{coords}</span>" if coords else "")),
    ]
    if requester:
        rows.append((QCoreApplication.translate("MeetingNotice", "Requested by"), requester))
    if invited:
        rows.append((QCoreApplication.translate("MeetingNotice", "Invited"), invited))
    if agenda_rows:
        rows.append((QCoreApplication.translate("MeetingNotice", "Agenda"), f"<ol style='margin:0'>{agenda_rows}</ol>"))
    table = "".join(
        f"<tr><td width='22%' style='background:#f0f0f0;padding:6px'><b>{k}</b></td><td style='padding:6px'>{v}</td></tr>"
        for k, v in rows
    )
    organiser = QCoreApplication.translate("MeetingNotice", "Organiser: {name}").format(
        name=_esc(payload.get("organiser"))
    )
    seal = QCoreApplication.translate("MeetingNotice", "(seal)")
    generated = QCoreApplication.translate(
        "MeetingNotice", "Generated by GridDesk; the notice is also delivered electronically. Notice no. {n}"
    ).format(n=_esc(payload.get("message_id") or "-"))
    head = QCoreApplication.translate("MeetingNotice", "{town} grid command centre").format(town=town) if town else QCoreApplication.translate("MeetingNotice", "Grid command centre")
    return f"""
<html><body style="color:#000">
<p align="center" style="font-size:11pt;color:#444">{head}</p>
<h1 align="center" style="font-size:20pt;color:#b00000">{_esc(notice_title(payload))}</h1>
<hr>
<p style="font-size:12pt"><b>{to}</b></p>
<p style="font-size:12pt;line-height:160%">&nbsp;&nbsp;&nbsp;&nbsp;{body}</p>
<table width="100%" border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse;font-size:11pt">{table}</table>
<p style="font-size:11pt;margin-top:24px">{organiser}</p>
<p align="right" style="font-size:11pt">{head}<br>{seal}<br>{issued}</p>
<p style="font-size:9pt;color:#666">{generated}</p>
</body></html>
"""


def render_notice_pdf(payload: dict[str, Any], path: str | Path) -> Path:
    """Write the notice as an A4 PDF; returns the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    register_fonts()
    writer = QPdfWriter(str(out))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(notice_title(payload))
    writer.setCreator("GridDesk")
    doc = QTextDocument()
    doc.setDefaultFont(ui_font(11))
    doc.setHtml(notice_html(payload))
    doc.print_(writer)
    if not out.is_file() or out.stat().st_size == 0:
        raise OSError(f"could not write {out}")
    return out
