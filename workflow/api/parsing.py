"""Reading JSON bodies and query strings.

Only types are checked here: whether a category exists, a reason is given or a composition of
bureaus is allowed is for the services to say, so the API and the pages refuse alike. Every
field problem is collected and answered at once as a 400 naming the fields.
"""
from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from flask import request
from flask_babel import gettext as _

from workflow.api.errors import NotJson
from workflow.services.errors import Invalid

INT_MAX = 2**31 - 1  # ids are 32-bit on PostgreSQL; larger numbers are never valid
# The URL converter for ids: a larger number is a 404 from routing, not an overflow in the driver.
ID = f"int(min=1, max={INT_MAX})"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Kind(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"
    INTEGERS = "integers"
    BUREAUS = "bureaus"
    STRINGS = "strings"
    FILES = "files"


@dataclass(frozen=True)
class Field:
    """One JSON field of a request body: how to read it and how OpenAPI describes it."""

    name: str
    kind: Kind
    description: str
    required: bool = False
    max_length: int | None = None
    enum: tuple[str, ...] | None = None  # documented; the service judges the value

    def schema(self) -> dict:
        schema = dict(_SCHEMAS[self.kind])
        if self.max_length is not None:
            schema["maxLength"] = self.max_length
        if self.enum is not None:
            schema["enum"] = list(self.enum)
        if not self.required and self.kind not in (Kind.INTEGERS, Kind.BUREAUS, Kind.STRINGS, Kind.FILES):
            schema["type"] = [schema["type"], "null"]
        schema["description"] = self.description
        return schema


_BUREAU_ITEM = {
    "type": "object",
    "required": ["bureau_id", "role"],
    "properties": {"bureau_id": {"type": "integer"}, "role": {"type": "string", "enum": ["lead", "co", "separate"]}},
    "additionalProperties": False,
}
_FILE_ITEM = {
    "type": "object",
    "required": ["filename", "content"],
    "properties": {
        "filename": {"type": "string", "maxLength": 200, "description": "Shown and offered on download; never a path."},
        "content": {"type": "string", "contentEncoding": "base64", "description": "The file, base64-encoded."},
    },
    "additionalProperties": False,
}
_SCHEMAS: dict[Kind, dict] = {
    Kind.STRING: {"type": "string"},
    Kind.INTEGER: {"type": "integer"},
    Kind.BOOLEAN: {"type": "boolean"},
    Kind.DATE: {"type": "string", "format": "date"},
    Kind.INTEGERS: {"type": "array", "items": {"type": "integer"}},
    Kind.BUREAUS: {"type": "array", "items": _BUREAU_ITEM},
    Kind.STRINGS: {"type": "array", "items": {"type": "string"}},
    Kind.FILES: {"type": "array", "items": _FILE_ITEM},
}


def json_body() -> dict[str, Any]:
    """The request's JSON object; an empty body counts as {} so field-less actions need none."""
    if not request.get_data(cache=True).strip():
        return {}
    data = request.get_json(silent=True) if request.is_json else None
    if not isinstance(data, dict):
        raise NotJson(_("Send a JSON object with the header Content-Type: application/json."))
    return data


def parse(body: dict[str, Any], fields: Iterable[Field]) -> dict[str, Any]:
    """Read `fields` from `body`: absent or null optional fields are left out of the result."""
    fields = list(fields)
    errors: dict[str, str] = {}
    known = {f.name for f in fields}
    for name in body:
        if name not in known:
            # Strict, so a misspelt field ("categoryId") is not silently ignored.
            errors[name] = _("Unknown field.")
    values: dict[str, Any] = {}
    for f in fields:
        raw = body.get(f.name)
        if raw is None:
            if f.required:
                errors[f.name] = _("This field is required.")
            continue
        try:
            values[f.name] = _READERS[f.kind](raw, f)
        except ValueError as exc:
            errors[f.name] = str(exc)
    if errors:
        raise Invalid(errors)
    return values


def _string(raw: Any, f: Field) -> str:
    if not isinstance(raw, str):
        raise ValueError(_("Must be text."))
    if f.max_length is not None and len(raw) > f.max_length:
        raise ValueError(_("Must be at most %(n)d characters.", n=f.max_length))
    return raw


def _integer(raw: Any, f: Field | None = None) -> int:
    # bool is an int in Python; `true` is not a number in JSON.
    if isinstance(raw, bool) or not isinstance(raw, int) or not -INT_MAX <= raw <= INT_MAX:
        raise ValueError(_("Must be a whole number."))
    return raw


def _boolean(raw: Any, f: Field) -> bool:
    if not isinstance(raw, bool):
        raise ValueError(_("Must be true or false."))
    return raw


def _date(raw: Any, f: Field) -> date:
    try:
        if isinstance(raw, str) and _DATE.fullmatch(raw):
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise ValueError(_("Must be a date like 2026-06-30."))


def _integers(raw: Any, f: Field) -> list[int]:
    if not isinstance(raw, list):
        raise ValueError(_("Must be a list of whole numbers."))
    try:
        return [_integer(item) for item in raw]
    except ValueError:
        raise ValueError(_("Must be a list of whole numbers.")) from None


def _bureaus(raw: Any, f: Field) -> list[tuple[int, str]]:
    problem = ValueError(_('Must be a list of objects like {"bureau_id": 3, "role": "lead"}.'))
    if not isinstance(raw, list):
        raise problem
    rows = []
    for item in raw:
        if not isinstance(item, dict) or set(item) != {"bureau_id", "role"} or not isinstance(item["role"], str):
            raise problem
        try:
            rows.append((_integer(item["bureau_id"]), item["role"]))
        except ValueError:
            raise problem from None
    return rows


def _strings(raw: Any, f: Field) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise ValueError(_("Must be a list of texts."))
    if f.max_length is not None and any(len(item) > f.max_length for item in raw):
        raise ValueError(_("Each must be at most %(n)d characters.", n=f.max_length))
    return raw


def _files(raw: Any, f: Field) -> list[tuple[str, bytes]]:
    """[{"filename", "content" (base64)}] -> [(filename, bytes)]; size and type are the
    upload service's to judge."""
    problem = ValueError(_('Must be a list of objects like {"filename": "a.pdf", "content": "<base64>"}.'))
    if not isinstance(raw, list):
        raise problem
    files = []
    for item in raw:
        if not isinstance(item, dict) or set(item) != {"filename", "content"}:
            raise problem
        name, content = item["filename"], item["content"]
        if not isinstance(name, str) or not isinstance(content, str) or len(name) > 200:
            raise problem
        try:
            files.append((name, base64.b64decode(content, validate=True)))
        except (binascii.Error, ValueError):
            raise ValueError(_("“%(name)s”: the content is not valid base64.", name=name[:60])) from None
    return files


_READERS: dict[Kind, Callable[[Any, Field], Any]] = {
    Kind.STRING: _string,
    Kind.INTEGER: _integer,
    Kind.BOOLEAN: _boolean,
    Kind.DATE: _date,
    Kind.INTEGERS: _integers,
    Kind.BUREAUS: _bureaus,
    Kind.STRINGS: _strings,
    Kind.FILES: _files,
}


# Query strings -----------------------------------------------------------------------------

def query_int(errors: dict[str, str], name: str, minimum: int = 1, maximum: int = INT_MAX) -> int | None:
    raw = request.args.get(name, "")
    if raw == "":
        return None
    if not raw.isascii() or not raw.isdigit() or not minimum <= int(raw) <= maximum:
        errors[name] = _("Must be a whole number from %(min)d to %(max)d.", min=minimum, max=maximum)
        return None
    return int(raw)


def query_choice(errors: dict[str, str], name: str, choices: Iterable[str]) -> str | None:
    raw = request.args.get(name, "")
    if raw == "":
        return None
    allowed = [str(c) for c in choices]
    if raw not in allowed:
        errors[name] = _("Must be one of: %(choices)s.", choices=", ".join(allowed))
        return None
    return raw


def query_bool(errors: dict[str, str], name: str) -> bool:
    raw = request.args.get(name, "").lower()
    if raw in ("", "0", "false"):
        return False
    if raw in ("1", "true"):
        return True
    errors[name] = _("Must be true or false.")
    return False


def query_text(errors: dict[str, str], name: str, max_length: int) -> str | None:
    raw = request.args.get(name, "").strip()
    if len(raw) > max_length:
        errors[name] = _("Must be at most %(n)d characters.", n=max_length)
        return None
    return raw or None
