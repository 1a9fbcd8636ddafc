"""work_tasks: the work list stored, one row per task open now and whoever does it, written
again for each proposal a transaction changes (services/work_tasks.py), so a work list reads the
tasks open now, not ten years of items (issue 13)

The table starts empty: `flask worklist rebuild --if-stale` fills it (make run and flask up run
it), as the sources that define a task are the application's code, not this migration's.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 21:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "work_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(length=24), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("clock_kind", sa.String(length=24), nullable=True),
        sa.Column("provisional", sa.Boolean(), nullable=True),
        sa.Column("handling_due", sa.Date(), nullable=True),
        sa.Column("handling_provisional", sa.Boolean(), nullable=True),
        sa.Column("bureau_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("principal_only", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name=op.f("fk_work_tasks_proposal_id_proposals"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_tasks")),
    )
    op.create_index("ix_work_tasks_proposal", "work_tasks", ["proposal_id"])
    op.create_index("ix_work_tasks_task_due", "work_tasks", ["task", "due"])
    op.create_index("ix_work_tasks_bureau_due", "work_tasks", ["bureau_id", "due"])
    op.create_index("ix_work_tasks_user_due", "work_tasks", ["user_id", "due"])


def downgrade():
    op.drop_table("work_tasks")
