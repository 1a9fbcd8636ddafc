"""proposal_grams: on PostgreSQL, each proposal's characters and character pairs (of its number,
title and text) in a stored column with a GIN index, so the office's search of proposals reads
the rows that hold every pair of the term, not every proposal of ten years (issue 13)

The column is computed by PostgreSQL from the row (GENERATED ... STORED, with migration 0005's
immutable `publication_grams()`), so no write path can leave it behind; stored, a search that
reads rows without the index checks it cheaply instead of computing each text's grams again.
SQLite keeps reading the table: an embedded installation holds a few years of one office.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 19:30:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

GRAMS = "publication_grams(coalesce(number, '') || ' ' || title || ' ' || body)"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE proposals ADD COLUMN search_grams text[] GENERATED ALWAYS AS ({GRAMS}) STORED")
        op.execute("CREATE INDEX ix_proposals_grams ON proposals USING gin (search_grams)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_proposals_grams")
        op.execute("ALTER TABLE proposals DROP COLUMN IF EXISTS search_grams")
