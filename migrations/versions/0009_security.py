"""security (issue 9 §11): users.session_version, publications.version, idempotency_keys

users.session_version ends every web session of a user when it moves on (logout, a new
password); publications.version guards a publication's state changes as replies' versions do;
idempotency_keys makes a form posted twice create once.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE on both databases: a batch copy of `publications` on SQLite would drop
    # the search triggers of migrations 0004 and 0005.
    op.add_column("users", sa.Column("session_version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("publications", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "idempotency_keys",
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_idempotency_keys_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_idempotency_keys")),
    )
    op.create_index("ix_idempotency_keys_user_created", "idempotency_keys", ["user_id", "created_at"])


def downgrade():
    op.drop_index("ix_idempotency_keys_user_created", table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
    # SQLite 3.35 and later drop a column in place, as PostgreSQL does.
    op.execute("ALTER TABLE publications DROP COLUMN version")
    op.execute("ALTER TABLE users DROP COLUMN session_version")
