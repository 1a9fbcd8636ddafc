"""Admin settings and gap-free counters."""
from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.extensions import db


class Setting(db.Model):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)


class Counter(db.Model):
    """One row per number series; drawn under a row lock inside the transaction that uses it,
    so a rollback gives the number back and two writers never get the same one."""

    __tablename__ = "counters"

    scope: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)
