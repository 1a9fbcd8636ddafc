"""The SQL statements a piece of a test runs, as the database receives them."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from workflow.extensions import db


@contextmanager
def recorded(engine=None):
    """Yields the list the statements run inside the block are appended to."""
    engine = engine if engine is not None else db.engine
    seen: list[str] = []

    def keep(_conn, _cursor, statement, *_rest):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", keep)


def page_and_statements(client, url: str, **kw) -> tuple[str, list[str]]:
    """A GET's page and the statements it ran."""
    with recorded() as seen:
        page = client.get(url, **kw).get_data(as_text=True)
    return page, seen
