"""Personal data: masking helpers, masked exports by default, audited unmasked exports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db import models as m
from db.audit import query_audit
from db.migrate import upgrade
from db.ops import Actor, PermissionDenied
from db.privacy import (
    PERSONAL_COLUMNS,
    export_csv,
    mask_id_number,
    mask_json,
    mask_name,
    mask_phone,
    mask_row,
    mask_text,
)
from db.session import make_engine, resolve_url


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("+8613812345678", "+86138****5678"),
        ("021-59781234", "021-****1234"),
        ("59781234", "****1234"),
        ("12345", "***45"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(raw: str | None, masked: str) -> None:
    assert mask_phone(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("张三", "张*"),
        ("王小明", "王**"),
        ("欧阳娜娜", "欧阳**"),
        ("欧阳娜", "欧阳*"),
        ("司马光", "司马*"),
        ("欧阳", "欧*"),  # a surname alone is still masked
        ("李", "*"),
        (" 陈 刚 ", "陈*"),
        ("Li Wei", "L* W**"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name(raw: str | None, masked: str) -> None:
    assert mask_name(raw) == masked


def test_mask_id_number_and_free_text() -> None:
    assert mask_id_number("310118199001011234") == "310***********1234"
    assert mask_id_number("31011819900101123X") == "310***********123X"
    assert mask_id_number("A1234") == "****4"
    text = "居民张三（身份证310118199001011234）来电13812345678，另留座机021-59781234。案件编号ZX20261127-00012"
    masked = mask_text(text)
    assert "310***********1234" in masked and "138****5678" in masked and "021-****1234" in masked
    assert "ZX20261127-00012" in masked  # case numbers are not phone numbers
    assert "13812345678" not in masked and "199001011234" not in masked


def test_mask_row_and_json() -> None:
    row = {"number": "ZX1", "reporter_name": "欧阳娜娜", "reporter_phone": "13812345678", "description": "电话13912345678"}
    assert mask_row(row, PERSONAL_COLUMNS["cases"]) == {
        "number": "ZX1",
        "reporter_name": "欧阳**",
        "reporter_phone": "138****5678",
        "description": "电话139****5678",
    }
    doc = {"case": {"reporter_phone": "13812345678", "state": "closed"}, "list": [{"leader_name": "王海"}], "n": 3}
    assert mask_json(doc) == {"case": {"reporter_phone": "138****5678", "state": "closed"}, "list": [{"leader_name": "王*"}], "n": 3}
    assert mask_json(None) is None


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_exports_mask_by_default_and_unmasked_is_permitted_and_audited(db_url: str, tmp_path: Path) -> None:
    engine: Engine = make_engine(resolve_url(db_url))
    upgrade(engine)
    rows = [
        {"number": "ZX1", "reporter_name": "张三", "reporter_phone": "13812345678", "description": "=HYPERLINK(\"x\")"},
        {"number": "ZX2", "reporter_name": "欧阳娜娜", "reporter_phone": "", "description": "-5"},
    ]
    cols = ["number", "reporter_name", "reporter_phone", "description"]
    duty = Actor(1, "duty1", "duty_officer", workstation="ws")
    editor = Actor(2, "editor1", "map_editor", workstation="ws")
    liaison = Actor(3, "liaison1", "department_liaison", workstation="ws")

    out = tmp_path / "cases.csv"
    assert export_csv(engine, editor, out, cols, rows, what="cases", personal=PERSONAL_COLUMNS["cases"]) == 2
    data = _read(out)
    assert data[0] == cols
    assert data[1] == ["ZX1", "张*", "138****5678", "'=HYPERLINK(\"x\")"]  # no formula injection
    assert data[2] == ["ZX2", "欧阳**", "", "-5"]

    with pytest.raises(PermissionDenied):  # may export, may not reveal
        export_csv(engine, editor, out, cols, rows, what="cases", personal=PERSONAL_COLUMNS["cases"], unmasked=True)
    with pytest.raises(PermissionDenied):  # may not export at all
        export_csv(engine, liaison, out, cols, rows, what="cases", personal=PERSONAL_COLUMNS["cases"])
    export_csv(engine, duty, out, cols, rows, what="cases", personal=PERSONAL_COLUMNS["cases"], unmasked=True)
    assert _read(out)[1][1:3] == ["张三", "13812345678"]

    admin = Actor(None, "root", "admin")
    page = query_audit(engine, admin, action="export", newest_first=False)
    assert [(r.username, r.after["masked"], r.after["rows"]) for r in page.rows] == [("editor1", True, 2), ("duty1", False, 2)]
    with Session(engine) as s:
        assert s.execute(select(m.AuditRecord.entity).where(m.AuditRecord.action == "export")).scalars().all() == ["cases", "cases"]
    engine.dispose()
