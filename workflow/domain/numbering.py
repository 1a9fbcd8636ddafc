"""Proposal numbers (SPEC 5): a series per session and channel, formatted per session."""
from __future__ import annotations

import re
import string

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
