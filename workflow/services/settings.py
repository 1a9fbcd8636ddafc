"""Admin settings with their defaults."""
from __future__ import annotations

from workflow.domain.clocks import DEFAULT_PERIODS
from workflow.extensions import db
from workflow.models import Setting

DEFAULTS: dict[str, object] = {
    "contact_before_reply": True,
    **{f"period.{kind}": period for kind, period in DEFAULT_PERIODS.items()},
}


def get(key: str) -> object:
    row = db.session.get(Setting, key)
    return row.value if row is not None else DEFAULTS.get(key)


def put(key: str, value: object) -> None:
    row = db.session.get(Setting, key)
    if row is None:
        db.session.add(Setting(key=key, value=value))
    else:
        row.value = value
