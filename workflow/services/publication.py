"""Publishing sent replies to the public portal, and withdrawing them (SPEC 3.5).

publish: a sent reply whose disclosure is public gets its 索引号 (drawn from a gap-free counter
per bureau and year inside this transaction), the metadata block and the masked letter, all
copied into one `Publication` row; the publication clock of its assignment stops. The reply and
its versions are never written to. withdraw: the row stays with its number and text, the public
page says it was withdrawn and when, the log keeps who and why. republish: the same row (one per
reply) is published again with a snapshot masked by the marks as they are now; its 索引号 and URL
stay, and the event keeps the withdrawal it undoes.

The masking rules come from the item itself: the proposer, the co-signers and the seconders are
persons (何**), the reply's contact person the contact (邵 *); mobiles, ID-card numbers and
personal e-mail addresses are masked; phrases marked by hand in the preview are masked wherever
they occur. Who publishes is an admin setting: the office, or the reply's own bureau.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workflow.domain import index_number
from workflow.domain.assignment import AssignmentState
from workflow.domain.batch import BatchMode
from workflow.domain.clocks import ClockKind
from workflow.domain.deadlines import local_date
from workflow.domain.masking import MaskingRules
from workflow.domain.publication import (
    OFFICE,
    PHRASE_MAX,
    PHRASES_MAX,
    PUBLICATION,
    PUBLISHER,
    REASON_MAX,
    REDACTOR,
    TOPIC_MAX,
    LetterText,
    MaskedLetter,
    PublicationState,
    Publisher,
    mask_letter,
    phrase_spans,
    text_masker,
)
from workflow.domain.reply import Disclosure, ReplyState
from workflow.domain.reply_text import DISCLOSURE_TEXT
from workflow.extensions import db
from workflow.letters.letter import ReplyLetter
from workflow.masked_copies import MaskedCopy, SpansOf
from workflow.models import Publication, RedactionMarks, Reply, Role, User
from workflow.services import (
    calendar,
    clocks,
    counters,
    events,
    publication_files,
    publication_queries,
    publication_settings,
    settings,
)
from workflow.services.errors import Invalid, NotFound, StateConflict
from workflow.services.guard import check, committing, guarded
from workflow.services.reply_access import get_reply
from workflow.services.reply_letters import attachment_names, letter_of


def setting(key: str) -> object:
    return publication_settings.get(key)


# --- who and what ------------------------------------------------------------------------------

def is_publishable(reply: Reply) -> bool:
    return reply.state == ReplyState.SENT and reply.disclosure == Disclosure.PUBLIC


def publication_of(reply_id: int) -> Publication | None:
    return db.session.execute(select(Publication).where(Publication.reply_id == reply_id)).scalar_one_or_none()


def state_of(reply: Reply) -> PublicationState:
    row = publication_of(reply.id)
    return PublicationState(row.state) if row is not None else PublicationState.UNPUBLISHED


def roles(user: User, reply: Reply) -> set[str]:
    """What the user is to the publication of this reply."""
    found: set[str] = set()
    mode = setting("publication.publisher")
    if user.has_role(Role.OFFICE):
        found |= {OFFICE, REDACTOR}
        if mode == Publisher.OFFICE:
            found.add(PUBLISHER)
    own_bureau = (
        user.bureau_id is not None and user.bureau_id == reply.bureau_id
        and reply.assignment.state != AssignmentState.WITHDRAWN
    )
    if own_bureau and user.has_role(Role.APPROVER):
        found.add(REDACTOR)
    if own_bureau and mode == Publisher.BUREAU and (user.has_role(Role.CLERK) or user.has_role(Role.APPROVER)):
        found.add(PUBLISHER)
    return found


def available(user: User, reply: Reply) -> list[str]:
    """The publication actions the user may take on the reply now."""
    if not is_publishable(reply):
        return []
    return PUBLICATION.available(state_of(reply), roles(user, reply))


def _checked(actor: User, reply_id: int, action: str) -> Reply:
    reply = get_reply(actor, reply_id)  # 404 for those who may not see the reply
    if not is_publishable(reply):
        raise StateConflict(
            _("Only a sent reply whose disclosure is public (主动公开) can be published."), str(reply.state)
        )
    check(PUBLICATION, action, state_of(reply), roles(actor, reply))
    return reply


# --- masking -------------------------------------------------------------------------------------

def letter_text(reply: Reply) -> LetterText:
    """The parts of the approved letter that are published."""
    letter = letter_of(reply)
    return LetterText.of(letter.title, letter.salutation, letter.body.split("\n"), letter.contact)


def masking_rules(reply: Reply, manual: tuple[tuple[int, int], ...] = ()) -> MaskingRules:
    proposal = reply.proposal
    people = [proposal.proposer] + [c.user for c in proposal.cosigners] + [s.user for s in proposal.seconders]
    return MaskingRules(
        person_names=tuple(dict.fromkeys(p.name for p in people if p is not None and p.name)),
        contact_names=(reply.contact_name,) if reply.contact_name else (),
        keep_emails_domains=tuple(setting("publication.keep_email_domains") or ()),
        manual=manual,
        # Nobody born after the letter was sent holds an ID number in it.
        today=local_date(reply.sent_at) if reply.sent_at else None,
    )


def attachment_masker(reply: Reply, phrases: list[str] | None = None) -> SpansOf:
    """What to mask in the reply's attachments: the letter's rules and the marked phrases."""
    phrases = stored_phrases(reply.id) if phrases is None else phrases
    return text_masker(masking_rules(reply), phrases, bool(setting("publication.masking")))


@dataclass(frozen=True)
class Preview:
    reply: Reply
    letter: MaskedLetter
    phrases: tuple[str, ...]
    missing: tuple[str, ...]  # marked phrases the letter does not contain


def stored_phrases(reply_id: int) -> list[str]:
    marks = db.session.get(RedactionMarks, reply_id)
    return list(marks.phrases) if marks is not None else []


def masked(reply: Reply, phrases: list[str] | None = None) -> Preview:
    phrases = stored_phrases(reply.id) if phrases is None else phrases
    letter = letter_text(reply)
    manual, missing = phrase_spans(letter.document, phrases)
    result = mask_letter(letter, masking_rules(reply, manual), bool(setting("publication.masking")))
    return Preview(reply, result, tuple(phrases), missing)


def preview(actor: User, reply_id: int, phrases: list[str] | None = None) -> Preview:
    """The masked letter as it would be published, for the approver and the office."""
    reply = _checked(actor, reply_id, "mark")
    return masked(reply, _clean_phrases(phrases) if phrases is not None else None)


def preview_attachment(actor: User, reply_id: int, attachment_id: int) -> tuple[str, MaskedCopy]:
    """The masked copy of one of the reply's files as it would be published, for the redactor."""
    reply = _checked(actor, reply_id, "mark")
    attachment = next((a for a in reply.attachments if a.id == attachment_id), None)
    made = publication_files.copy_of(attachment, attachment_masker(reply)) if attachment is not None else None
    if made is None:
        raise NotFound(_("No masked copy can be made of this file."))
    return made


