"""A form posted twice creates once (issue 9 §11). Every create form carries a one-time token
(templates/macros.html `once()`); an API client may send an `Idempotency-Key` header. The route
claims the key in the transaction of the use case it then runs: the key's row is flushed first,
so a second request with the same key waits for the first transaction and fails on the primary
key once that one committed (or goes ahead if it rolled back, having created nothing). A use
case that is refused rolls back and leaves the key free for the corrected form."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from workflow.extensions import db
from workflow.models import IdempotencyKey, User
from workflow.services.errors import Invalid, Repeated

# The forms' tokens (secrets.token_urlsafe) and clients' keys (a UUID, say): short and plain.
TOKEN = re.compile(r"[A-Za-z0-9_\-]{8,64}")
KEEP = timedelta(days=1)  # a form left open longer than this may be sent once more


def valid(token: str | None) -> bool:
    return bool(token) and TOKEN.fullmatch(token) is not None


def claim(user: User, key: str, now: datetime) -> None:
    """Hold `key` in the caller's transaction, or refuse with `Repeated` when it was used."""
    db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.user_id == user.id,
                                                    IdempotencyKey.created_at < now - KEEP))
    try:
        with db.session.begin_nested():
            db.session.add(IdempotencyKey(key=key, user_id=user.id, created_at=now))
    except IntegrityError:
        first = db.session.get(IdempotencyKey, key)
        raise Repeated(_("This was sent already and is done; it was not done a second time."),
                       first.location if first is not None else None) from None


def api_key(user: User, header: str | None) -> str | None:
    """The key an API request claims, from its Idempotency-Key header (None without one)."""
    if header is None:
        return None
    if not valid(header):
        raise Invalid({"Idempotency-Key": _("Use 8 to 64 letters, digits, “-” or “_”, e.g. a UUID.")})
    return f"api:{user.id}:{header}"


def remember(key: str, location: str) -> None:
    """Keep where the first request led, for the second. Best effort: a refused use case rolled
    the key back, and then there is nothing to update."""
    try:
        db.session.execute(update(IdempotencyKey).where(IdempotencyKey.key == key).values(location=location[:500]))
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
