"""What every imported sheet shares (issue 10, Excel in): its columns, the header that names them,
and the problems a row can have. Pure: the service reads the XLSX into lists of cell texts and
passes in the header words it accepts (each column's key, its English label and the label in the
office's language); a problem carries an English template (marked for the catalog with `N_`) and
its parameters, which the web page and the command line say in the user's language."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


def N_(text: str) -> str:  # noqa: N802 (the name pybabel extracts by default)
    """Marks a message for the translation catalog; whoever shows it translates it."""
    return text


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # English, marked with N_; the template's header is its translation
    required: bool = False
    width: int = 16
    example: str = ""


@dataclass(frozen=True)
class Problem:
    template: str  # English, marked with N_
    params: Mapping[str, object] = field(default_factory=dict)
    column: str | None = None  # the column's key, None: the whole row

    def say(self, translate) -> str:
        """The message through `translate` (gettext), its parameters filled in."""
        params = {k: translate(v) if k == "column" else v for k, v in self.params.items()}
        return translate(self.template) % params


@dataclass
class RowCheck:
    """One data row of the sheet: its line in the spreadsheet (the header is line 1), the cells by
    column key, what is wrong with it, and what it becomes when nothing is (`parsed`)."""

    line: int
    values: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    parsed: object | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def refuse(self, template: str, key: str | None = None, /, **params: object) -> None:
        """Add a problem of the column `key` (None: the row); `params` fill the template."""
        self.problems.append(Problem(template, params, key))


@dataclass
class SheetCheck:
    """The whole sheet: problems of the header (a missing column) and every row's check."""

    header_problems: list[Problem]
    rows: list[RowCheck]

    @property
    def ok(self) -> bool:
        return not self.header_problems and bool(self.rows) and all(r.ok for r in self.rows)

    @property
    def problem_count(self) -> int:
        return len(self.header_problems) + sum(len(r.problems) for r in self.rows) + (0 if self.rows else 1)

    def problems(self) -> list[tuple[int | None, Problem]]:
        """Every problem with its line (None: the header), in sheet order."""
        found: list[tuple[int | None, Problem]] = [(None, p) for p in self.header_problems]
        if not self.rows and not self.header_problems:
            found.append((None, Problem(EMPTY)))
        return found + [(r.line, p) for r in self.rows for p in r.problems]


EMPTY = N_("The sheet has no rows to import.")
MISSING_COLUMN = N_("The column “%(column)s” is missing from the header row.")
REPEATED_COLUMN = N_("The column “%(column)s” appears twice in the header row.")
REQUIRED = N_("“%(column)s” is empty.")
TOO_LONG = N_("“%(column)s” is too long (at most %(n)d characters).")

_SPACES = re.compile(r"\s+")


def header_key(text: str) -> str:
    """A header cell as compared: no spaces, case folded, a trailing note in brackets left off."""
    text = re.split(r"[（(]", text or "", maxsplit=1)[0]
    return _SPACES.sub("", text).casefold()


def read_header(
    cells: Sequence[str], columns: Sequence[Column], aliases: Mapping[str, str]
) -> tuple[dict[int, str], list[Problem]]:
    """Which column key each header cell names (by position) and the header's problems.
    `aliases` maps each accepted header word (as `header_key` gives it) to a column key;
    unknown headers are ignored (an office may keep a column of its own)."""
    found: dict[int, str] = {}
    problems: list[Problem] = []
    labels = {c.key: c.label for c in columns}
    for index, text in enumerate(cells):
        key = aliases.get(header_key(text))
        if key is None:
            continue
        if key in found.values():
            problems.append(Problem(REPEATED_COLUMN, {"column": labels[key]}, key))
            continue
        found[index] = key
    for column in columns:
        if column.required and column.key not in found.values():
            problems.append(Problem(MISSING_COLUMN, {"column": column.label}, column.key))
    return found, problems


def data_rows(rows: Iterable[Sequence[str]], header: Mapping[int, str], first_line: int = 2) -> list[RowCheck]:
    """The rows under the header as RowChecks, blank rows left out (their lines still count)."""
    checks = []
    for line, cells in enumerate(rows, start=first_line):
        values = {key: clean(cells[i]) if i < len(cells) else "" for i, key in header.items()}
        if any(values.values()):
            checks.append(RowCheck(line, values))
    return checks


def clean(text: str | None) -> str:
    """A cell's text without surrounding spaces; NUL and other control characters (which
    PostgreSQL or the pages would refuse) dropped, line breaks kept."""
    text = "".join(ch for ch in (text or "") if ch in "\n\t" or ch.isprintable())
    return text.strip()


def check_required(row: RowCheck, columns: Sequence[Column]) -> None:
    for column in columns:
        if column.required and not row.values.get(column.key):
            row.refuse(REQUIRED, column.key, column=column.label)


def check_length(row: RowCheck, key: str, limit: int, label: str) -> None:
    if len(row.values.get(key, "")) > limit:
        row.refuse(TOO_LONG, key, column=label, n=limit)


LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")


def split_list(text: str) -> list[str]:
    """A cell listing several names: separated by 、 , ; or line breaks; duplicates kept once."""
    return list(dict.fromkeys(part.strip() for part in LIST_SEPARATORS.split(text or "") if part.strip()))
