"""clocks.kind 'reassign': an item waiting to be assigned again (待重新交办) runs on a clock of its own;
a merged item (并案) takes no number of its own

Items merged before this revision gave back their numbers (issue 9 §9): the merged item is answered
under its target's number.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 12:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

CLOCK_KINDS_BEFORE = (
    "'cosign', 'review', 'receipt', 'reassign_window', 'reassign_answer', 'first_contact', 'co_opinion', "
    "'reply', 'feedback', 'rehandling', 'publication'"
)
CLOCK_KINDS_AFTER = CLOCK_KINDS_BEFORE + ", 'reassign'"


def _clock_kinds(kinds: str) -> None:
    with op.batch_alter_table("clocks", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_clocks_kind_valid"), type_="check")
        batch_op.create_check_constraint(op.f("ck_clocks_kind_valid"), f"kind IN ({kinds})")


def upgrade():
    _clock_kinds(CLOCK_KINDS_AFTER)
    op.execute("UPDATE proposals SET number = NULL, number_seq = NULL WHERE merged_into_id IS NOT NULL")
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_proposals_merged_has_number"), type_="check")
        batch_op.create_check_constraint(op.f("ck_proposals_merged_has_no_number"),
                                         "(merged_into_id IS NULL) OR (number IS NULL)")


def downgrade():
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_proposals_merged_has_no_number"), type_="check")
    op.execute("UPDATE proposals SET merged_into_id = NULL WHERE number IS NULL AND merged_into_id IS NOT NULL")
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_check_constraint(op.f("ck_proposals_merged_has_number"),
                                         "(merged_into_id IS NULL) OR (number IS NOT NULL)")
    op.execute("DELETE FROM clocks WHERE kind = 'reassign'")
    _clock_kinds(CLOCK_KINDS_BEFORE)
