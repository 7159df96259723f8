"""Printable documents of the case workflow: the escalation sheet (抄报单) a level-3
escalation produces for the record, and the dispatch / escalation notices to departments,
as A4 PDFs (QPdfWriter + QTextDocument) in the bundled CJK font.

The data come from the outbox payload db/cases.py stores with the escalation (the desktop
renders, then marks the request done with `db.outbox.mark_document_rendered`), so a sheet
shows the case as it was when it was escalated."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF, QStandardPaths
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from desktop import labels
from desktop.app import register_fonts, ui_font
from desktop.console import texts

CTX = "ConsoleDocument"


def documents_dir() -> Path:
    """Where the console writes its PDFs: <data folder>/documents."""
    root = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(root or Path.home() / ".local" / "share" / "GridDesk") / "documents"


def _esc(value: Any) -> str:
    return texts.esc(value)


def _when(raw: Any) -> str:
    if isinstance(raw, datetime):
        return f"{raw:%Y-%m-%d %H:%M}"
    try:
        return f"{datetime.fromisoformat(str(raw)):%Y-%m-%d %H:%M}"
    except (TypeError, ValueError):
        return _esc(raw or "–")


def _table(rows: list[tuple[str, str]]) -> str:
    return "".join(
        "<tr><td width='24%' style='background:#efefef;padding:6px'><b>"
        + k
        + "</b></td><td style='padding:6px'>"
        + v
        + "</td></tr>"
        for k, v in rows
    )


def _case_rows(p: dict[str, Any]) -> list[tuple[str, str]]:
    flags = []
    if p.get("urgent"):
        flags.append(QCoreApplication.translate("ConsoleDocument", "urgent"))
    flags.append(QCoreApplication.translate("ConsoleDocument", "police-type") if p.get("police") else QCoreApplication.translate("ConsoleDocument", "non-police"))
    where = _esc(p.get("address"))
    if p.get("lon") is not None and p.get("lat") is not None:
        coords = f"{float(p['lon']):.5f}°E, {float(p['lat']):.5f}°N (CGCS2000)"
        where = f"{where}<br><span style='color:#555'>{coords}</span>" if where else coords
    grid = " ".join(x for x in (_esc(p.get("grid_name")), f"({_esc(p.get('grid_code'))})" if p.get("grid_code") else "") if x)
    rows = [
        (QCoreApplication.translate("ConsoleDocument", "Case number"), f"<b>{_esc(p.get('case_number'))}</b>"),
        (QCoreApplication.translate("ConsoleDocument", "Category"), f"{_esc(p.get('category_code'))} {_esc(p.get('category_name'))} · {' · '.join(flags)}"),
        (QCoreApplication.translate("ConsoleDocument", "Source"), _esc(labels.source_label(str(p.get("source") or "")))),
        (QCoreApplication.translate("ConsoleDocument", "Reported"), _when(p.get("reported_at"))),
        (QCoreApplication.translate("ConsoleDocument", "Deadline"), _when(p.get("deadline_at"))),
        (QCoreApplication.translate("ConsoleDocument", "Location"), where or "–"),
        (QCoreApplication.translate("ConsoleDocument", "Grid"), grid or "–"),
    ]
    if p.get("key_point"):
        rows.append((QCoreApplication.translate("ConsoleDocument", "Key point"), _esc(p.get("key_point"))))
    rows.append((QCoreApplication.translate("ConsoleDocument", "Description"), _esc(p.get("description")) or "–"))
    return rows


def _page(head: str, title: str, body: str, footer: str) -> str:
    return f"""
<html><body style="color:#000">
<p align="center" style="font-size:11pt;color:#444">{head}</p>
<h1 align="center" style="font-size:20pt;color:#b00000">{title}</h1>
<hr>
{body}
<p style="font-size:9pt;color:#666;margin-top:18px">{footer}</p>
</body></html>
"""


def escalation_sheet_html(p: dict[str, Any]) -> str:
    """The escalation sheet (抄报单) as HTML, from its outbox payload."""
    town = _esc(p.get("town"))
    district = _esc(p.get("district"))
    head = QCoreApplication.translate("ConsoleDocument", "{district} {town} grid command centre").format(district=district, town=town).strip()
    to = QCoreApplication.translate("ConsoleDocument", "To: {department}").format(department=_esc(p.get("district_department_name")))
    intro = QCoreApplication.translate("ConsoleDocument", "The town platform copies this case to your department (response level 3) and asks for "
        "your handling. The reason and the case's history are below.",
    )
    rows = _case_rows(p)
    if p.get("town_department_name"):
        rows.append((QCoreApplication.translate("ConsoleDocument", "Town department"), _esc(p.get("town_department_name"))))
    rows += [
        (QCoreApplication.translate("ConsoleDocument", "Reason for escalation"), f"<b>{_esc(p.get('reason'))}</b>"),
        (
            QCoreApplication.translate("ConsoleDocument", "Escalated by"),
            QCoreApplication.translate("ConsoleDocument", "{who}, workstation {ws}, {time}").format(
                who=_esc(p.get("escalated_by")), ws=_esc(p.get("workstation")), time=_when(p.get("escalated_at"))
            ),
        ),
    ]
    history = "".join(
        f"<tr><td style='padding:4px' width='24%'>{_when(e.get('at'))}</td>"
        f"<td style='padding:4px' width='22%'>{_esc(texts.event_label(str(e.get('kind', ''))))}</td>"
        f"<td style='padding:4px' width='18%'>{_esc(e.get('actor'))}</td>"
        f"<td style='padding:4px'>{_esc(e.get('note'))}</td></tr>"
        for e in p.get("timeline") or []
    )
    heads = [
        QCoreApplication.translate("ConsoleDocument", "Time"),
        QCoreApplication.translate("ConsoleDocument", "Step"),
        QCoreApplication.translate("ConsoleDocument", "By"),
        QCoreApplication.translate("ConsoleDocument", "Note"),
    ]
    history_title = QCoreApplication.translate("ConsoleDocument", "Case history")
    closing = QCoreApplication.translate("ConsoleDocument", "Please report the result to the town platform within the deadline.")
    seal = QCoreApplication.translate("ConsoleDocument", "(seal)")
    history_head = "<tr style='background:#efefef'>" + "".join(f"<th align='left'>{h}</th>" for h in heads) + "</tr>"
    body = f"""
