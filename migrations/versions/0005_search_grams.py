"""search_grams: an index of characters and character pairs for search words of one or two characters;
publications by 发布日期 for the feed

A trigram index cannot answer a word shorter than three characters, so such words were read from
the whole table. This index holds, per publication, every character and every pair of adjacent
characters of its masked title and text (domain/search_grams.py says which characters), so such
a word is one index lookup and needs no recheck. SQLite: a contentless FTS5 table
`publications_grams`, one token per gram, kept in step by triggers through the SQL function
`publication_grams` the application registers on every connection (models/sql_functions.py).
PostgreSQL: an immutable SQL function `publication_grams` computing the same grams as an array,
and a GIN index on the id's bucket (btree_gin) and that array. Its bucket (4096 ids) differs from
the trigram index's (1024), so a trigram search's slice of ids cannot be answered from this index
alone (which would recheck every row of the slice).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 03:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GRAMS = "publication_grams(title || ' ' || body)"

SQLITE = [
    "DROP TABLE IF EXISTS publications_grams",
    # Contentless and without positions: a gram is a one-token phrase, only the row ids matter.
    "CREATE VIRTUAL TABLE publications_grams USING fts5("
    "grams, content='', detail='none', columnsize=0, tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER publications_grams_insert AFTER INSERT ON publications BEGIN "
    "INSERT INTO publications_grams(rowid, grams) VALUES (new.id, publication_grams(new.title || ' ' || new.body)); "
    "END",
    "CREATE TRIGGER publications_grams_delete AFTER DELETE ON publications BEGIN "
    "INSERT INTO publications_grams(publications_grams, rowid, grams) "
    "VALUES ('delete', old.id, publication_grams(old.title || ' ' || old.body)); END",
    "CREATE TRIGGER publications_grams_update AFTER UPDATE OF title, body ON publications BEGIN "
    "INSERT INTO publications_grams(publications_grams, rowid, grams) "
    "VALUES ('delete', old.id, publication_grams(old.title || ' ' || old.body)); "
    "INSERT INTO publications_grams(rowid, grams) VALUES (new.id, publication_grams(new.title || ' ' || new.body)); "
    "END",
    f"INSERT INTO publications_grams(rowid, grams) SELECT id, {GRAMS} FROM publications",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS publications_grams_update",
    "DROP TRIGGER IF EXISTS publications_grams_delete",
    "DROP TRIGGER IF EXISTS publications_grams_insert",
    "DROP TABLE IF EXISTS publications_grams",
]
# The text's runs of alphabet characters (ASCII letters lowered first), then each run's characters
# and adjacent pairs (a run's last "pair" is its last character again; DISTINCT folds it).
POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION publication_grams(t text) RETURNS text[] "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    "SELECT coalesce(array_agg(DISTINCT g), '{}') "
    "FROM regexp_split_to_table(regexp_replace(translate(t, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
    "'abcdefghijklmnopqrstuvwxyz'), '[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+', ' ', 'g'), ' ') AS run, "
    "generate_series(1, length(run)) AS i, "
    "LATERAL (VALUES (substr(run, i, 1)), (substr(run, i, 2))) AS gram(g) $$",
    f"CREATE INDEX ix_publications_grams ON publications USING gin ((id / 4096), ({GRAMS}))",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS ix_publications_grams",
    "DROP FUNCTION IF EXISTS publication_grams(text)",
]


def _run(sqlite: list[str], postgresql: list[str]) -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": sqlite, "postgresql": postgresql}.get(dialect, []):
        op.execute(statement)


def upgrade():
    _run(SQLITE, POSTGRESQL)
    # The feed lists the latest by 发布日期: a reply published again (after a withdrawal) keeps
    # its id but comes back on top. (Not in a batch: SQLite must never copy this table, whose
    # triggers keep the search tables.)
    op.create_index("ix_publications_state_published_at", "publications", ["state", "published_at"], unique=False)


def downgrade():
    op.drop_index("ix_publications_state_published_at", table_name="publications")
    _run(SQLITE_DROP, POSTGRESQL_DROP)
