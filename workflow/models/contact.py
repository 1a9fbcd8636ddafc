"""Contacts (沟通) of a bureau with the proposer (SPEC 3.3)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.domain.contact import ContactWay
from workflow.extensions import db
from workflow.models.types import UTCDateTime, state_check


class Contact(db.Model):
    __tablename__ = "contacts"
    __table_args__ = (state_check("way", ContactWay), Index("ix_contacts_assignment", "assignment_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    contacted_on: Mapped[date] = mapped_column(Date)
    way: Mapped[str] = mapped_column(String(16))
    participants: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    assignment = relationship("Assignment")
    created_by = relationship("User")
    attachments = relationship(
        "Attachment", primaryjoin="Contact.id == foreign(Attachment.contact_id)", viewonly=True,
        order_by="Attachment.id",
    )
