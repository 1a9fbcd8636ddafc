"""Text messages: the channels each user chose, and each notification row's text message

users.notify_email / notify_sms; notifications.sms_* (state, tries, lease, sent, the provider's
reference) beside the e-mail's columns, with an index for the SMS sender's claim.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 12:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("notify_email", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch.add_column(sa.Column("notify_sms", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("sms_state", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("sms_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("sms_last_error", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("sms_next_attempt_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("sms_claimed_until", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("sms_claim_token", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("sms_sent_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("sms_reference", sa.String(length=64), nullable=True))
        batch.create_index("ix_notifications_sms_state_next", ["sms_state", "sms_next_attempt_at"])


def downgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index("ix_notifications_sms_state_next")
        for column in ("sms_reference", "sms_sent_at", "sms_claim_token", "sms_claimed_until",
                       "sms_next_attempt_at", "sms_last_error", "sms_attempts", "sms_state"):
            batch.drop_column(column)
    with op.batch_alter_table("users") as batch:
        batch.drop_column("notify_sms")
        batch.drop_column("notify_email")