@guarded
def save_marks(actor: User, reply_id: int, phrases: list[str], now: datetime) -> Preview:
    """Keep the phrases the approver or the office wants masked, for whoever publishes."""
    reply = _checked(actor, reply_id, "mark")
    phrases = _clean_phrases(phrases)
    _store_marks(actor, reply, phrases, now)
    db.session.commit()
    return masked(reply, phrases)


def _store_marks(actor: User, reply: Reply, phrases: list[str], now: datetime) -> None:
    marks = db.session.get(RedactionMarks, reply.id)
    before = list(marks.phrases) if marks is not None else []
    if before == phrases:
        return
    if marks is None:
        marks = RedactionMarks(reply_id=reply.id, phrases=[], updated_by_id=actor.id, updated_at=now)
        db.session.add(marks)
        with committing(creates_unique=True):  # the first marks of this reply, made meanwhile by another
            db.session.flush()
    marks.phrases, marks.updated_by_id, marks.updated_at = phrases, actor.id, now
    events.record("mark", now, actor, proposal_id=reply.proposal_id, assignment_id=reply.assignment_id,
                  changes={"phrases": [before, phrases]})


def _clean_phrases(phrases: list[str]) -> list[str]:
    cleaned: list[str] = []
    for phrase in phrases:
        phrase = " ".join(str(phrase).split())
        if len(phrase) > PHRASE_MAX:
            raise Invalid({"phrases": _("A phrase to mask has at most %(n)d characters.", n=PHRASE_MAX)})
        if phrase and phrase not in cleaned:
            cleaned.append(phrase)
    if len(cleaned) > PHRASES_MAX:
        raise Invalid({"phrases": _("At most %(n)d phrases to mask.", n=PHRASES_MAX)})
    return cleaned


