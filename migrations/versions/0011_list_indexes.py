"""list_indexes: the indexes the work lists and lists read by, so a page's cost follows the page

The work list joins each task to its running clock by assignment (or by proposal for the
review and co-signature clocks), a member's lists start from their own proposals, co-signatures
and ratings, and the lists of proposals, assignments and notifications read the newest first.
Without these, each of those read every row of its table (issue 13).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 09:20:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_clocks_assignment_kind", "clocks", ["assignment_id", "kind"]),
    ("ix_clocks_proposal", "clocks", ["proposal_id"]),
    ("ix_clocks_kind_running", "clocks", ["kind", "stopped_at"]),
    ("ix_assignments_state", "assignments", ["state"]),
    ("ix_co_opinions_state", "co_opinions", ["state"]),
    ("ix_assignments_proposal", "assignments", ["proposal_id"]),
    ("ix_assignments_assigned", "assignments", ["assigned_at", "id"]),
    ("ix_assignments_bureau_assigned", "assignments", ["bureau_id", "assigned_at", "id"]),
    ("ix_proposals_proposer", "proposals", ["proposer_id"]),
    ("ix_proposals_updated", "proposals", ["updated_at", "id"]),
    ("ix_cosigners_user", "cosigners", ["user_id"]),
    ("ix_feedback_user", "feedback", ["user_id"]),
    ("ix_notifications_recipient_created", "notifications", ["recipient_id", "created_at", "id"]),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
