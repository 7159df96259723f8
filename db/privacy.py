"""Personal data: masking for display and export (PIPL's "minimum necessary" use).

Reporter names and phone numbers, grid leaders' and grid members' contacts are personal
data. Screens and exports show them masked: phone 138****5678, name 张* / 欧阳**, ID number
310***********1234. Revealing one needs Permission.CASE_REVEAL_CONTACT and is audited (the
case operations do that for reporters); exports mask by default, and an unmasked export
needs the same permission and is audited too.

Everything here is pure except `export_csv`, which checks the actor's permissions and writes
an audit record in the database it exported from.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.permissions import Permission

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from db.ops import Actor

MASK = "*"

# Chinese compound (two-character) surnames: the surname stays visible, the given name not.
_COMPOUND_SURNAMES_TEXT = """
    欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫
    西门 百里 呼延 澹台 公冶 太史 申屠 闻人 赫连 拓跋 钟离 宗政 濮阳 淳于 单于 仲孙 万俟 司空
    鲜于 闾丘 子车 亓官 司寇 巫马 公西 颛孙 壤驷 公良 漆雕 乐正 宰父 谷梁 段干 东郭 南门 羊舌
    微生 梁丘 左丘 东门 第五
"""
COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAMES_TEXT.split())


def _is_cjk(ch: str) -> bool:
    return "CJK" in unicodedata.name(ch, "")


def mask_name(name: str | None) -> str:
    """张三 -> 张*, 王小明 -> 王**, 欧阳娜娜 -> 欧阳**, Li Wei -> L* W**. Empty stays empty."""
    if not name:
        return ""
    name = name.strip()
    if not name:
        return ""
    if any(_is_cjk(ch) for ch in name):
        chars = [ch for ch in name if not ch.isspace()]
        keep = 2 if len(chars) > 2 and "".join(chars[:2]) in COMPOUND_SURNAMES else 1
        if len(chars) == 1:
            return MASK
        return "".join(chars[:keep]) + MASK * (len(chars) - keep)
    # Latin script (and anything else): first letter of every word.
    return " ".join(w[0] + MASK * (len(w) - 1) for w in name.split())


def mask_phone(phone: str | None) -> str:
    """Mask the middle digits, keeping the layout: 13812345678 -> 138****5678,
    +86 138 1234 5678 -> +86 138 **** 5678, 021-59781234 -> 021-****1234.

    Eleven or more digits keep the first three and last four (after a +86 country code);
    seven to ten keep the last four; fewer keep the last two."""
    if not phone:
        return ""
    digits = [i for i, ch in enumerate(phone) if ch.isdigit()]
    start = 0
    stripped = phone.lstrip()
    if stripped.startswith("+86") and len(digits) >= 13:
        start = 2  # the country code stays visible and does not count
    local = digits[start:]
    n = len(local)
    if n >= 11:
        head, tail = 3, 4
    elif n >= 7:
        head, tail = 0, 4
    elif n >= 3:
        head, tail = 0, 2
    else:
        head, tail = 0, 0
    hide = set(local[head : n - tail])
    return "".join(MASK if i in hide else ch for i, ch in enumerate(phone))


def mask_id_number(value: str | None) -> str:
    """Resident ID (18 characters) and other identity numbers: keep the first three and the
    last four characters, 310118199001011234 -> 310***********1234. Short values keep only
    their last character."""
    if not value:
        return ""
    v = value.strip()
    if len(v) >= 10:
        return v[:3] + MASK * (len(v) - 7) + v[-4:]
    if len(v) <= 1:
        return MASK * len(v)
    return MASK * (len(v) - 1) + v[-1]


# Numbers inside free text (case descriptions, notes): mobile numbers and resident IDs.
_ID_RE = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_LANDLINE_RE = re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)")


def mask_text(text: str | None) -> str:
    """Mask resident ID numbers, mobile and landline numbers found inside free text."""
    if not text:
        return ""
    text = _ID_RE.sub(lambda mo: mask_id_number(mo.group(0)), text)
    text = _MOBILE_RE.sub(lambda mo: mask_phone(mo.group(0)), text)
    return _LANDLINE_RE.sub(lambda mo: mask_phone(mo.group(0)), text)


MASKERS: dict[str, Callable[[str | None], str]] = {
    "name": mask_name,
    "phone": mask_phone,
    "id_number": mask_id_number,
    "text": mask_text,
}

# Which columns of which tables hold personal data, and how to mask them. Feature modules
# that add personal columns add them here.
PERSONAL_COLUMNS: dict[str, dict[str, str]] = {
    "cases": {"reporter_name": "name", "reporter_phone": "phone", "description": "text"},
    "case_events": {"note": "text"},
    "grids": {"leader_name": "name", "leader_phone": "phone"},
    "grid_members": {"name": "name", "phone": "phone"},
}


def mask_value(kind: str, value: Any) -> Any:
    """Mask `value` as `kind` ("name", "phone", "id_number", "text"); None stays None."""
    if value is None:
        return None
    return MASKERS[kind](str(value))


# Keys inside JSON documents (audit before/after, event data) that hold personal data.
PERSONAL_KEYS: dict[str, str] = {
    "reporter_name": "name",
    "reporter_phone": "phone",
    "leader_name": "name",
    "leader_phone": "phone",
    "phone": "phone",
    "contact_name": "name",
    "contact_phone": "phone",
    "id_number": "id_number",
    "description": "text",
    "note": "text",
}


def mask_json(value: Any, keys: Mapping[str, str] = PERSONAL_KEYS) -> Any:
    """A copy of a JSON document with the values of personal keys masked, at any depth."""
    if isinstance(value, dict):
        return {
            k: (mask_value(keys[k], v) if k in keys and isinstance(v, str) else mask_json(v, keys))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [mask_json(v, keys) for v in value]
    return value


def mask_row(row: Mapping[str, Any], personal: Mapping[str, str]) -> dict[str, Any]:
    """A copy of `row` with every column named in `personal` (column -> kind) masked."""
    return {k: (mask_value(personal[k], v) if k in personal else v) for k, v in row.items()}


# ---------------------------------------------------------------- exports

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: no formula injection, no NUL bytes."""
    if value is None:
        return ""
    s = str(value).replace("\x00", "")
    if s.startswith(_FORMULA_START) and not _looks_numeric(s):
        return "'" + s
    return s


