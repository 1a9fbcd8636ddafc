"""supervision_notes and archives: the office's 督办意见 and the archive runs of a session (SPEC 3.6)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 04:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "supervision_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name=op.f("fk_supervision_notes_proposal_id_proposals")),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignments.id"], name=op.f("fk_supervision_notes_assignment_id_assignments")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_supervision_notes_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_notes")),
    )
    op.create_index("ix_supervision_notes_proposal", "supervision_notes", ["proposal_id", "id"])
    op.create_table(
        "archives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("file_name", sa.String(length=128), nullable=True),
        sa.Column("items", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_archives_state_valid")),
        sa.CheckConstraint("(state = 'done') = (file_name IS NOT NULL)", name=op.f("ck_archives_done_has_file")),
        sa.CheckConstraint("(state IN ('done', 'failed')) = (finished_at IS NOT NULL)", name=op.f("ck_archives_finished_has_time")),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name=op.f("fk_archives_session_id_sessions")),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"], name=op.f("fk_archives_requested_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives")),
    )
    op.create_index("ix_archives_session", "archives", ["session_id", "id"])


def downgrade():
    op.drop_index("ix_archives_session", table_name="archives")
    op.drop_table("archives")
    op.drop_index("ix_supervision_notes_proposal", table_name="supervision_notes")
    op.drop_table("supervision_notes")