# --- publishing ----------------------------------------------------------------------------------

@guarded
def publish(
    actor: User,
    reply_id: int,
    now: datetime,
    topic: str | None = None,
    attachment_ids: list[int] | None = None,
    phrases: list[str] | None = None,
) -> Publication:
    """Publish one reply. `attachment_ids` chooses among the reply's files (all when None);
    `phrases`, when given, replace the marks kept for the reply."""
    reply, letter, topic, files = _ready(actor, reply_id, now, topic, attachment_ids, phrases)
    with publication_files.copies() as copies:
        try:
            row = _snapshot(reply, letter, topic, files, actor, now)
            copies.make(row, reply, files, attachment_masker(reply), now)
            events.record("publish", now, actor, proposal_id=reply.proposal_id, assignment_id=reply.assignment_id,
                          from_state=PublicationState.UNPUBLISHED, to_state=PublicationState.PUBLISHED,
                          note=row.index_number)
            _stop_clock(reply, now)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # published meanwhile by someone else: the counter's number goes back too
            raise StateConflict(
                _("This reply has just been published by someone else."), PublicationState.PUBLISHED
            ) from None
    return row


def _ready(actor: User, reply_id: int, now: datetime, topic: str | None, attachment_ids: list[int] | None,
           phrases: list[str] | None) -> tuple[Reply, MaskedLetter, str, list[int]]:
    """Everything publishing needs, or the refusal it would meet; writes nothing unless `phrases`
    replace the kept marks."""
    reply = _checked(actor, reply_id, "publish")
    letter = _letter_to_publish(actor, reply, phrases, now)
    bureau = reply.bureau
    if not (bureau.credit_code or "").strip():
        raise StateConflict(
            _("%(bureau)s has no unified social credit code for the index number; an administrator sets it.",
              bureau=bureau.name), str(reply.state),
        )
    return reply, letter, _topic(reply, topic), _attachments(reply, attachment_ids)


def _letter_to_publish(actor: User, reply: Reply, phrases: list[str] | None, now: datetime) -> MaskedLetter:
    """The masked letter with the kept marks, or with `phrases` which then replace them."""
    if phrases is not None:
        _store_marks(actor, reply, _clean_phrases(phrases), now)
    preview_ = masked(reply)
    if preview_.missing:
        raise Invalid({"phrases": _("Not in the letter: %(phrases)s", phrases="、".join(preview_.missing))})
    return preview_.letter


def _snapshot(reply: Reply, letter: MaskedLetter, topic: str, attachment_ids: list[int], actor: User,
              now: datetime) -> Publication:
    proposal, bureau = reply.proposal, reply.bureau
    year = local_date(now).year
    serial = counters.next_value(index_number.counter_scope(bureau.id, year))
    fmt = str(setting("publication.index_format"))
    row = Publication(
        reply_id=reply.id, proposal_id=proposal.id, bureau_id=bureau.id, session_id=proposal.session_id,
        channel=proposal.channel, state=PublicationState.PUBLISHED,
        index_number=index_number.format_index_number(fmt, bureau.credit_code, year, serial), year=year,
        serial=serial, published_at=now, published_by_id=actor.id,
        **_snapshot_values(reply, letter, topic, attachment_ids),
    )
    db.session.add(row)
    db.session.flush()
    return row


