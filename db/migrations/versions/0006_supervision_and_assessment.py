"""supervision and assessment: patrols, inspections, attachments, assessment cycles,
department ratings, assessment weights, the daily case roll-up of the statistics dashboard,
and the case indexes its filtered lists need

Route geometries are WKB LINESTRINGs in EPSG:4490 (registered in geometry_columns).
Assessment weights are not seeded: the defaults live in db/stats.py and the table holds
what the supervisor changed.

Revision ID: 0006
Revises: 0008
Create Date: 2026-11-27 00:55:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GEOMETRIES = [("patrols", "route", "LINESTRING"), ("inspections", "route", "LINESTRING")]


def _geometry_columns() -> sa.TableClause:
    return sa.table(
        "geometry_columns",
        sa.column("f_table_name", sa.String),
        sa.column("f_geometry_column", sa.String),
        sa.column("geometry_type", sa.String),
        sa.column("srid", sa.Integer),
    )


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "assessment_cycles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=True),
        sa.Column("results", sa.JSON(), nullable=True),
        sa.Column("finalised_at", sa.DateTime(), nullable=True),
        sa.Column("finalised_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_cycles")),
        sa.UniqueConstraint("year", "kind", "period", name="uq_assessment_cycles_year_kind_period"),
    )
    op.create_table(
        "assessment_weights",
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("metric", name=op.f("pk_assessment_weights")),
    )
    op.create_table(
        "case_stats_daily",
        sa.Column("dim", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("key", sa.String(length=24), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("dim", "day", "key", name=op.f("pk_case_stats_daily")),
    )
    op.create_table(
        "case_stats_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_change_seq", sa.Integer(), nullable=False),
        sa.Column("last_case_id", sa.Integer(), nullable=False),
        sa.Column("case_count", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_stats_state")),
    )
    op.create_table(
        "department_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("admin_unit_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("rated_by", sa.String(length=64), nullable=False),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["admin_unit_id"],
            ["admin_units.id"],
            name=op.f("fk_department_ratings_admin_unit_id_admin_units"),
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["assessment_cycles.id"],
            name=op.f("fk_department_ratings_cycle_id_assessment_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_department_ratings_department_id_departments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department_ratings")),
        sa.UniqueConstraint(
            "cycle_id",
            "department_id",
            "admin_unit_id",
            name="uq_department_ratings_cycle_dept_unit",
        ),
    )
    op.create_index(
        op.f("ix_department_ratings_department_id"),
        "department_ratings",
        ["department_id"],
        unique=False,
    )
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("leader_name", sa.String(length=64), nullable=False),
        sa.Column("leader_title", sa.String(length=64), nullable=False),
        sa.Column("participants", sa.Text(), nullable=False),
        sa.Column("route", sa.LargeBinary(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("agenda", sa.JSON(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_by_name", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_inspections_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
    )
    op.create_index(op.f("ix_inspections_held_on"), "inspections", ["held_on"], unique=False)
    op.create_table(
        "supervision_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_kind", sa.String(length=24), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("stored_path", sa.String(length=512), nullable=False),
        sa.Column("caption", sa.String(length=255), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by"], ["users.id"], name=op.f("fk_supervision_attachments_added_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_attachments")),
    )
    op.create_index(
        "ix_supervision_attachments_owner",
        "supervision_attachments",
        ["owner_kind", "owner_id"],
        unique=False,
    )
    op.create_table(
        "inspection_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("reason", sa.String(length=160), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name=op.f("fk_inspection_items_inspection_id_inspections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_items")),
    )
    op.create_index(
        op.f("ix_inspection_items_inspection_id"),
        "inspection_items",
        ["inspection_id"],
        unique=False,
    )
    op.create_index(
        "ix_inspection_items_kind_ref", "inspection_items", ["kind", "ref_id"], unique=False
    )
    op.create_table(
        "patrols",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("slot", sa.String(length=16), nullable=False),
        sa.Column("leader_member_id", sa.Integer(), nullable=True),
        sa.Column("leader_name", sa.String(length=32), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("route", sa.LargeBinary(), nullable=True),
        sa.Column("route_length_m", sa.Float(), nullable=False),
        sa.Column("min_lon", sa.Float(), nullable=True),
        sa.Column("min_lat", sa.Float(), nullable=True),
        sa.Column("max_lon", sa.Float(), nullable=True),
        sa.Column("max_lat", sa.Float(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["grid_id"], ["grids.id"], name=op.f("fk_patrols_grid_id_grids")),
        sa.ForeignKeyConstraint(
            ["leader_member_id"],
            ["grid_members.id"],
            name=op.f("fk_patrols_leader_member_id_grid_members"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_patrols_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrols")),
    )
    op.create_index("ix_patrols_day_grid", "patrols", ["day", "grid_id"], unique=False)
    op.create_index("ix_patrols_grid_day", "patrols", ["grid_id", "day"], unique=False)
    op.create_table(
        "inspection_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("key_point_id", sa.Integer(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_inspection_findings_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_inspection_findings_category_id_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_inspection_findings_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_inspection_findings_grid_id_grids")
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name=op.f("fk_inspection_findings_inspection_id_inspections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["inspection_items.id"],
            name=op.f("fk_inspection_findings_item_id_inspection_items"),
        ),
        sa.ForeignKeyConstraint(
            ["key_point_id"],
            ["key_points.id"],
            name=op.f("fk_inspection_findings_key_point_id_key_points"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_findings")),
    )
    op.create_index(
        op.f("ix_inspection_findings_case_id"), "inspection_findings", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_inspection_findings_inspection_id"),
        "inspection_findings",
        ["inspection_id"],
        unique=False,
    )
    op.create_table(
        "patrol_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patrol_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("key_point_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("found_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_patrol_findings_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_patrol_findings_category_id_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["key_point_id"],
            ["key_points.id"],
            name=op.f("fk_patrol_findings_key_point_id_key_points"),
        ),
        sa.ForeignKeyConstraint(
            ["patrol_id"],
            ["patrols.id"],
            name=op.f("fk_patrol_findings_patrol_id_patrols"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_findings")),
    )
    op.create_index(
        op.f("ix_patrol_findings_case_id"), "patrol_findings", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_patrol_findings_patrol_id"), "patrol_findings", ["patrol_id"], unique=False
    )
    op.create_table(
        "patrol_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patrol_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("team_role", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["grid_members.id"],
            name=op.f("fk_patrol_members_member_id_grid_members"),
        ),
        sa.ForeignKeyConstraint(
            ["patrol_id"],
            ["patrols.id"],
            name=op.f("fk_patrol_members_patrol_id_patrols"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_members")),
    )
    op.create_index(
        op.f("ix_patrol_members_patrol_id"), "patrol_members", ["patrol_id"], unique=False
    )
    op.create_index(
        "ix_cases_department_reported", "cases", ["department_id", "reported_at"], unique=False
    )
    op.create_index("ix_cases_grid_reported", "cases", ["grid_id", "reported_at"], unique=False)
    op.create_index("ix_cases_hazard_reported", "cases", ["hazard", "reported_at"], unique=False)
    op.create_index("ix_cases_source_reported", "cases", ["source", "reported_at"], unique=False)

    op.bulk_insert(
        _geometry_columns(),
        [
            {"f_table_name": t, "f_geometry_column": c, "geometry_type": g, "srid": 4490}
            for t, c, g in GEOMETRIES
        ],
    )


def downgrade() -> None:
    """Downgrade schema."""
    gc = _geometry_columns()
    for t, c, _g in GEOMETRIES:
        op.execute(gc.delete().where(gc.c.f_table_name == t, gc.c.f_geometry_column == c))
    op.drop_index("ix_cases_source_reported", table_name="cases")
    op.drop_index("ix_cases_hazard_reported", table_name="cases")
    op.drop_index("ix_cases_grid_reported", table_name="cases")
    op.drop_index("ix_cases_department_reported", table_name="cases")
    op.drop_index(op.f("ix_patrol_members_patrol_id"), table_name="patrol_members")
    op.drop_table("patrol_members")
    op.drop_index(op.f("ix_patrol_findings_patrol_id"), table_name="patrol_findings")
    op.drop_index(op.f("ix_patrol_findings_case_id"), table_name="patrol_findings")
    op.drop_table("patrol_findings")
    op.drop_index(op.f("ix_inspection_findings_inspection_id"), table_name="inspection_findings")
    op.drop_index(op.f("ix_inspection_findings_case_id"), table_name="inspection_findings")
    op.drop_table("inspection_findings")
    op.drop_index("ix_patrols_grid_day", table_name="patrols")
    op.drop_index("ix_patrols_day_grid", table_name="patrols")
    op.drop_table("patrols")
    op.drop_index("ix_inspection_items_kind_ref", table_name="inspection_items")
    op.drop_index(op.f("ix_inspection_items_inspection_id"), table_name="inspection_items")
    op.drop_table("inspection_items")
    op.drop_index("ix_supervision_attachments_owner", table_name="supervision_attachments")
    op.drop_table("supervision_attachments")
    op.drop_index(op.f("ix_inspections_held_on"), table_name="inspections")
    op.drop_table("inspections")
    op.drop_index(op.f("ix_department_ratings_department_id"), table_name="department_ratings")
    op.drop_table("department_ratings")
    op.drop_table("case_stats_state")
    op.drop_table("case_stats_daily")
    op.drop_table("assessment_weights")
    op.drop_table("assessment_cycles")
