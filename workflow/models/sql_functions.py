"""SQL functions SQLite lacks, registered on every SQLite connection this process opens.

`publication_grams(text)`: the characters and character pairs of a text (domain/search_grams.py),
which the triggers of migration 0005 write into the FTS5 table `publications_grams`. A connection
without it (the sqlite3 shell, say) cannot write publications: the triggers fail rather than
leave the index behind the table. PostgreSQL has its own function of that name (migration 0005).
"""
from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

from workflow.domain.search_grams import as_tokens


@event.listens_for(Engine, "connect")
def _register(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("publication_grams", 1, as_tokens, deterministic=True)
