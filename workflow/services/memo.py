"""Values remembered for the rest of the session's database transaction.

What a request reads more than once and cannot change without a write (a setting found unset)
is made once. The memo ends with the transaction, so what
another process or request saved is seen by the next one.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from workflow.extensions import db

T = TypeVar("T")
_MEMO = "transaction_memo"


def remembered(key: tuple, make: Callable[[], T]) -> T:
    memo = db.session.info.setdefault(_MEMO, {})
    if key not in memo:
        memo[key] = make()
    return memo[key]


def forget(key: tuple) -> None:
    db.session.info.get(_MEMO, {}).pop(key, None)


@event.listens_for(OrmSession, "after_transaction_end")
def _forget_all(session: OrmSession, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_MEMO, None)
