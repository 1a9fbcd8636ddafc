"""What the imports share: reading the uploaded workbook into checked rows, the header words each
column answers to, and the refusal that lists every problem of a bad sheet."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from workflow.desk.workbook import SheetUnreadable, read_rows
from workflow.domain import filetypes
from workflow.domain.sheet import Column, Problem, RowCheck, SheetCheck, data_rows, header_key, read_header
from workflow.models import Role, User
from workflow.services.errors import Forbidden, Invalid, ServiceError

MAX_BYTES = 10 * 1024 * 1024


class SheetRefused(ServiceError):
    """A sheet with problems: nothing was saved. `check` holds every row and its problems."""

    status = 400
    code = "sheet_refused"

    def __init__(self, check: SheetCheck):
        super().__init__(_("The sheet has %(n)d problems; nothing was saved.", n=check.problem_count))
        self.check = check


@dataclass(frozen=True)
class Said:
    """A problem in the user's language, with its line (None: the header) and column label."""

    line: int | None
    column: str | None
    message: str


def aliases(columns: Sequence[Column]) -> dict[str, str]:
    """Each column answers to its key, its English label and its label in Chinese, whatever the
    language of the page the template was downloaded from."""
    found = {}
    for column in columns:
        found[header_key(column.key)] = column.key
        found[header_key(column.label)] = column.key
        with force_locale("zh_Hans"):
            found[header_key(_(column.label))] = column.key
        found[header_key(_(column.label))] = column.key
    return found


def check_office(actor: User | None) -> None:
    """None is the command line, which the server's operator runs."""
    if actor is not None and not actor.has_role(Role.OFFICE) and not actor.has_role(Role.ADMIN):
        raise Forbidden(_("Only the office imports sheets."))


def read(content: bytes, columns: Sequence[Column]) -> SheetCheck:
    """The workbook's rows under their header, not yet checked beyond the header."""
    if len(content) > MAX_BYTES:
        raise Invalid({"file": _("The file is larger than %(n)d MB.", n=MAX_BYTES // (1024 * 1024))})
    found = filetypes.detect(content)
    if found is None or found.key != "xlsx":
        raise Invalid({"file": _("Upload an Excel workbook (.xlsx), such as the template.")})
    try:
        header, lines = read_rows(content)
    except SheetUnreadable:
        raise Invalid({"file": _("The workbook cannot be read; save it again as .xlsx and retry.")}) from None
    keys, problems = read_header(header, columns, aliases(columns))
    rows: list[RowCheck] = data_rows(lines, keys) if not problems else []
    return SheetCheck(problems, rows)


def said(check: SheetCheck, columns: Sequence[Column]) -> list[Said]:
    labels = {c.key: c.label for c in columns}
    return [Said(line, _(labels[p.column]) if p.column in labels else None, say(p)) for line, p in check.problems()]


def say(problem: Problem) -> str:
    return problem.say(_)
