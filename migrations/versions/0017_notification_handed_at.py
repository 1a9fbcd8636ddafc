"""notifications.handed_at: when a sender began handing the row's message to the mail server

Recorded (committed) before the SMTP conversation and cleared when the row is marked sent or put
back, so a row that still carries it after its sender died is known to be a possible resend.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("handed_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("handed_at")
