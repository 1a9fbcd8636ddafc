"""Users and their roles (SPEC 1)."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.extensions import db
from workflow.models.types import UTCDateTime, state_check


class Role(StrEnum):
    PROPOSER = "proposer"
    OFFICE = "office"
    CLERK = "clerk"
    APPROVER = "approver"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    mobile: Mapped[str | None] = mapped_column(String(16))  # 11 digits, for text messages (issue 10)
    password_hash: Mapped[str] = mapped_column(String(255))
    bureau_id: Mapped[int | None] = mapped_column(ForeignKey("bureaus.id"))
    channel: Mapped[str | None] = mapped_column(String(8))  # proposers: cppcc or npc
    group_name: Mapped[str | None] = mapped_column(String(64))  # 界别 or 代表团
    group_prefix: Mapped[str | None] = mapped_column(String(8))  # delegation prefix, e.g. 义
    principal_leader: Mapped[bool] = mapped_column(default=False)  # may approve key items
    locale: Mapped[str | None] = mapped_column(String(8))
    # One e-mail a day gathering the reminders, instead of one e-mail each.
    email_digest: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The channels a user chose for reminders and notices, beside the bell (always on).
    notify_email: Mapped[bool] = mapped_column(default=True, server_default=true())
    notify_sms: Mapped[bool] = mapped_column(default=False, server_default=false())
    active: Mapped[bool] = mapped_column(default=True)
    # In every web session's cookie since login; logging out or a new password moves it on, which
    # ends every web session of the user at its next request (workflow/auth/sessions.py).
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    bureau = relationship("Bureau")
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="user"
    )

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r.role for r in self.role_rows)

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.roles

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """What a web session keeps: the id and the session version of the login (__init__.py's
        user loader refuses a session whose version has moved on)."""
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"), state_check("role", Role))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))

    user: Mapped[User] = relationship(back_populates="role_rows")
