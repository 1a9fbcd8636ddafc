"""bureau_opinion_signoff: each bureau chooses whether its leader signs its co-handling opinions off

NULL keeps the system setting (co_opinion_signoff), so existing bureaus behave as before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 03:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("bureaus", schema=None) as batch_op:
        batch_op.add_column(sa.Column("co_opinion_signoff", sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table("bureaus", schema=None) as batch_op:
        batch_op.drop_column("co_opinion_signoff")
