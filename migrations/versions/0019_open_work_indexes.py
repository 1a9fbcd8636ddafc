"""open_work_indexes: partial indexes over what is open now, so the work lists read the open
rows, not ten years of closed ones

A reply waiting for its proposer's rating (sent, an answer, no outcome yet) and a running clock
are the open part of tables that otherwise grow with every year kept: the member's rating task
read every reply ever sent, the office's review task every review clock (issue 13).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 18:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

AWAITING_RATING = "state = 'sent' AND kind = 'answer' AND feedback_outcome IS NULL"
RUNNING = "stopped_at IS NULL"
INDEXES = [
    ("ix_replies_awaiting_rating", "replies", ["proposal_id"], AWAITING_RATING),
    ("ix_clocks_running_assignment", "clocks", ["assignment_id", "kind"], RUNNING),
    ("ix_clocks_running_proposal", "clocks", ["proposal_id", "kind"], RUNNING),
]


def upgrade():
    for name, table, columns, where in INDEXES:
        op.create_index(name, table, columns, unique=False, postgresql_where=sa.text(where),
                        sqlite_where=sa.text(where))


def downgrade():
    for name, table, _columns, _where in reversed(INDEXES):
        op.drop_index(name, table_name=table)
