"""Progress in the open, clues from citizens, the topic list (issue 12)

sessions.progress_public; clues and clue_files; topics; proposals.topic_id and proposals.clue_id.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 12:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

KINDS = "('pdf', 'docx', 'xlsx', 'jpeg', 'png')"


def upgrade():
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("progress_public", sa.Boolean(), nullable=False, server_default="0"))
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("sessions.id", name="fk_topics_session_id_sessions"),
                  nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("paragraph", sa.Text(), nullable=False),
        sa.Column("bureaus", sa.String(400), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_topics_session", "topics", ["session_id", "position", "id"])
    op.create_table(
        "clues",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(200), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("topic", sa.String(200), nullable=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("users.id", name="fk_clues_member_id_users"), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), sa.ForeignKey("clues.id", name="fk_clues_merged_into_id_clues"),
                  nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.UniqueConstraint("code", name="uq_clues_code"),
        sa.CheckConstraint("state IN ('received', 'accepted', 'passed', 'taken_up', 'merged', 'declined')",
                           name="ck_clues_state_valid"),
        sa.CheckConstraint("(state = 'merged') = (merged_into_id IS NOT NULL)", name="ck_clues_merged_has_target"),
        sa.CheckConstraint("(state = 'declined') = (decline_reason IS NOT NULL)", name="ck_clues_declined_has_reason"),
        sa.CheckConstraint("state NOT IN ('passed', 'taken_up') OR member_id IS NOT NULL",
                           name="ck_clues_passed_has_member"),
    )
    op.create_index("ix_clues_state", "clues", ["state", "id"])
    op.create_index("ix_clues_member", "clues", ["member_id", "id"])
    op.create_table(
        "clue_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("clue_id", sa.Integer(),
                  sa.ForeignKey("clues.id", name="fk_clue_files_clue_id_clues", ondelete="CASCADE"), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("storage_name", sa.String(64), nullable=False),
        sa.UniqueConstraint("storage_name", name="uq_clue_files_storage_name"),
        sa.CheckConstraint(f"kind IN {KINDS}", name="ck_clue_files_kind_valid"),
    )
    op.create_index("ix_clue_files_clue", "clue_files", ["clue_id"])
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("topic_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("clue_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_proposals_topic_id_topics", "topics", ["topic_id"], ["id"])
        batch.create_foreign_key("fk_proposals_clue_id_clues", "clues", ["clue_id"], ["id"])
    op.create_index("ix_proposals_topic", "proposals", ["topic_id"])
    op.create_index("ix_proposals_clue", "proposals", ["clue_id"])


def downgrade():
    op.drop_index("ix_proposals_clue", "proposals")
    op.drop_index("ix_proposals_topic", "proposals")
    with op.batch_alter_table("proposals") as batch:
        batch.drop_constraint("fk_proposals_clue_id_clues", type_="foreignkey")
        batch.drop_constraint("fk_proposals_topic_id_topics", type_="foreignkey")
        batch.drop_column("clue_id")
        batch.drop_column("topic_id")
    op.drop_table("clue_files")
    op.drop_table("clues")
    op.drop_table("topics")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("progress_public")
