"""users.mobile: a mobile number for text messages and the roster (issue 10)

Stored as the digits of a mainland mobile (11 digits, 1[3-9]…), or empty.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("mobile", sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("mobile")
