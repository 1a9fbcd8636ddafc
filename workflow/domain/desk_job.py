"""Background work of the desk (issue 10): an export or an import of more than a few hundred rows
runs on a worker, and the page follows its progress. A job is queued when the user asks, running
while a worker has it, then done (its file or its count stored) or failed (refused with the
sheet's problems, or an error's kind). A finished job never changes."""
from __future__ import annotations

from enum import StrEnum

from workflow.domain.machine import Machine, transition

ASYNC_ROWS = 300  # more rows than this go to a worker


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobKind(StrEnum):
    EXPORT_PROPOSALS = "export-proposals"
    EXPORT_ASSIGNMENTS = "export-assignments"
    EXPORT_OVERDUE = "export-overdue"
    EXPORT_HANDLING = "export-handling"
    IMPORT_PROPOSALS = "import-proposals"
    IMPORT_USERS = "import-users"
    IMPORT_BUREAUS = "import-bureaus"

    @property
    def is_import(self) -> bool:
        return self.value.startswith("import-")


J = JobState
SYSTEM = "system"

JOB = Machine(
    "desk job",
    [
        # A redelivered task finds its job running or finished and leaves it alone.
        transition("start", {J.QUEUED}, J.RUNNING, {SYSTEM}),
        transition("finish", {J.RUNNING}, J.DONE, {SYSTEM}),
        transition("fail", {J.QUEUED, J.RUNNING}, J.FAILED, {SYSTEM}),
    ],
)


def percent(done: int, total: int) -> int:
    """The progress bar's share, 0 to 100; a job with nothing to count is at 0 until it ends."""
    if total <= 0:
        return 0
    return max(0, min(100, done * 100 // total))
