"""Date expressions the two databases spell differently, for the figures' aggregate queries.

Timestamps are stored as naive UTC (types.UTCDateTime); due dates are Asia/Shanghai calendar days.
SQLite has no time zones, so it adds eight hours: Shanghai has kept UTC+8 without daylight saving
since 1991, which covers every date this system stores. PostgreSQL converts by the zone's name.
"""
from __future__ import annotations

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Date, Float


class local_day(FunctionElement):  # noqa: N801  (reads as the SQL function it compiles to)
    """The Asia/Shanghai date of a stored UTC timestamp."""

    type = Date()
    inherit_cache = True


class days_between(FunctionElement):  # noqa: N801
    """Calendar days from the local date of the first timestamp to that of the second."""

    type = Float()
    inherit_cache = True


@compiles(local_day, "sqlite")
def _local_day_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+8 hours')"


@compiles(local_day, "postgresql")
def _local_day_postgresql(element, compiler, **kw):
    return f"CAST(({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai' AS DATE)"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"(julianday(date({end}, '+8 hours')) - julianday(date({start}, '+8 hours')))"


@compiles(days_between, "postgresql")
def _days_between_postgresql(element, compiler, **kw):
    start, end = (compiler.process(local_day(c), **kw) for c in element.clauses)
    return f"({end} - {start})"
