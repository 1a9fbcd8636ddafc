"""notifications.due_provisional: whether the due date a notification shows was provisional (待定)

A notification keeps the due date it was written for; an e-mail or the bell marks it 待定 when
the clock's date was computed on a year the calendar did not cover yet (issue 9 §1).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("due_provisional", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("due_provisional")
