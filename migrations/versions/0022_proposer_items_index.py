"""proposer_items_index: a member's items read from the index alone, (proposer_id, id,
merged_into_id) in place of (proposer_id), so a member's list of proposals and its count read
the index, not a heap page per proposal of ten years (issue 13)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 22:10:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_proposals_proposer_items", "proposals", ["proposer_id", "id", "merged_into_id"])
    op.drop_index("ix_proposals_proposer", table_name="proposals")


def downgrade():
    op.create_index("ix_proposals_proposer", "proposals", ["proposer_id"])
    op.drop_index("ix_proposals_proposer_items", table_name="proposals")
