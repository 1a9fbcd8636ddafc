"""Proposal numbers (SPEC 5): a series per session and channel, formatted per session."""
from __future__ import annotations

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
