"""public metadata and masked copies: 发布机构 as the bureau's short name, attachments only masked

publications.issuer keeps the bureau's full name (the published letter's 发文机关 and signature);
publications.publisher, the 发布机构 of the disclosure block, becomes the bureau's short name, as
the published samples show it (市经信局), and the full name where a bureau has none. Rows published
before this revision are converted the same way. published_files holds the masked copies of the
attachments a publication offers (issue 9 §6); publications made before this revision offer none
until they are published again.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SHORT_NAME = (
    "(SELECT COALESCE(NULLIF(TRIM(bureaus.short_name), ''), bureaus.name) FROM bureaus"
    " WHERE bureaus.id = publications.bureau_id)"
)


def upgrade():
    op.add_column("publications", sa.Column("issuer", sa.String(length=128), nullable=True))
    op.execute(f"UPDATE publications SET issuer = publisher, publisher = {SHORT_NAME}")
    op.create_table(
        "published_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("text_copy", sa.Boolean(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_name", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('pdf', 'docx', 'xlsx')", name=op.f("ck_published_files_kind_valid")),
        sa.ForeignKeyConstraint(["publication_id"], ["publications.id"],
                                name=op.f("fk_published_files_publication_id_publications")),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachments.id"],
                                name=op.f("fk_published_files_attachment_id_attachments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_files")),
        sa.UniqueConstraint("publication_id", "attachment_id", name="uq_published_files_publication_attachment"),
        sa.UniqueConstraint("storage_name", name=op.f("uq_published_files_storage_name")),
    )
    op.create_index("ix_published_files_publication", "published_files", ["publication_id", "attachment_id"])


def downgrade():
    op.drop_index("ix_published_files_publication", table_name="published_files")
    op.drop_table("published_files")
    op.execute("UPDATE publications SET publisher = issuer WHERE issuer IS NOT NULL")
    # Not a batch: on SQLite that copies the table, and the search triggers on it (0004, 0005) would go.
    op.execute("ALTER TABLE publications DROP COLUMN issuer")
