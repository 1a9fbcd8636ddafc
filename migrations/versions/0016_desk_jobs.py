"""desk_jobs: exports and imports of more than a few hundred rows, run by a worker (issue 10)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 12:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

STATES = "'queued', 'running', 'done', 'failed'"
KINDS = ("'export-proposals', 'export-assignments', 'export-overdue', 'export-handling', 'import-proposals', "
         "'import-users', 'import-bureaus'")


def upgrade():
    op.create_table(
        "desk_jobs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("source_name", sa.String(length=128), nullable=True),
        sa.Column("file_name", sa.String(length=128), nullable=True),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.String(length=64), nullable=True),
        sa.CheckConstraint(f"state IN ({STATES})", name="state_valid"),
        sa.CheckConstraint(f"kind IN ({KINDS})", name="kind_valid"),
        sa.CheckConstraint("(state IN ('done', 'failed')) = (finished_at IS NOT NULL)", name="finished_has_time"),
    )
    op.create_index("ix_desk_jobs_requester", "desk_jobs", ["requested_by_id", "id"])


def downgrade():
    op.drop_index("ix_desk_jobs_requester", table_name="desk_jobs")
    op.drop_table("desk_jobs")
