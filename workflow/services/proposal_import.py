"""Proposals typed in from paper (issue 10): check a sheet (every row, every problem, nothing
saved), then import it all or nothing. A row without a number is submitted for the office's
review (its review clock starts); a numbered row is filed under its number and category, and
the session's number series moves past it. Co-signers signed the paper: they count as confirmed.
Each item's log says it was entered from paper, by whom."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from workflow.domain import numbering, proposal_sheet, text_terms
from workflow.domain.clocks import ClockKind
from workflow.domain.lifecycle import AuthorKind, Channel, ProposalState
from workflow.domain.proposal_sheet import COLUMNS, Directory, Person, ProposalRow, SessionInfo
from workflow.domain.sheet import SheetCheck
from workflow.extensions import db
from workflow.models import Category, Cosigner, CosignerState, Proposal, ProposalTerms, Role, Session, User, UserRole
from workflow.services import calendar, clocks, counters, events, sheet_import, text_index
from workflow.services.guard import committing
from workflow.services.sheet_import import SheetRefused
from workflow.terms import term

IMPORT_ACTION = "import"


def check(actor: User | None, content: bytes) -> SheetCheck:
    """Every row of the sheet with its problems, against the database as it is now."""
    sheet_import.check_office(actor)
    found = sheet_import.read(content, COLUMNS)
    if found.rows:
        proposal_sheet.check_rows(found.rows, directory())
    return found


def import_sheet(actor: User | None, content: bytes, now: datetime) -> list[Proposal]:
    """All rows or none: the sheet is checked again (the database may have moved since the
    preview), and refused with every problem if any row has one."""
    found = check(actor, content)
    if not found.ok:
        raise SheetRefused(found)
    rows = [r.parsed for r in found.rows]
    with committing(creates_unique=True):  # a number given meanwhile by a filing refuses the whole sheet
        cal = calendar.load()  # once for the sheet, not once a row
        created = _create_all(actor, rows, now, cal)
        _advance_counters(created)
        db.session.commit()
    return created


def directory() -> Directory:
    """The people, sessions, categories, titles and numbers rows are checked against; read in a
    fixed number of statements whatever the size of the sheet."""
    sessions = {
        s.name: SessionInfo(s.id, s.channel, s.number_format, s.active)
        for s in db.session.execute(select(Session)).scalars()
    }
    proposers = select(User).join(UserRole).where(UserRole.role == Role.PROPOSER, User.active.is_(True))
    usernames, names = {}, defaultdict(list)
    for user in db.session.execute(proposers).scalars():
        person = Person(user.id, user.channel, user.group_name, user.group_prefix)
        usernames[user.username.casefold()] = person
        names[user.name].append(person)
    categories = {
        (c.channel, c.name): c.id
        for c in db.session.execute(select(Category).where(Category.active.is_(True))).scalars()
    }
    titles, numbers = set(), set()
    for session_id, title, number in db.session.execute(select(Proposal.session_id, Proposal.title, Proposal.number)):
        titles.add((session_id, title))
        if number:
            numbers.add((session_id, number))
    return Directory(sessions, usernames, dict(names), categories, titles, numbers, channel_words())


def channel_words() -> dict[str, str]:
    """What the channel column may say: the code, or the channel's item word in either language."""
    from flask_babel import force_locale

    words = {}
    for channel in Channel:
        words[str(channel)] = str(channel)
        words[term(channel, "item").casefold()] = str(channel)
        with force_locale("zh_Hans"):
            words[term(channel, "item").casefold()] = str(channel)
            words[_("CPPCC") if channel == Channel.CPPCC else _("NPC")] = str(channel)
    return words


def _create_all(actor: User | None, rows: list[ProposalRow], now: datetime, cal) -> list[Proposal]:
    """The sheet's items in a few batched statements: the proposals inserted together, then their
    events, review clocks and stored term counts (as text_index.store_proposal writes them, for
    items that have none yet)."""
    created = [_new(row, now) for row in rows]
    db.session.add_all(created)
    db.session.flush()
    for proposal, row in zip(created, rows, strict=True):
        events.record(IMPORT_ACTION, now, actor, proposal_id=proposal.id, to_state=proposal.state,
                      note=_("Entered from paper, line %(line)d of the sheet.", line=row.line))
        if proposal.state == ProposalState.SUBMITTED:
            clocks.start(ClockKind.REVIEW, proposal, now, cal)
    db.session.add_all(
        ProposalTerms(proposal_id=p.id, channel=p.channel, session_id=p.session_id,
                      terms=text_terms.pack(text_index.proposal_counts(p)), stamp=text_index.stamp())
        for p in created
    )
    return created


def _new(row: ProposalRow, now: datetime) -> Proposal:
    filed = row.number is not None
    kind = AuthorKind.JOINT if row.cosigner_ids else (
        AuthorKind.COLLECTIVE if row.collective_name else AuthorKind.INDIVIDUAL)
    proposal = Proposal(
        channel=row.channel, session_id=row.session_id, proposer_id=row.proposer_id, author_kind=kind,
        collective_name=row.collective_name, group_name=row.group_name, group_prefix=row.group_prefix,
        title=row.title, body=row.body, state=ProposalState.FILED if filed else ProposalState.SUBMITTED,
        number=row.number, number_seq=row.number_seq, category_id=row.category_id if filed else None,
        created_at=now, updated_at=now, submitted_at=now, filed_at=now if filed else None,
    )
    proposal.cosigners = [
        Cosigner(user_id=uid, state=CosignerState.CONFIRMED, responded_at=now) for uid in row.cosigner_ids
    ]
    return proposal


def _advance_counters(created: list[Proposal]) -> None:
    """The series goes on after the highest number the sheet gave, so the next filing in the
    system never draws a number that paper already used."""
    highest: dict[str, int] = {}
    for p in created:
        if p.number_seq is None:
            continue
        fmt = db.session.get(Session, p.session_id).number_format
        scope = numbering.counter_scope(p.session_id, p.channel, fmt, p.group_prefix)
        highest[scope] = max(highest.get(scope, 0), p.number_seq)
    for scope, value in highest.items():
        counters.raise_to(scope, value)
