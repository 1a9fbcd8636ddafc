"""Notifications: a reminder (or an event notice) is a row before it is an e-mail (SPEC 4, STYLE
"Background work").

One row per (clock, due date, threshold, recipient), unique, so a sweep that runs twice writes it
once. The row is the in-app notification (read_at) and the e-mail's delivery state at once. Rows
caused by a person's action (a 催办, an event notice) name their event in the threshold and are
written once by the service that records it (services/outbox.py).
"""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.domain.notices import NoticeKey, parse_notice_key
from workflow.extensions import db
from workflow.models.types import UTCDateTime, state_check


class DeliveryState(StrEnum):
    PENDING = "pending"  # to be e-mailed (again, after next_attempt_at)
    SENT = "sent"
    FAILED = "failed"  # the last try failed; an admin may retry
    SKIPPED = "skipped"  # no e-mail address: in the application only


class Delivery(StrEnum):
    SINGLE = "single"  # one e-mail per notification
    DIGEST = "digest"  # gathered with the recipient's other rows into one e-mail


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("clock_id", "due_date", "threshold", "recipient_id", name="uq_notifications_key"),
        state_check("state", DeliveryState),
        state_check("delivery", Delivery),
        Index("ix_notifications_state_next", "state", "next_attempt_at"),
        Index("ix_notifications_recipient_read", "recipient_id", "read_at"),
        Index("ix_notifications_proposal", "proposal_id"),
        Index("ix_notifications_recipient_created", "recipient_id", "created_at", "id"),  # the bell's list
        Index("ix_notifications_sms_state_next", "sms_state", "sms_next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clock_id: Mapped[int | None] = mapped_column(ForeignKey("clocks.id"))  # None for a 催办 without a clock
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    clock_kind: Mapped[str | None] = mapped_column(String(24))
    due_date: Mapped[date | None] = mapped_column(Date)
    # The due date was provisional (待定) when the row was written: its year was not imported yet.
    due_provisional: Mapped[bool] = mapped_column(default=False, server_default=false())
    # "before:5", "overdue:2026-03-12", "weekly:…", "manual:<event>", "event:<notice>:<event>[:<reply>]"
    threshold: Mapped[str] = mapped_column(String(40))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    delivery: Mapped[str] = mapped_column(String(8), default=Delivery.SINGLE)
    state: Mapped[str] = mapped_column(String(8), default=DeliveryState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a sender's lease
    claim_token: Mapped[str | None] = mapped_column(String(32))
    # Committed before the message goes to the mail server, cleared once the row is marked sent or
    # put back: a row claimed again while it still carries this may have been accepted already.
    handed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))  # its entry on the timeline
    note: Mapped[str | None] = mapped_column(Text)  # the office's note of a manual reminder
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The text message of the row (services/sms_delivery.py), beside its e-mail: None when the
    # recipient did not choose text messages; then the same states, tries and lease as the e-mail.
    sms_state: Mapped[str | None] = mapped_column(String(8))
    sms_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    sms_last_error: Mapped[str | None] = mapped_column(String(200))
    sms_next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sms_claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sms_claim_token: Mapped[str | None] = mapped_column(String(32))
    sms_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sms_reference: Mapped[str | None] = mapped_column(String(64))  # the provider's id of the message

    proposal = relationship("Proposal")
    assignment = relationship("Assignment")
    recipient = relationship("User")

    @property
    def reason(self) -> str:
        return self.threshold.partition(":")[0]

    @property
    def notice_key(self) -> NoticeKey | None:
        """The event notice this row is, if it is one (and not a reminder)."""
        return parse_notice_key(self.threshold)


class MailboxMessage(db.Model):
    """The local mailbox: where e-mail goes when no MAIL_SERVER is set; admins read it in the app."""

    __tablename__ = "mailbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(200))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    notification_ids: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class JobLock(db.Model):
    """One row per periodic job: a lease taken in one UPDATE (when Redis is not configured), and
    when the job last ran."""

    __tablename__ = "job_locks"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(32))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_result: Mapped[dict | None] = mapped_column(JSON)
