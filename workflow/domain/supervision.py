"""Supervision notes (督办意见, SPEC 3.6): the office's internal instructions on an item.

The transition table (lifecycle.PROPOSAL, action "supervise") decides who writes and when. A note
is internal: the office reads every note, an assigned bureau's users read the notes addressed to
their bureau, and nobody else, proposers included. A note addressed to no bureau is the office's
own record.
"""
from __future__ import annotations

import re

BODY_MAX = 2000  # as the other free-text notes of the office

# Control characters other than tab and line breaks: invisible, and they break XML (PDF, XLSX).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_body(text: str | None) -> str:
    """The note as stored: plain text (templates escape it), trimmed, without control characters."""
    return _CONTROL.sub("", (text or "").replace("\r\n", "\n")).strip()


def may_read(note_bureau_id: int | None, *, office: bool, reader_bureau_ids: set[int]) -> bool:
    """Whether a reader sees a note: the office always, a bureau's users the notes to their bureau."""
    if office:
        return True
    return note_bureau_id is not None and note_bureau_id in reader_bureau_ids
