"""meetings: joint on-site meetings (基层约请), consultations and regular meetings
(联席会议, 例会) with their parties, agenda, attendance, minutes, decisions, follow-up
tasks, ratings and notices; outside parties (property companies, developers)

`meeting_notices.outbox_id` has no foreign key: the outbox comes from revision 0003, on
another branch.

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-27 00:44:31.273819

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "meeting_follow_ups",
    "meeting_notices",
    "meeting_decisions",
    "meeting_parties",
    "meeting_agenda_items",
    "meetings",
    "meeting_series",
    "external_parties",
)


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "external_parties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=96), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("contact_name", sa.String(length=32), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_parties")),
        sa.UniqueConstraint("name", name=op.f("uq_external_parties_name")),
    )
    op.create_table(
        "meeting_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("requesting_unit_id", sa.Integer(), nullable=True),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("key_point_id", sa.Integer(), nullable=True),
        sa.Column("place_name", sa.String(length=128), nullable=False),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("frequency", sa.String(length=16), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("month_week", sa.Integer(), nullable=True),
        sa.Column("month_day", sa.Integer(), nullable=True),
        sa.Column("start_minute", sa.Integer(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("until_day", sa.Date(), nullable=True),
        sa.Column("holiday_policy", sa.String(length=24), nullable=False),
        sa.Column("exdates", sa.JSON(), nullable=False),
        sa.Column("parties", sa.JSON(), nullable=False),
        sa.Column("agenda", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_by_name", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_meeting_series_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_meeting_series_grid_id_grids")
        ),
        sa.ForeignKeyConstraint(
            ["key_point_id"],
            ["key_points.id"],
            name=op.f("fk_meeting_series_key_point_id_key_points"),
        ),
        sa.ForeignKeyConstraint(
            ["requesting_unit_id"],
            ["admin_units.id"],
            name=op.f("fk_meeting_series_requesting_unit_id_admin_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_series")),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("requesting_unit_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("origin_case_id", sa.Integer(), nullable=True),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("key_point_id", sa.Integer(), nullable=True),
        sa.Column("place_name", sa.String(length=128), nullable=False),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("occurrence_day", sa.Date(), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("minutes_updated_at", sa.DateTime(), nullable=True),
        sa.Column("minutes_by_name", sa.String(length=64), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("acknowledged_warnings", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_by_name", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_meetings_created_by_users")
        ),
        sa.ForeignKeyConstraint(["grid_id"], ["grids.id"], name=op.f("fk_meetings_grid_id_grids")),
        sa.ForeignKeyConstraint(
            ["key_point_id"], ["key_points.id"], name=op.f("fk_meetings_key_point_id_key_points")
        ),
        sa.ForeignKeyConstraint(
            ["origin_case_id"], ["cases.id"], name=op.f("fk_meetings_origin_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["requesting_unit_id"],
            ["admin_units.id"],
            name=op.f("fk_meetings_requesting_unit_id_admin_units"),
        ),
        sa.ForeignKeyConstraint(
            ["series_id"], ["meeting_series.id"], name=op.f("fk_meetings_series_id_meeting_series")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("series_id", "occurrence_day", name=op.f("uq_meetings_series_id")),
    )
    op.create_index(op.f("ix_meetings_series_id"), "meetings", ["series_id"], unique=False)
    op.create_index("ix_meetings_starts_at", "meetings", ["starts_at"], unique=False)
    op.create_index(
        "ix_meetings_status_starts_at", "meetings", ["status", "starts_at"], unique=False
    )
    op.create_table(
        "meeting_agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_meeting_agenda_items_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_agenda_items_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_agenda_items")),
    )
    op.create_index(
        op.f("ix_meeting_agenda_items_case_id"), "meeting_agenda_items", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_meeting_agenda_items_meeting_id"),
        "meeting_agenda_items",
        ["meeting_id"],
        unique=False,
    )
    op.create_table(
        "meeting_parties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("admin_unit_id", sa.Integer(), nullable=True),
        sa.Column("external_party_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=96), nullable=False),
        sa.Column("attendance", sa.String(length=16), nullable=False),
        sa.Column("attendee_name", sa.String(length=64), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(), nullable=True),
        sa.Column("attendance_note", sa.Text(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("rating_comment", sa.Text(), nullable=False),
        sa.Column("rated_at", sa.DateTime(), nullable=True),
        sa.Column("rated_by_name", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["admin_unit_id"],
            ["admin_units.id"],
            name=op.f("fk_meeting_parties_admin_unit_id_admin_units"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_meeting_parties_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["external_party_id"],
            ["external_parties.id"],
            name=op.f("fk_meeting_parties_external_party_id_external_parties"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_parties_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_parties")),
    )
    op.create_index(
        op.f("ix_meeting_parties_department_id"), "meeting_parties", ["department_id"], unique=False
    )
    op.create_index(
        op.f("ix_meeting_parties_meeting_id"), "meeting_parties", ["meeting_id"], unique=False
    )
    op.create_table(
        "meeting_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_name", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["meeting_agenda_items.id"],
            name=op.f("fk_meeting_decisions_agenda_item_id_meeting_agenda_items"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_decisions_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_decisions")),
    )
    op.create_index(
        op.f("ix_meeting_decisions_meeting_id"), "meeting_decisions", ["meeting_id"], unique=False
    )
    op.create_table(
        "meeting_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_notices_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["meeting_parties.id"],
            name=op.f("fk_meeting_notices_party_id_meeting_parties"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_notices")),
    )
    op.create_index(
        op.f("ix_meeting_notices_meeting_id"), "meeting_notices", ["meeting_id"], unique=False
    )
    op.create_index(
        op.f("ix_meeting_notices_outbox_id"), "meeting_notices", ["outbox_id"], unique=False
    )
    op.create_table(
        "meeting_follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("owner_name", sa.String(length=64), nullable=False),
        sa.Column("deadline_at", sa.DateTime(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_name", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_meeting_follow_ups_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["meeting_decisions.id"],
            name=op.f("fk_meeting_follow_ups_decision_id_meeting_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_meeting_follow_ups_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_follow_ups_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_follow_ups")),
    )
    op.create_index(
        op.f("ix_meeting_follow_ups_case_id"), "meeting_follow_ups", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_meeting_follow_ups_meeting_id"), "meeting_follow_ups", ["meeting_id"], unique=False
    )


def downgrade() -> None:
    """Downgrade schema (the indexes go with their tables)."""
    for table in TABLES:
        op.drop_table(table)