<p style="font-size:12pt"><b>{to}</b></p>
<p style="font-size:12pt;line-height:150%">&nbsp;&nbsp;&nbsp;&nbsp;{intro}</p>
<table width="100%" border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse;font-size:11pt">{_table(rows)}</table>
<p style="font-size:12pt;margin-top:14px"><b>{history_title}</b></p>
<table width="100%" border="1" cellspacing="0" cellpadding="3" style="border-collapse:collapse;font-size:10pt">{history_head}{history}</table>
<p style="font-size:11pt;margin-top:24px">{closing}</p>
<p align="right" style="font-size:11pt">{head}<br>{seal}<br>{_when(p.get("escalated_at"))}</p>
"""
    footer = QCoreApplication.translate("ConsoleDocument", "Generated by GridDesk from escalation record no. {n}; reporter details are withheld.").format(
        n=_esc(p.get("message_id") or "–")
    )
    return _page(head, QCoreApplication.translate("ConsoleDocument", "Escalation sheet"), body, footer)


def notice_html(p: dict[str, Any]) -> str:
    """A dispatch (or escalation) notice to a department, from its outbox payload."""
    kind = str(p.get("notice") or "dispatch")
    title = {
        "dispatch": QCoreApplication.translate("ConsoleDocument", "Dispatch notice"),
        "redispatch": QCoreApplication.translate("ConsoleDocument", "Dispatch notice (dispatched again)"),
        "escalate": QCoreApplication.translate("ConsoleDocument", "Escalation notice"),
    }.get(kind, QCoreApplication.translate("ConsoleDocument", "Notice"))
    to = QCoreApplication.translate("ConsoleDocument", "To: {department}").format(department=_esc(p.get("department_name")))
    if kind == "escalate":
        intro = QCoreApplication.translate("ConsoleDocument", "The town platform escalates this case to your department. Reason: {reason}").format(
            reason=_esc(p.get("reason"))
        )
    else:
        intro = QCoreApplication.translate("ConsoleDocument", "The town platform dispatches this case to your department; please handle it and report back before the deadline.")
    rows = _case_rows(p)
    if p.get("instructions"):
        rows.append((QCoreApplication.translate("ConsoleDocument", "Instructions"), f"<b>{_esc(p.get('instructions'))}</b>"))
    if p.get("dispatched_by"):
        rows.append((QCoreApplication.translate("ConsoleDocument", "Dispatched by"), _esc(p.get("dispatched_by"))))
    body = f"""
<p style="font-size:12pt"><b>{to}</b></p>
<p style="font-size:12pt;line-height:150%">&nbsp;&nbsp;&nbsp;&nbsp;{intro}</p>
<table width="100%" border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse;font-size:11pt">{_table(rows)}</table>
"""
    footer = QCoreApplication.translate("ConsoleDocument", "Generated by GridDesk; the notice is also delivered electronically. Notice no. {n}").format(
        n=_esc(p.get("message_id") or "–")
    )
    return _page(QCoreApplication.translate("ConsoleDocument", "Grid command centre"), title, body, footer)


def render_pdf(html: str, title: str, path: str | Path) -> Path:
    """Write HTML as an A4 PDF in the bundled CJK font; returns the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    register_fonts()
    writer = QPdfWriter(str(out))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("GridDesk")
    doc = QTextDocument()
    doc.setDefaultFont(ui_font(11))
    doc.setHtml(html)
    doc.print_(writer)
    del writer  # finishes the file
    if not out.is_file() or out.stat().st_size == 0:
        raise OSError(f"could not write {out}")
    return out


def _stem(p: dict[str, Any], message_id: int) -> str:
    number = str(p.get("case_number") or "case").replace("/", "_")
    return f"{number}_{message_id:06d}"


def render_escalation_sheet(payload: dict[str, Any], message_id: int, folder: Path) -> Path:
    title = QCoreApplication.translate(CTX, "Escalation sheet")
    return render_pdf(escalation_sheet_html(payload), title, folder / "escalation" / f"{_stem(payload, message_id)}.pdf")


def render_notice(payload: dict[str, Any], message_id: int, folder: Path) -> Path:
    title = QCoreApplication.translate(CTX, "Notice")
    return render_pdf(notice_html(payload), title, folder / "notices" / f"{_stem(payload, message_id)}.pdf")
