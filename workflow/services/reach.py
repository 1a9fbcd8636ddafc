"""Who an assignment or a 催办 can reach: a bureau with no active clerk or leader (approver) can
neither sign for an item nor hear of it, so the office is told before and after it assigns one
(issue 9 §10)."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import exists, select

from workflow.extensions import db
from workflow.models import Bureau, User, UserRole

HANDLING_ROLES = ("clerk", "approver")


def bureaus_without_people(bureau_ids: Iterable[int | None] | None = None) -> list[Bureau]:
    """The bureaus (of `bureau_ids`, or every active one) with no active clerk or approver, by code.
    One statement, whatever the number of bureaus."""
    staffed = (
        exists().where(User.bureau_id == Bureau.id, User.active.is_(True), UserRole.user_id == User.id,
                       UserRole.role.in_(HANDLING_ROLES))
    )
    query = select(Bureau).where(~staffed).order_by(Bureau.code)
    if bureau_ids is None:
        query = query.where(Bureau.active.is_(True))
    else:
        ids = {int(i) for i in bureau_ids if i}
        if not ids:
            return []
        query = query.where(Bureau.id.in_(ids))
    return db.session.execute(query).scalars().all()