def _snapshot_values(reply: Reply, letter: MaskedLetter, topic: str, attachment_ids: list[int]) -> dict:
    """The metadata block and the masked letter as they stand now: what publishing copies."""
    proposal = reply.proposal
    source = letter_of(reply)
    # The category as it stands: the office may have corrected it after sending (logged).
    resolution = reply.resolution or source.resolution or ""
    labels = {c.code: c.label for c in settings.resolution_categories(proposal.channel)}
    return dict(
        publisher=reply.bureau.label, issuer=reply.bureau.name, letter_date=source.date, topic=topic, doc_number=reply.doc_number,
        resolution=resolution, resolution_label=labels.get(resolution), proposal_number=proposal.number,
        title=letter.masked.title, salutation=letter.masked.salutation, body=letter.masked.body,
        contact=letter.masked.contact or None, manual_spans=[list(s) for s in letter.manual_spans],
        attachment_ids=attachment_ids,
    )


def _topic(reply: Reply, topic: str | None) -> str:
    topic = " ".join((topic or "").split()) or str(setting(f"publication.topic.{reply.proposal.channel}"))
    if len(topic) > TOPIC_MAX:
        raise Invalid({"topic": _("At most %(n)d characters.", n=TOPIC_MAX)})
    return topic


def _attachments(reply: Reply, chosen: list[int] | None) -> list[int]:
    offered = [a.id for a in reply.attachments]
    if chosen is None:
        return offered
    unknown = [i for i in chosen if i not in offered]
    if unknown:
        raise Invalid({"attachment_ids": _("Choose among the reply's own files.")})
    return [i for i in offered if i in chosen]


def _stop_clock(reply: Reply, now: datetime) -> None:
    """Stop the assignment's publication clock once none of its public sent replies waits."""
    waiting = db.session.execute(
        select(Reply.id).where(
            Reply.assignment_id == reply.assignment_id, Reply.id != reply.id, *publication_queries.waiting(),
        )
    ).first()
    if waiting is None:
        clocks.stop(now, assignment_id=reply.assignment_id, kinds=[ClockKind.PUBLICATION])


def start_clock(reply: Reply, now: datetime) -> None:
    """Called when a reply is sent: a public one must be published within the period (SPEC 4)."""
    if reply.disclosure != Disclosure.PUBLIC:
        return
    running = [c for c in reply.assignment.clocks if c.kind == ClockKind.PUBLICATION and c.running]
    if not running:
        clocks.start(ClockKind.PUBLICATION, reply.proposal, now, calendar.load(), reply.assignment)


@dataclass(frozen=True)
class BatchResult:
    published: list[Publication]
    refused: list[tuple[int, str]]  # reply id, why


def publish_many(actor: User, reply_ids: list[int], now: datetime, topic: str | None = None,
                 mode: BatchMode = BatchMode.SAVE_REST) -> BatchResult:
    """Publish several replies, each in its own transaction with its own marks: one refusal
    (a missing credit code, a reply published meanwhile) does not hold back the others. With
    ALL_OR_NOTHING every reply is checked first and none is published if one would be refused
    (each publication writes its masked files, so the check comes first rather than a rollback;
    a reply published by someone else between the check and its turn is still reported)."""
    published, refused = [], []
    reply_ids = list(dict.fromkeys(reply_ids))
    if mode == BatchMode.ALL_OR_NOTHING:
        for reply_id in reply_ids:
            try:
                _ready(actor, reply_id, now, topic, None, None)
            except (Invalid, StateConflict) as exc:
                refused.append((reply_id, exc.message))
        db.session.rollback()
        if refused:
            return BatchResult([], refused)
    for reply_id in reply_ids:
        try:
            published.append(publish(actor, reply_id, now, topic=topic))
        except (Invalid, StateConflict) as exc:
            db.session.rollback()
            refused.append((reply_id, exc.message))
    return BatchResult(published, refused)


# --- withdrawing ---------------------------------------------------------------------------------

