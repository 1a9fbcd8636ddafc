"""In-app notifications: the bell's count, a user's list, marking read, the digest choice; and
what admins see of delivery: every row with its state, and the local mailbox."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from workflow.extensions import db
from workflow.models import Assignment, DeliveryState, MailboxMessage, Notification, User
from workflow.services.errors import NotFound

PAGE_SIZE = 30


def unread_count(user: User) -> int:
    query = select(func.count()).where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
    return db.session.execute(query).scalar_one()


def for_user(user: User, page: int = 1, unread_only: bool = False):
    query = select(Notification).where(Notification.recipient_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    query = query.options(
        selectinload(Notification.proposal), selectinload(Notification.assignment).selectinload(Assignment.bureau)
    ).order_by(Notification.created_at.desc(), Notification.id.desc())
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def mark_read(user: User, ids: list[int] | None, now: datetime) -> int:
    """Mark the user's own notifications read (all unread ones when `ids` is None)."""
    query = update(Notification).where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
    if ids is not None:
        query = query.where(Notification.id.in_(ids))
    marked = db.session.execute(query.values(read_at=now), execution_options={"synchronize_session": False}).rowcount
    db.session.commit()
    return marked


def set_digest(user: User, enabled: bool) -> None:
    user.email_digest = bool(enabled)
    db.session.commit()


def listing(state: str | None = None, page: int = 1):
    query = select(Notification)
    if state in set(DeliveryState):
        query = query.where(Notification.state == state)
    query = query.options(
        selectinload(Notification.proposal), selectinload(Notification.recipient),
        selectinload(Notification.assignment).selectinload(Assignment.bureau),
    ).order_by(Notification.id.desc())
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def mailbox(page: int = 1):
    query = select(MailboxMessage).order_by(MailboxMessage.id.desc())
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def mailbox_message(message_id: int) -> MailboxMessage:
    message = db.session.get(MailboxMessage, message_id)
    if message is None:
        raise NotFound("No such message.")
    return message
