"""duty console: holiday calendar, outbox, extension requests, shift handovers, case
number counters; case claims and the indexes the live queues need

The holiday calendar is seeded with the 2025 and 2026 public holidays and make-up working
days (调休上班) of the State Council's notices (国办发明电〔2024〕12号 and the notice of
4 November 2025); later years are added from the settings screen.

The new `cases` columns carry no foreign keys and are added with plain ALTER TABLE: on
SQLite a batch table rebuild would drop `cases` and cascade-delete every case event.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 00:39:55.591899

"""

from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "state NOT IN ('closed', 'rejected')"

# (first day, last day, name) of each holiday; make-up working days separately.
HOLIDAYS = [
    ("2025-01-01", "2025-01-01", "元旦"),
    ("2025-01-28", "2025-02-04", "春节"),
    ("2025-04-04", "2025-04-06", "清明节"),
    ("2025-05-01", "2025-05-05", "劳动节"),
    ("2025-05-31", "2025-06-02", "端午节"),
    ("2025-10-01", "2025-10-08", "国庆节、中秋节"),
    ("2026-01-01", "2026-01-03", "元旦"),
    ("2026-02-15", "2026-02-23", "春节"),
    ("2026-04-04", "2026-04-06", "清明节"),
    ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-06-19", "2026-06-21", "端午节"),
    ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
]
WORKDAYS = [
    ("2025-01-26", "春节调休上班"),
    ("2025-02-08", "春节调休上班"),
    ("2025-04-27", "劳动节调休上班"),
    ("2025-09-28", "国庆节调休上班"),
    ("2025-10-11", "国庆节调休上班"),
    ("2026-01-04", "元旦调休上班"),
    ("2026-02-14", "春节调休上班"),
    ("2026-02-28", "春节调休上班"),
    ("2026-05-09", "劳动节调休上班"),
    ("2026-09-20", "国庆节调休上班"),
    ("2026-10-10", "国庆节调休上班"),
]


def _calendar_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for first, last, name in HOLIDAYS:
        day, end = date.fromisoformat(first), date.fromisoformat(last)
        while day <= end:
            rows.append({"day": day, "kind": "holiday", "name": name})
            day += timedelta(days=1)
    rows.extend({"day": date.fromisoformat(d), "kind": "workday", "name": n} for d, n in WORKDAYS)
    return rows


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "case_number_counters",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_case_number_counters")),
    )
    holidays = op.create_table(
        "holidays",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_holidays")),
    )
    op.create_table(
        "shift_handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_name", sa.String(length=32), nullable=False),
        sa.Column("shift_start", sa.DateTime(), nullable=False),
        sa.Column("shift_end", sa.DateTime(), nullable=False),
        sa.Column("outgoing_user_id", sa.Integer(), nullable=True),
        sa.Column("outgoing_name", sa.String(length=64), nullable=False),
        sa.Column("outgoing_workstation", sa.String(length=64), nullable=False),
        sa.Column("signed_off_at", sa.DateTime(), nullable=False),
        sa.Column("incoming_user_id", sa.Integer(), nullable=True),
        sa.Column("incoming_name", sa.String(length=64), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_workstation", sa.String(length=64), nullable=False),
        sa.Column("acknowledge_note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incoming_user_id"], ["users.id"], name=op.f("fk_shift_handovers_incoming_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["outgoing_user_id"], ["users.id"], name=op.f("fk_shift_handovers_outgoing_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_handovers")),
    )
    op.create_index(op.f("ix_shift_handovers_shift_start"), "shift_handovers", ["shift_start"], unique=False)

    op.create_table(
        "case_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("requested_by_name", sa.String(length=64), nullable=False),
        sa.Column("old_deadline", sa.DateTime(), nullable=True),
        sa.Column("requested_deadline", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_by_name", sa.String(length=64), nullable=False),
        sa.Column("granted_deadline", sa.DateTime(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_extensions_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"], name=op.f("fk_case_extensions_decided_by_users")),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_case_extensions_department_id_departments")
        ),
        sa.ForeignKeyConstraint(["requested_by"], ["users.id"], name=op.f("fk_case_extensions_requested_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_extensions")),
    )
    op.create_index(op.f("ix_case_extensions_case_id"), "case_extensions", ["case_id"], unique=False)
    op.create_index(op.f("ix_case_extensions_status"), "case_extensions", ["status"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("external_ref", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_outbox_case_id_cases"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_outbox_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index(op.f("ix_outbox_case_id"), "outbox", ["case_id"], unique=False)
    op.create_index("ix_outbox_status_id", "outbox", ["status", "id"], unique=False)

    op.create_index("ix_case_events_at_kind", "case_events", ["at", "kind"], unique=False)

    # Plain ALTER TABLE ADD COLUMN on both databases (no batch rebuild, see the docstring).
    op.add_column("cases", sa.Column("claimed_by", sa.Integer(), nullable=True))
    op.add_column("cases", sa.Column("claimed_at", sa.DateTime(), nullable=True))
    op.add_column("cases", sa.Column("dispatch_due_at", sa.DateTime(), nullable=True))
    op.add_column("cases", sa.Column("outside_town", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("cases", sa.Column("merged_into_id", sa.Integer(), nullable=True))
    op.create_index("ix_cases_category_reported", "cases", ["category_id", "reported_at"], unique=False)
    op.create_index("ix_cases_claimed_by", "cases", ["claimed_by"], unique=False)
    op.create_index(
        "ix_cases_open_queue",
        "cases",
        ["state", "urgent", "reported_at"],
        unique=False,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )

    op.bulk_insert(holidays, _calendar_rows())


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_cases_open_queue", table_name="cases")
    op.drop_index("ix_cases_claimed_by", table_name="cases")
    op.drop_index("ix_cases_category_reported", table_name="cases")
    for column in ("merged_into_id", "outside_town", "dispatch_due_at", "claimed_at", "claimed_by"):
        # native DROP COLUMN (SQLite >= 3.35), never a batch rebuild of cases
        op.execute(f"ALTER TABLE cases DROP COLUMN {column}")
    op.drop_index("ix_case_events_at_kind", table_name="case_events")
    op.drop_index("ix_outbox_status_id", table_name="outbox")
    op.drop_index(op.f("ix_outbox_case_id"), table_name="outbox")
    op.drop_table("outbox")
    op.drop_index(op.f("ix_case_extensions_status"), table_name="case_extensions")
    op.drop_index(op.f("ix_case_extensions_case_id"), table_name="case_extensions")
    op.drop_table("case_extensions")
    op.drop_index(op.f("ix_shift_handovers_shift_start"), table_name="shift_handovers")
    op.drop_table("shift_handovers")
    op.drop_table("holidays")
    op.drop_table("case_number_counters")
