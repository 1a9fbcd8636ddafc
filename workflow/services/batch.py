"""Batch work (issue 10): 交办 several items to the same bureaus, 签收 several assignments, flag
several items key. Each item goes through its own use case (assignment.assign, assignment.receive,
review.set_key), which checks role, state and version and writes the item's event.

`save_rest`: each item commits on its own; a refusal is rolled back alone and reported.
`all_or_nothing`: the items run in one transaction, the use cases' commits held back as flushes;
every item is still tried (so every refusal is reported), and one refusal rolls the whole batch
back, whatever a refused item had changed before its check failed. No savepoints: on SQLite a
savepoint opened before the transaction's first write is the transaction, and releasing it
commits. Notifications go out only after the one commit."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime

from flask_babel import gettext as _

from workflow.domain.batch import MAX_ITEMS, BatchMode, BatchOutcome, Refusal
from workflow.extensions import db
from workflow.models import User
from workflow.services import assignment, review
from workflow.services.assignment import BureauChoice
from workflow.services.errors import Invalid, ServiceError


def run(ids: list[int], step: Callable[[int], object], mode: BatchMode) -> BatchOutcome:
    outcome = BatchOutcome(BatchMode(mode))
    if not ids:
        raise Invalid({"items": _("Choose at least one item.")})
    if len(ids) > MAX_ITEMS:
        raise Invalid({"items": _("Choose at most %(n)d items at once.", n=MAX_ITEMS)})
    if outcome.mode == BatchMode.SAVE_REST:
        for item_id in ids:
            try:
                step(item_id)
            except ServiceError as exc:
                db.session.rollback()
                outcome.refused.append(Refusal(item_id, _message(exc)))
            else:
                outcome.done.append(item_id)
        return outcome
    with _held_commits():
        for item_id in ids:
            try:
                step(item_id)
            except ServiceError as exc:
                outcome.refused.append(Refusal(item_id, _message(exc)))
            else:
                outcome.done.append(item_id)
    if outcome.refused:
        db.session.rollback()
    else:
        db.session.commit()
    return outcome


def _message(exc: ServiceError) -> str:
    if isinstance(exc, Invalid):
        return "；".join(exc.errors.values())
    return exc.message


@contextmanager
def _held_commits() -> Iterator[None]:
    """The use cases' commits become flushes, so the batch commits once or not at all."""
    session = db.session()
    session.commit = session.flush
    try:
        yield
    except BaseException:
        del session.commit
        db.session.rollback()
        raise
    del session.commit


def assign_many(actor: User, proposal_ids: list[int], choices: list[BureauChoice], now: datetime,
                reply_due: date | None, mode: BatchMode) -> BatchOutcome:
    return run(proposal_ids, lambda pid: assignment.assign(actor, pid, choices, now, reply_due), mode)


def receive_many(actor: User, assignment_ids: list[int], now: datetime, mode: BatchMode) -> BatchOutcome:
    return run(assignment_ids, lambda aid: assignment.receive(actor, aid, now), mode)


def set_key_many(actor: User, proposal_ids: list[int], is_key: bool, key_leader: str | None, now: datetime,
                 mode: BatchMode) -> BatchOutcome:
    return run(proposal_ids, lambda pid: review.set_key(actor, pid, now, is_key, key_leader), mode)