def _looks_numeric(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def export_csv(
    engine: Engine,
    actor: Actor,
    path: str | Path,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    *,
    what: str,
    personal: Mapping[str, str] | None = None,
    unmasked: bool = False,
) -> int:
    """Write `rows` (dicts keyed by `columns`) to a UTF-8 CSV (with BOM, for Excel) and audit
    the export. Columns named in `personal` (column -> kind) are masked unless `unmasked`,
    which needs Permission.CASE_REVEAL_CONTACT besides Permission.EXPORT. Returns the number
    of rows written. `what` names the export in the audit trail ("cases", "grid_members")."""
    from sqlalchemy.orm import Session

    from db.audit import append_audit
    from db.ops import require

    require(actor, Permission.EXPORT)
    if unmasked:
        require(actor, Permission.CASE_REVEAL_CONTACT)
    personal = dict(personal or {})
    unknown = set(personal.values()) - set(MASKERS)
    if unknown:
        raise ValueError(f"unknown masking kinds: {sorted(unknown)}")
    out = Path(path)
    tmp = out.with_name(out.name + ".part")
    n = 0
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([_csv_cell(c) for c in columns])
        for row in rows:
            shown = row if unmasked else mask_row(row, personal)
            writer.writerow([_csv_cell(shown.get(c)) for c in columns])
            n += 1
    tmp.replace(out)
    with Session(engine) as session, session.begin():
        append_audit(
            session,
            actor,
            "export",
            what[:32],
            None,
            None,
            {
                "file": out.name,
                "rows": n,
                "columns": list(columns),
                "masked": not unmasked,
                "personal_columns": sorted(personal),
            },
        )
    return n
