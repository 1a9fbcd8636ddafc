"""The holiday calendar as data (SPEC 4): seeded from chinesecalendar, edited by admins."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.extensions import db
from workflow.models.types import UTCDateTime


class CalendarYear(db.Model):
    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(32))  # "chinesecalendar" or "admin"
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CalendarDay(db.Model):
    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # holiday | workday
    name: Mapped[str] = mapped_column(String(64), default="")
