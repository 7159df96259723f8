"""Exports of supervision: the assessment ranking to Excel (.xlsx, openpyxl) and to PDF, and
each inspection's report to PDF. PDFs are laid out as HTML in a QTextDocument and printed
with QPdfWriter in the bundled Noto Sans CJK font, so Chinese renders on any machine."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from db.stats import METRICS, Assessment
from db.supervision import InspectionDetail
from desktop import labels
from desktop.app import register_fonts
from desktop.supervision.common import (
    KINDS,
    OUTCOMES,
    RESULTS,
    cycle_label,
    day_text,
    hhmm,
    num,
    pct,
    word,
)
from desktop.supervision.common import METRICS as METRIC_NAMES

translate = QCoreApplication.translate


def _esc(s: object) -> str:
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def trend_text(change: int | None) -> str:
    if change is None:
        return "—"
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return "→"


def assessment_headers() -> list[str]:
    return [
        translate("Supervision", "Rank"),
        translate("Supervision", "Trend"),
        translate("Supervision", "Department"),
        translate("Supervision", "Cases"),
        translate("Supervision", "Closure rate"),
        translate("Supervision", "On-time closure rate"),
        translate("Supervision", "Rework rate"),
        translate("Supervision", "Average handling time (h)"),
        translate("Supervision", "Accurate-dispatch rate"),
        translate("Supervision", "Villages' score"),
        translate("Supervision", "Total"),
    ]


def _dept_name(name: str, name_en: str) -> str:
    from desktop.app import current_lang

    return name_en if current_lang() == "en" and name_en else name


# ---------------------------------------------------------------- PDF


CSS = """
body { font-family: '%(font)s'; font-size: 9.5pt; color: #111; }
h1 { font-size: 16pt; margin: 0 0 2pt 0; }
h2 { font-size: 12pt; margin: 12pt 0 4pt 0; color: #1f3a5f; }
p.sub { color: #555; margin: 0 0 8pt 0; }
table { border-collapse: collapse; width: 100%%; }
th { background: #e8edf3; font-weight: bold; border: 0.5pt solid #9aa7b6; padding: 3pt 4pt; }
td { border: 0.5pt solid #b8c2ce; padding: 3pt 4pt; }
td.n { text-align: right; }
td.c { text-align: center; }
.up { color: #1a7f37; } .down { color: #c0392b; }
.note { color: #555; font-size: 8.5pt; }
"""


def html_document(title: str, body: str) -> str:
    return (
        f"<html><head><meta charset='utf-8'><style>{CSS % {'font': register_fonts()}}</style></head>"
        f"<body><h1>{_esc(title)}</h1>{body}</body></html>"
    )


def write_pdf(
    html: str, path: str | Path, title: str = "GridDesk", landscape: bool = False
) -> Path:
    """Print `html` to an A4 PDF at `path` with the bundled CJK font embedded."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(out))
    writer.setTitle(title)
    writer.setCreator("GridDesk")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
            QMarginsF(14, 14, 14, 14),
            QPageLayout.Unit.Millimeter,
        )
    )
    doc = QTextDocument()
    font = QFont(register_fonts())
    font.setPointSizeF(9.5)
    doc.setDefaultFont(font)
    doc.setHtml(html)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.print_(writer)
    del writer  # finishes the file
    if not out.is_file() or out.stat().st_size == 0:
        raise OSError(f"could not write {out}")
    return out


def assessment_html(a: Assessment) -> str:
    title = translate("Supervision", "Department assessment {cycle}").format(
        cycle=cycle_label(a.cycle.year, a.cycle.period)
    )
    sub = translate(
        "Supervision", "Cases reported {start} – {end}; figures as of {as_of}; {state}"
    ).format(
        start=f"{a.cycle.start:%Y-%m-%d}",
        end=f"{a.cycle.end:%Y-%m-%d}",
        as_of=f"{a.as_of:%Y-%m-%d %H:%M}",
        state=translate("Supervision", "finalised")
        if a.finalised
        else translate("Supervision", "provisional"),
    )
    weights_word = translate("Supervision", "Weights")
    weights = "；".join(
        f"{word(METRIC_NAMES, k)} {a.weights.get(k, 0) * 100:.0f}%" for k in METRICS
    )
    rows = []
    for r in a.rows:
        f = r.figures
        change = r.rank_change
        cls = "up" if (change or 0) > 0 else "down" if (change or 0) < 0 else ""
        rows.append(
            "<tr>"
            f"<td class='c'>{r.rank if r.rank is not None else '—'}</td>"
            f"<td class='c {cls}'>{trend_text(change)}</td>"
            f"<td>{_esc(_dept_name(f.name, f.name_en))}</td>"
            f"<td class='n'>{f.cases}</td>"
            f"<td class='n'>{pct(f.closure_rate)}</td>"
            f"<td class='n'>{pct(f.on_time_rate)}</td>"
            f"<td class='n'>{pct(f.rework_rate)}</td>"
            f"<td class='n'>{num(f.avg_handling_hours)}</td>"
            f"<td class='n'>{pct(f.accurate_dispatch_rate)}</td>"
            f"<td class='n'>{num(f.village_score)}</td>"
            f"<td class='n'><b>{num(r.total, 2)}</b></td>"
            "</tr>"
        )
    head = "".join(f"<th>{_esc(h)}</th>" for h in assessment_headers())
    body = (
        f"<p class='sub'>{_esc(sub)}</p>"
        f"<p class='note'>{_esc(weights_word)}: {_esc(weights)}</p>"
        f"<table><tr>{head}</tr>{''.join(rows)}</table>"
        f"<p class='note'>{_esc(definitions_text())}</p>"
        f"<p class='note'>GridDesk · {datetime.now():%Y-%m-%d %H:%M}</p>"
    )
    return html_document(title, body)


def definitions_text() -> str:
    return translate(
        "Supervision",
        "Cases: reported in the cycle and dispatched to the department. On-time closure rate: closed by the deadline / cases due. Rework rate: sent back at least once / cases due. Handling time: dispatch to close. Accurate dispatch: dispatched once and never returned. Trend: places gained since the previous cycle.",
    )


def export_assessment_pdf(a: Assessment, path: str | Path) -> Path:
    return write_pdf(
        assessment_html(a), path, f"assessment {a.cycle.year}-{a.cycle.period}", landscape=True
    )


def inspection_html(d: InspectionDetail) -> str:
    title = translate("Supervision", "Inspection report {day}").format(day=day_text(d.held_on))
    info = [
        (translate("Supervision", "Led by"), f"{d.leader_title} {d.leader_name}".strip()),
        (
            translate("Supervision", "Time"),
            f"{d.held_on:%Y-%m-%d} {hhmm(d.started_at)}–{hhmm(d.ended_at)}",
        ),
        (translate("Supervision", "Participants"), d.participants or "—"),
        (
            translate("Supervision", "Recorded by"),
            f"{d.recorded_by_name} {d.recorded_at:%Y-%m-%d %H:%M}",
        ),
    ]
    words = {
        "summary": translate("Supervision", "Summary"),
        "agenda": translate("Supervision", "Agenda items"),
        "findings": translate("Supervision", "Findings"),
        "none": translate("Supervision", "No findings."),
        "photos": translate("Supervision", "Photos"),
    }
    body = ["<table>"]
    for k, v in info:
        body.append(f"<tr><th style='width:18%'>{_esc(k)}</th><td>{_esc(v)}</td></tr>")
    body.append("</table>")
    if d.summary:
        body.append(f"<h2>{_esc(words['summary'])}</h2><p>{_esc(d.summary)}</p>")
    body.append(f"<h2>{_esc(words['agenda'])}</h2><table><tr>")
    for h in (
        "#",
        translate("Supervision", "Kind"),
        translate("Supervision", "Item"),
        translate("Supervision", "Result"),
        translate("Supervision", "Note"),
    ):
        body.append(f"<th>{_esc(h)}</th>")
    body.append("</tr>")
    for it in d.items:
        body.append(
            f"<tr><td class='c'>{it.seq}</td><td>{_esc(word(KINDS, it.kind))}</td><td>{_esc(it.title)}</td>"
            f"<td>{_esc(word(RESULTS, it.result))}</td><td>{_esc(it.note)}</td></tr>"
        )
    body.append("</table>")
    body.append(f"<h2>{_esc(words['findings'])}</h2>")
    if d.findings:
        body.append("<table><tr>")
        for h in (
            "#",
            translate("Supervision", "What was found"),
            translate("Supervision", "Outcome"),
            translate("Supervision", "Case"),
            translate("Supervision", "Department"),
        ):
            body.append(f"<th>{_esc(h)}</th>")
        body.append("</tr>")
        for f in d.findings:
            case = f"{f.case_number} {labels.state_label(f.case_state)}" if f.case_id else "—"
            body.append(
                f"<tr><td class='c'>{f.seq}</td><td>{_esc(f.description)}</td><td>{_esc(word(OUTCOMES, f.outcome))}</td>"
                f"<td>{_esc(case)}</td><td>{_esc(f.department_name or '—')}</td></tr>"
            )
        body.append("</table>")
    else:
        body.append(f"<p>{_esc(words['none'])}</p>")
    if d.attachments:
        body.append(f"<h2>{_esc(words['photos'])}</h2><ul>")
        for a in d.attachments:
            size = f"{a.size_bytes / 1e6:.1f} MB" if a.size_bytes else ""
            body.append(
                f"<li>{_esc(a.file_name)} {_esc(a.caption)} <span class='note'>{size}</span></li>"
            )
        body.append("</ul>")
    body.append(f"<p class='note'>GridDesk · {datetime.now():%Y-%m-%d %H:%M}</p>")
    return html_document(title, "".join(body))


def export_inspection_pdf(d: InspectionDetail, path: str | Path) -> Path:
    return write_pdf(inspection_html(d), path, f"inspection {d.held_on:%Y-%m-%d}")


# ---------------------------------------------------------------- Excel


def export_assessment_xlsx(a: Assessment, path: str | Path) -> Path:
    """The ranking (numbers as numbers, rates as percentages), the weights and the
    definitions, in one workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = translate("Supervision", "Ranking")[:31]
    title = translate("Supervision", "Department assessment {cycle}").format(
        cycle=cycle_label(a.cycle.year, a.cycle.period)
    )
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = translate(
        "Supervision", "Cases reported {start} – {end}; figures as of {as_of}; {state}"
    ).format(
        start=f"{a.cycle.start:%Y-%m-%d}",
        end=f"{a.cycle.end:%Y-%m-%d}",
        as_of=f"{a.as_of:%Y-%m-%d %H:%M}",
        state=translate("Supervision", "finalised")
        if a.finalised
        else translate("Supervision", "provisional"),
    )
    headers = [*assessment_headers(), translate("Supervision", "Previous rank")]
    header_row = 4
    fill = PatternFill("solid", fgColor="DCE4EE")
    thin = Side(style="thin", color="9AA7B6")
    for j, h in enumerate(headers, start=1):
        c = ws.cell(row=header_row, column=j, value=h)
        c.font = Font(bold=True)
        c.fill = fill
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for i, r in enumerate(a.rows, start=header_row + 1):
        f = r.figures
        values: Sequence[object] = (
            r.rank,
            trend_text(r.rank_change),
            _dept_name(f.name, f.name_en),
            f.cases,
            f.closure_rate,
            f.on_time_rate,
            f.rework_rate,
            None if f.avg_handling_hours is None else round(f.avg_handling_hours, 1),
            f.accurate_dispatch_rate,
            f.village_score,
            r.total,
            r.previous_rank,
        )
        for j, v in enumerate(values, start=1):
            c = ws.cell(row=i, column=j, value=v)
            if j in (5, 6, 7, 9):
                c.number_format = "0.0%"
            elif j in (8, 10):
                c.number_format = "0.0"
            elif j == 11:
                c.number_format = "0.00"
    widths = [7, 7, 26, 8, 10, 12, 10, 14, 12, 10, 9, 10]
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.row_dimensions[header_row].height = 32
    ws.freeze_panes = ws.cell(row=header_row + 1, column=4)

    wsw = wb.create_sheet(translate("Supervision", "Weights")[:31])
    wsw.append([translate("Supervision", "Part"), translate("Supervision", "Weight")])
    for k in METRICS:
        wsw.append([word(METRIC_NAMES, k), a.weights.get(k, 0.0)])
        wsw.cell(row=wsw.max_row, column=2).number_format = "0%"
    wsw.append([])
    wsw.append([definitions_text()])
    wsw.column_dimensions["A"].width = 28
    wsw.column_dimensions["B"].width = 10
    wb.save(str(out))
    return out
