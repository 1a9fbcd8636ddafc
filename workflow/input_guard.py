"""Input that no layer below can take, refused before any view runs (issue 9 §11): NUL bytes
(PostgreSQL refuses them in text, where SQLite kept them), lone surrogates (text no UTF-8 can
encode: neither database stores them) and JSON nested deeper than any request of ours (Python's
parser would run out of stack). Form fields and their names, file names, query strings, path
parameters and JSON bodies alike get a 400 naming the field, in the user's language, instead of
a 500 on one database and a stored oddity on the other."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flask import Flask, request
from flask_babel import gettext as _

from workflow.services.errors import Invalid

MAX_JSON_DEPTH = 16  # our deepest body is 3: an object holding a list of objects
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def register(app: Flask) -> None:
    app.before_request(refuse_unstorable_input)


def refuse_unstorable_input() -> None:
    for name, value in _texts():
        if UNSTORABLE.search(value):
            _refuse(name)
    if request.is_json and request.get_data(cache=True).strip():
        _check_json()


def _texts() -> Iterator[tuple[str, str]]:
    for key, value in (request.view_args or {}).items():
        if isinstance(value, str):
            yield key, value
    # The API reads JSON only: parsing a form body there would consume what json_body() reads.
    for source in (request.args,) if request.blueprint == "api" else (request.args, request.form):
        for key, values in source.lists():
            yield key, key
            for value in values:
                yield key, value
    if request.blueprint == "api":
        return
    for key, stored in request.files.items(multi=True):
        yield key, key
        yield key, stored.filename or ""


def _check_json() -> None:
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        body = None
        _too_deep("request")
    for path, depth, value in _walk(body):
        if depth > MAX_JSON_DEPTH:
            _too_deep(path)
        if isinstance(value, str) and UNSTORABLE.search(value):
            _refuse(path)


def _refuse(name: str) -> None:
    field = name if name and not UNSTORABLE.search(name) else "request"  # never echo the bad text
    raise Invalid({field: _("This text holds a NUL character or a broken Unicode character; "
                            "remove it and send it again.")})


def _too_deep(path: str) -> None:
    raise Invalid({path: _("The JSON is nested too deeply (at most %(n)d levels).", n=MAX_JSON_DEPTH)})


def _walk(body: Any) -> Iterator[tuple[str, int, Any]]:
    """Every value of a parsed JSON body with the top-level field it is under and its depth,
    object keys included; without recursion, so depth alone limits the work."""
    stack: list[tuple[str, int, Any]] = [("request", 0, body)]
    while stack:
        path, depth, value = stack.pop()
        yield path, depth, value
        if isinstance(value, dict):
            for key, item in value.items():
                field = key if depth == 0 and isinstance(key, str) else path
                yield field, depth + 1, key
                stack.append((field, depth + 1, item))
        elif isinstance(value, list):
            stack.extend((path, depth + 1, item) for item in value)
