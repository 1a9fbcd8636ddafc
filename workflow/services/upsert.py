"""INSERT … ON CONFLICT DO NOTHING for the databases we run on (SQLite and PostgreSQL)."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.dialects import sqlite

from workflow.extensions import db


def insert_ignoring(model, rows: list[dict], index_elements: Sequence[str], returning: Sequence = ()) -> list:
    """Insert the rows a unique key does not already hold; return `returning` of those inserted.

    Concurrent writers of the same key both succeed and the row exists once: on PostgreSQL the
    second waits for the first's transaction at the unique index, then does nothing."""
    if not rows:
        return []
    dialect = db.session.get_bind().dialect
    if dialect.name == "postgresql":
        return _postgresql(model.__table__, rows, index_elements, returning, dialect)
    if dialect.name != "sqlite":
        raise NotImplementedError(f"no INSERT … ON CONFLICT for {dialect.name}")
    statement = sqlite.insert(model.__table__).on_conflict_do_nothing(index_elements=list(index_elements))
    if not returning:
        db.session.execute(statement, rows)
        return []
    return db.session.execute(statement.returning(*returning), rows).all()


def _postgresql(table, rows: list[dict], index_elements: Sequence[str], returning: Sequence, dialect) -> list:
    """One statement whatever the number of rows: each column travels as one array and
    `unnest` turns the arrays back into rows. (A VALUES list of thousands of rows costs more to
    build and parse than the insert itself.)"""
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    arrays = ", ".join(f"CAST(:{c.name} AS {c.type.compile(dialect=dialect)}[])" for c in columns)
    sql = (
        # bandit B608: names from the table's metadata; values bound
        f"INSERT INTO {table.name} ({', '.join(names)}) SELECT * FROM unnest({arrays}) "  # nosec B608
        f"ON CONFLICT ({', '.join(index_elements)}) DO NOTHING"
    )
    if returning:
        sql += " RETURNING " + ", ".join(column.name for column in returning)
    params = {}
    for column in columns:
        process = column.type.bind_processor(dialect)
        values = [row[column.name] for row in rows]
        params[column.name] = [process(v) for v in values] if process else values
    result = db.session.execute(text(sql), params)
    return result.all() if returning else []
