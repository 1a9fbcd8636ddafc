"""The archive of a session (SPEC 3.6): its runs as a state machine, and the names of its files.

An archive is built in the background: queued when the office asks, running while a worker
builds it, then done (its ZIP stored) or failed (with the kind of error). Asking again makes a
new archive; a finished one never changes.
"""
from __future__ import annotations

import re
from enum import StrEnum

from workflow.domain.machine import Machine, transition


class ArchiveState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


A = ArchiveState
OFFICE = "office"
SYSTEM = "system"  # the worker or the command line that builds it

ARCHIVE = Machine(
    "archive",
    [
        # A redelivered task finds its archive running or finished and leaves it alone.
        transition("start-build", {A.QUEUED}, A.RUNNING, {SYSTEM}),
        transition("finish-build", {A.RUNNING}, A.DONE, {SYSTEM}),
        transition("fail-build", {A.QUEUED, A.RUNNING}, A.FAILED, {SYSTEM}),
    ],
)

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def item_file_name(number: str, taken: set[str]) -> str:
    """The PDF's name inside the ZIP: the item's number (第12号.pdf), made safe and unique."""
    stem = _UNSAFE.sub("_", number).strip(" ._") or "item"
    name, n = f"{stem}.pdf", 2
    while name in taken:
        name, n = f"{stem}-{n}.pdf", n + 1
    return name


def zip_file_name(session_id: int, archive_id: int, token: str) -> str:
    """The stored ZIP's name, made of ids and a random token only: nothing a user typed reaches
    the path, and no two builds share a file even where a database reuses a deleted row's id."""
    return f"session-{session_id}-archive-{archive_id}-{token}.zip"
