"""bureau_keywords: a bureau's keywords (分办关键词), the everyday names of the matters it
handles, which suggested bureaus find in an item's text beside its duties (issue 11)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 00:05:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("bureaus") as batch:
        batch.add_column(sa.Column("keywords", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("bureaus") as batch:
        batch.drop_column("keywords")
