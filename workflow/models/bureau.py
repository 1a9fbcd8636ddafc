"""Bureaus (承办单位)."""
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.extensions import db


class Bureau(db.Model):
    __tablename__ = "bureaus"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    short_name: Mapped[str | None] = mapped_column(String(32))
    credit_code: Mapped[str | None] = mapped_column(String(18))  # unified social credit code
    prefix_cppcc: Mapped[str | None] = mapped_column(String(32))  # document number prefix
    prefix_npc: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)
    # Its duties (职能) as its 三定 summary puts them: what suggested bureaus match items against.
    duties: Mapped[str | None] = mapped_column(Text)
    # Its keywords (分办关键词): the everyday names of its matters, found in an item's text.
    keywords: Mapped[str | None] = mapped_column(Text)
    # Its leader signs its co-handling opinions off; None: as the system setting says.
    co_opinion_signoff: Mapped[bool | None] = mapped_column(default=None)

    @property
    def label(self) -> str:
        return self.short_name or self.name
