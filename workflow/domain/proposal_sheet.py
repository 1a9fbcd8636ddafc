"""Proposals typed in from paper (issue 10, Excel in): the sheet's columns and every rule a row
must meet before anything is saved. Pure: the service reads the people, sessions, categories,
titles and numbers the rows are checked against into a `Directory` and passes it in.

A row without a number becomes a submitted item for the office to review; a row with a number
(given at the session, on paper) is filed under it, so it names its category too."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from workflow.domain.numbering import format_number, parse_number
from workflow.domain.sheet import N_, Column, RowCheck, check_length, check_required, split_list

TITLE_MAX = 200
BODY_MAX = 50_000
COLLECTIVE_MAX = 128

COLUMNS: tuple[Column, ...] = (
    Column("session", N_("Session"), required=True, width=30),
    Column("channel", N_("Channel"), width=10),
    Column("number", N_("Number"), width=12),
    Column("title", N_("Title"), required=True, width=40),
    Column("proposer", N_("Proposer"), required=True, width=14),
    Column("cosigners", N_("Co-signers"), width=24),
    Column("collective", N_("Collective author"), width=20),
    Column("category", N_("Subject category"), width=12),
    Column("body", N_("Text"), required=True, width=60),
)
LABELS = {c.key: c.label for c in COLUMNS}

UNKNOWN_SESSION = N_("No session is called “%(name)s”.")
CLOSED_SESSION = N_("The session “%(name)s” is closed.")
BAD_CHANNEL = N_("“%(value)s” is not a channel; write the session's item word or leave it empty.")
WRONG_CHANNEL = N_("The session “%(name)s” belongs to the other channel.")
UNKNOWN_PERSON = N_("“%(name)s” is not a member or deputy of this channel.")
AMBIGUOUS_PERSON = N_("Several members or deputies are called “%(name)s”; write the username instead.")
SELF_COSIGNER = N_("The proposer cannot co-sign their own item.")
COSIGNERS_AND_COLLECTIVE = N_("A collective item has no co-signers; leave one of the two empty.")
DUPLICATE_TITLE = N_("An item of this session already has this title.")
DUPLICATE_TITLE_IN_SHEET = N_("Line %(line)d has the same title in the same session.")
BAD_NUMBER = N_("“%(value)s” does not fit the session's number format %(format)s.")
NUMBER_TAKEN = N_("The number %(number)s is taken in this session.")
NUMBER_TWICE = N_("Line %(line)d has the same number %(number)s.")
NUMBER_NEEDS_CATEGORY = N_("A numbered item is filed: name its category.")
UNKNOWN_CATEGORY = N_("“%(name)s” is not a category of this channel.")


@dataclass(frozen=True)
class SessionInfo:
    id: int
    channel: str
    number_format: str
    active: bool


@dataclass(frozen=True)
class Person:
    id: int
    channel: str | None
    group_name: str | None = None
    group_prefix: str | None = None


@dataclass
class Directory:
    """What the rows are checked against, as the database holds it now."""

    sessions: Mapping[str, SessionInfo]  # by name
    usernames: Mapping[str, Person]  # active members and deputies by username (case folded)
    names: Mapping[str, Sequence[Person]]  # ... and by name, several where names repeat
    categories: Mapping[tuple[str, str], int]  # (channel, name) -> id, active ones
    titles: set[tuple[int, str]]  # (session id, title) of the items written so far
    numbers: set[tuple[int, str]]  # (session id, number) given so far
    channel_words: Mapping[str, str] = field(default_factory=dict)  # 提案, cppcc, 政协 ... -> channel


@dataclass(frozen=True)
class ProposalRow:
    """A row that passed: what the service creates."""

    line: int
    session_id: int
    channel: str
    title: str
    body: str
    proposer_id: int
    group_name: str | None
    group_prefix: str | None
    cosigner_ids: tuple[int, ...]
    collective_name: str | None
    category_id: int | None
    number: str | None
    number_seq: int | None


def check_rows(rows: list[RowCheck], directory: Directory) -> list[RowCheck]:
    """Check every row against the directory and the rows above it; each row gets all its
    problems (not only the first) and, when it has none, its `parsed` ProposalRow."""
    titles: dict[tuple[int, str], int] = {}
    numbers: dict[tuple[int, str], int] = {}
    for row in rows:
        parsed = _check(row, directory, titles, numbers)
        row.parsed = parsed if row.ok else None
    return rows


def _check(row: RowCheck, d: Directory, titles: dict, numbers: dict) -> ProposalRow | None:
    v = row.values
    check_required(row, COLUMNS)
    check_length(row, "title", TITLE_MAX, LABELS["title"])
    check_length(row, "body", BODY_MAX, LABELS["body"])
    check_length(row, "collective", COLLECTIVE_MAX, LABELS["collective"])
    session = _session(row, d)
    channel = session.channel if session else None
    proposer = _person(row, d, v.get("proposer", ""), channel, "proposer") if v.get("proposer") else None
    cosigners = []
    for name in split_list(v.get("cosigners", "")):
        person = _person(row, d, name, channel, "cosigners")
        if person is not None and proposer is not None and person.id == proposer.id:
            row.refuse(SELF_COSIGNER, "cosigners")
        elif person is not None and person.id not in [c.id for c in cosigners]:
            cosigners.append(person)
    if cosigners and v.get("collective"):
        row.refuse(COSIGNERS_AND_COLLECTIVE, "collective")
    title = v.get("title", "")
    if session and title:
        if (session.id, title) in d.titles:
            row.refuse(DUPLICATE_TITLE, "title")
        elif (session.id, title) in titles:
            row.refuse(DUPLICATE_TITLE_IN_SHEET, "title", line=titles[(session.id, title)])
        else:
            titles[(session.id, title)] = row.line
    category_id = _category(row, d, channel)
    number, seq = _number(row, d, session, proposer, numbers)
    if number and category_id is None and not v.get("category"):
        row.refuse(NUMBER_NEEDS_CATEGORY, "category")
    if not row.ok or session is None or proposer is None:
        return None
    return ProposalRow(
        line=row.line, session_id=session.id, channel=session.channel, title=title, body=v.get("body", ""),
        proposer_id=proposer.id, group_name=proposer.group_name, group_prefix=proposer.group_prefix,
        cosigner_ids=tuple(c.id for c in cosigners), collective_name=v.get("collective") or None,
        category_id=category_id, number=number, number_seq=seq,
    )


def _session(row: RowCheck, d: Directory) -> SessionInfo | None:
    name = row.values.get("session", "")
    if not name:
        return None
    session = d.sessions.get(name)
    if session is None:
        row.refuse(UNKNOWN_SESSION, "session", name=name)
        return None
    if not session.active:
        row.refuse(CLOSED_SESSION, "session", name=name)
    written = row.values.get("channel", "")
    if written:
        channel = d.channel_words.get(written.casefold())
        if channel is None:
            row.refuse(BAD_CHANNEL, "channel", value=written)
        elif channel != session.channel:
            row.refuse(WRONG_CHANNEL, "channel", name=name)
    return session


def _person(row: RowCheck, d: Directory, written: str, channel: str | None, column: str) -> Person | None:
    """A person by username, else by name; of the session's channel (people without a channel
    stand for either)."""
    fits = [p for p in _candidates(d, written) if channel is None or p.channel in (None, channel)]
    if not fits:
        row.refuse(UNKNOWN_PERSON, column, name=written)
        return None
    if len(fits) > 1:
        row.refuse(AMBIGUOUS_PERSON, column, name=written)
        return None
    return fits[0]


def _candidates(d: Directory, written: str) -> list[Person]:
    by_username = d.usernames.get(written.casefold())
    return [by_username] if by_username is not None else list(d.names.get(written, ()))


def _category(row: RowCheck, d: Directory, channel: str | None) -> int | None:
    name = row.values.get("category", "")
    if not name or channel is None:
        return None
    found = d.categories.get((channel, name))
    if found is None:
        row.refuse(UNKNOWN_CATEGORY, "category", name=name)
    return found


def _number(row: RowCheck, d: Directory, session: SessionInfo | None, proposer: Person | None,
            numbers: dict) -> tuple[str | None, int | None]:
    written = row.values.get("number", "")
    if not written or session is None or proposer is None:
        return None, None
    prefix = proposer.group_prefix if "{delegation}" in session.number_format else None
    n = parse_number(session.number_format, written, prefix)
    if n is None:
        row.refuse(BAD_NUMBER, "number", value=written,
                   format=format_number(session.number_format, 12, prefix or ""))
        return None, None
    number = format_number(session.number_format, n, prefix)
    if (session.id, number) in d.numbers:
        row.refuse(NUMBER_TAKEN, "number", number=number)
    elif (session.id, number) in numbers:
        row.refuse(NUMBER_TWICE, "number", line=numbers[(session.id, number)], number=number)
    else:
        numbers[(session.id, number)] = row.line
    return number, n
