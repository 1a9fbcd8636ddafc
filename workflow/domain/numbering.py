"""Proposal numbers (SPEC 5): a series per session and channel, formatted per session."""
from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass

PLACEHOLDERS = frozenset({"n", "delegation"})


class NumberFormatError(ValueError):
    pass


def validate_format(fmt: str) -> None:
    """A format holds `{n}` once and optionally `{delegation}`, nothing else in braces."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(fmt) if name is not None]
    except ValueError as exc:
        raise NumberFormatError(str(exc)) from exc
    if fields.count("n") != 1 or not set(fields) <= PLACEHOLDERS:
        raise NumberFormatError(fmt)


def counter_scope(session_id: int, channel: str, fmt: str, delegation: str | None) -> str:
    """The key of the counter a number is drawn from. A format with `{delegation}` numbers
    each delegation on its own (义1号, 义2号, 东1号 ...); otherwise one series per session."""
    scope = f"proposal:{session_id}:{channel}"
    if "{delegation}" in fmt:
        scope += f":{delegation or ''}"
    return scope


def format_number(fmt: str, n: int, delegation: str | None = None) -> str:
    return fmt.format(n=n, delegation=delegation or "")


@dataclass(frozen=True)
class NumberQuery:
    """What someone typed to name a filed item by its number: `7`, `第7号`, `第７号`, `义12号`."""

    text: str  # as a number is stored: full-width digits and spaces folded (第７号 → 第7号)
    seq: int | None  # the bare number when the text is only a number, with or without 第…号
    prefix: str  # what stands before the digits, without 第 (义 in 义12号; empty for 第7号)


_NUMBER = re.compile(r"^(?P<prefix>\D*?)(?P<n>\d+)号?$")


def parse_number_query(text: str | None) -> NumberQuery | None:
    """None when the text names no number at all."""
    folded = "".join(unicodedata.normalize("NFKC", text or "").split())
    found = _NUMBER.match(folded)
    if not found:
        return None
    prefix = found.group("prefix")
    prefix = prefix[1:] if prefix.startswith("第") else prefix
    return NumberQuery(folded, int(found.group("n")), prefix)


def parse_number(fmt: str, text: str, delegation: str | None = None) -> int | None:
    """The `n` of a number written on paper in the session's format (`第170号` → 170), or of the
    bare figure (`170`); None when the text is neither. A delegation's number must carry its own
    prefix (`义12号` for a deputy of 义)."""
    text = (text or "").strip()
    if text.isascii() and text.isdigit():
        return int(text) if 0 < int(text) < 10**9 else None
    pattern = ""
    for literal, name, _spec, _conv in string.Formatter().parse(fmt):
        pattern += re.escape(literal)
        if name == "n":
            pattern += r"0*([1-9][0-9]{0,8})"
        elif name == "delegation":
            pattern += re.escape(delegation or "")
    found = re.fullmatch(pattern, text, re.ASCII)
    return int(found.group(1)) if found else None
