"""The blank sheets the office downloads to fill in: the import's columns as the header (in the
page's language; the import reads either language), and a second sheet of what the cells may
name (sessions and their number formats, categories), read from the database."""
from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import select

from workflow.desk.workbook import Col, sheet_bytes
from workflow.domain.sheet import Column
from workflow.extensions import db
from workflow.models import Category, Session
from workflow.terms import term


def blank(title: str, columns: Sequence[Column], with_lists: bool = True) -> bytes:
    cols = [Col(_(c.label) + ("（*）" if c.required else ""), c.width) for c in columns]
    extra = [_lists()] if with_lists else []
    return sheet_bytes(title, cols, [], extra=extra)


def _lists():
    sessions = db.session.execute(select(Session).where(Session.active.is_(True)).order_by(Session.id)).scalars()
    rows = [[s.name, term(s.channel, "item"), s.number_format, "、".join(_categories(s.channel))] for s in sessions]
    cols = [Col(_("Session"), 34), Col(_("Channel"), 10), Col(_("Number format"), 16), Col(_("Categories"), 50)]
    return _("Sessions"), cols, rows


def _categories(channel: str) -> list[str]:
    query = select(Category.name).where(Category.channel == channel, Category.active.is_(True))
    return list(db.session.execute(query.order_by(Category.position, Category.id)).scalars())
