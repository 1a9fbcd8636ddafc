"""Aliases of mapped classes, made once per process.

An alias builds its column collections the first time a query touches it, about a millisecond
each: the work list alone made two dozen per request (issue 13, a clerk's page spent a third of
its time there). Made once, they cost nothing after the first request.
"""
from __future__ import annotations

from functools import cache

from sqlalchemy.orm import aliased


@cache
def alias(model, name: str):
    """`model` under the SQL name `name`. One statement may use a name only once."""
    return aliased(model, name=name)
