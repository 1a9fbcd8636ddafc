"""Text messages (短信) that fit in one message. Pure.

A message holding any character outside ASCII is sent in UCS-2: one message carries 70
characters, and the provider counts the signature 【…】 it puts in front. Plain ASCII carries 160.
A template's variable part (the item's number and title) is shortened with "…" until the whole
message fits; the fixed words of a template are kept short enough to leave it room.
"""
from __future__ import annotations

import re

UCS2_LIMIT = 70
ASCII_LIMIT = 160
ELLIPSIS = "…"
MIN_ROOM = 8  # characters a template leaves for its shortened part, at the least
SHORTEST = 4  # a secondary field (the clock's name) is cut to no fewer characters
MOBILE = re.compile(r"1[3-9]\d{9}")


def signed(signature: str, body: str) -> str:
    """The text as the phone shows it: the signature in 【】, then the body."""
    return f"【{signature}】{body}" if signature else body


def limit_for(text: str) -> int:
    return ASCII_LIMIT if text.isascii() else UCS2_LIMIT


def fits(signature: str, body: str) -> bool:
    text = signed(signature, body)
    return len(text) <= limit_for(text)


def fit(template: str, params: dict[str, str], signature: str,
        shrink: tuple[str, ...] = ("item", "what")) -> tuple[str, dict[str, str]]:
    """The body filled from `params`, with `params[shrink[0]]` (the item) shortened so that the
    signed message fits in one; when that leaves it fewer than MIN_ROOM characters, the next
    fields of `shrink` (the clock's name) are shortened first. Returns (body, the params used).
    ValueError when the fixed words alone leave no room."""
    params = {k: str(v) for k, v in params.items()}
    body = template % params
    if fits(signature, body):
        return body, params
    first, *others = [name for name in shrink if f"%({name})s" in template]
    for name in others:
        room = UCS2_LIMIT - len(signed(signature, template % {**params, first: ""}))
        if room >= MIN_ROOM:
            break
        keep = max(len(params[name]) - (MIN_ROOM - room) - len(ELLIPSIS), SHORTEST)
        if keep < len(params[name]):
            params[name] = params[name][:keep] + ELLIPSIS
    # Once a character is cut away for "…", the body is not ASCII any more: 70 characters.
    room = UCS2_LIMIT - len(signed(signature, template % {**params, first: ""}))
    if room < MIN_ROOM:
        raise ValueError(f"the template leaves {room} characters for {first}")
    params[first] = params[first][: room - len(ELLIPSIS)] + ELLIPSIS
    return template % params, params


def normal_mobile(value: str | None) -> str | None:
    """A mainland mobile as its 11 digits (spaces, dashes and a +86 / 86 prefix dropped), or None
    when it is not one."""
    digits = re.sub(r"[\s\-()]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits if MOBILE.fullmatch(digits) else None
