"""In-app notifications: the bell's count, a user's list, marking read, the digest choice; and
what admins see of delivery: every row with its state, and the local mailbox."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from workflow.domain.sms import normal_mobile
from workflow.extensions import db
from workflow.models import Assignment, DeliveryState, MailboxMessage, Notification, User
from workflow.services.errors import Invalid, NotFound

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


def set_channels(user: User, *, email: bool, digest: bool, sms: bool, mobile: str | None) -> None:
    """The user's own choice of channels beside the bell, and their mobile number for texts."""
    number = normal_mobile(mobile) if (mobile or "").strip() else None
    if (mobile or "").strip() and number is None:
        raise Invalid({"mobile": _("Enter an 11-digit mobile number, such as 13800138000.")})
    if sms and number is None:
        raise Invalid({"notify_sms": _("Text messages need a mobile number.")})
    user.notify_email, user.email_digest, user.notify_sms, user.mobile = bool(email), bool(digest), bool(sms), number
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