@guarded
def withdraw(actor: User, publication_id: int, reason: str | None, now: datetime) -> Publication:
    row = db.session.get(Publication, publication_id)
    if row is None:
        raise NotFound(_("No such publication, or you may not see it."))
    reply = get_reply(actor, row.reply_id)
    check(PUBLICATION, "withdraw-publication", PublicationState(row.state), roles(actor, reply))
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": _("Say why the publication is withdrawn; the log keeps it.")})
    if len(reason) > REASON_MAX:
        raise Invalid({"reason": _("At most %(n)d characters.", n=REASON_MAX)})
    row.state, row.withdrawn_at, row.withdrawn_by_id, row.withdraw_reason = (
        PublicationState.WITHDRAWN, now, actor.id, reason,
    )
    events.record("withdraw-publication", now, actor, proposal_id=row.proposal_id,
                  assignment_id=reply.assignment_id, from_state=PublicationState.PUBLISHED,
                  to_state=PublicationState.WITHDRAWN, note=reason)
    db.session.commit()
    return row


def withdraw_reply(actor: User, reply_id: int, reason: str | None, now: datetime) -> Publication:
    """Withdraw the publication of a reply (the API names replies, not publications)."""
    reply = get_reply(actor, reply_id)
    row = publication_of(reply.id)
    if row is None:
        check(PUBLICATION, "withdraw-publication", PublicationState.UNPUBLISHED, roles(actor, reply))
    return withdraw(actor, row.id, reason, now)


# --- publishing again ----------------------------------------------------------------------------

@guarded
def republish(
    actor: User,
    reply_id: int,
    now: datetime,
    topic: str | None = None,
    attachment_ids: list[int] | None = None,
    phrases: list[str] | None = None,
) -> Publication:
    """Publish a withdrawn reply again, masked with the marks as they are now (or `phrases`).
    The topic and the files stay as published when left out; 发布日期 becomes `now`."""
    reply = _checked(actor, reply_id, "republish")
    row = publication_of(reply.id)
    letter = _letter_to_publish(actor, reply, phrases, now)
    topic = _topic(reply, row.topic if topic is None else topic)
    files = _attachments(reply, row.attachment_ids if attachment_ids is None else attachment_ids)
    undone = {
        "withdrawn_at": [row.withdrawn_at.isoformat(), None], "withdrawn_by": [row.withdrawn_by.name, None],
        "withdraw_reason": [row.withdraw_reason, None], "published_at": [row.published_at.isoformat(), now.isoformat()],
    }
    # The row's version is checked by the UPDATE: of two publishers at once only one republishes.
    values = dict(state=PublicationState.PUBLISHED, published_at=now, published_by_id=actor.id, withdrawn_at=None,
                  withdrawn_by_id=None, withdraw_reason=None, **_snapshot_values(reply, letter, topic, files))
    with publication_files.copies() as copies:
        for name, value in values.items():
            setattr(row, name, value)
        copies.make(row, reply, files, attachment_masker(reply), now)
        events.record("republish", now, actor, proposal_id=reply.proposal_id, assignment_id=reply.assignment_id,
                      from_state=PublicationState.WITHDRAWN, to_state=PublicationState.PUBLISHED,
                      note=row.index_number, changes=undone)
        db.session.commit()
    return row


def mark(actor: User, reply_id: int, phrases_text: str | None, now: datetime) -> Preview:
    """The API's form of save_marks: the phrases one a line."""
    from workflow.domain.publication import clean_phrases

    return save_marks(actor, reply_id, clean_phrases(phrases_text), now)


# --- the masked letter as a document ------------------------------------------------------------

def public_letter(row: Publication) -> ReplyLetter:
    """The letter as published: masked parts, the published files as its 附件, no copy list
    (bureaus' internal matter)."""
    return ReplyLetter(
        issuer=row.issuer or row.publisher, doc_number=row.doc_number, title=row.title, salutation=row.salutation,
        body=row.body, date=row.letter_date, resolution=row.resolution, disclosure=DISCLOSURE_TEXT["public"],
        contact=row.contact, attachments=attachment_names(row.attachment_ids or []),
    )
