"""Admin settings with their defaults, and the validation of what an admin enters."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from workflow import periods
from workflow.domain.clocks import DEFAULT_PERIODS, MAX_REPLY_PERIOD, ClockKind
from workflow.domain.deadlines import Period
from workflow.domain.lifecycle import Channel
from workflow.domain.reminders import DEFAULT_OFFSETS, MAX_OFFSET
from workflow.domain.reminders import clean_offsets as reminder_offsets
from workflow.domain.reply_text import DEFAULT_TITLE_TEMPLATES, TemplateError, validate_title_template
from workflow.domain.resolution import DEFAULT_CATEGORIES, CategoryError, from_setting, parse_lines, to_setting
from workflow.extensions import db
from workflow.models import Setting, User
from workflow.services import events, memo
from workflow.services.errors import Invalid

# The reply period of key items; empty (None): the reply period.
KEY_REPLY_PERIOD = "period.reply_key"

DEFAULTS: dict[str, object] = {
    "contact_before_reply": True,
    # Co bureaus confirm the final draft before it goes to approval (协办会签).
    "co_signature_before_approval": False,
    # A co bureau's leader signs its opinion off before the lead bureau gets it.
    "co_opinion_signoff": False,
    # Proposers rate the attitude and the result separately, besides the overall rating.
    "feedback_aspects": True,
    **{f"period.{kind}": period for kind, period in DEFAULT_PERIODS.items()},
    KEY_REPLY_PERIOD: None,
    "reminder.offsets": list(DEFAULT_OFFSETS),  # working days before a due date
    **{f"resolution_categories.{c}": to_setting(DEFAULT_CATEGORIES) for c in Channel},
    **{f"reply_title.{c}": template for c, template in DEFAULT_TITLE_TEMPLATES.items()},
}

PERIOD_KEYS: tuple[str, ...] = tuple(f"period.{kind}" for kind in ClockKind)
BOOLEAN_KEYS: tuple[str, ...] = (
    "contact_before_reply", "co_signature_before_approval", "co_opinion_signoff", "feedback_aspects",
)
CATEGORY_KEYS: tuple[str, ...] = tuple(f"resolution_categories.{c}" for c in Channel)
TITLE_KEYS: tuple[str, ...] = tuple(f"reply_title.{c}" for c in Channel)
TITLE_MAX = 120
OFFSET_KEYS: tuple[str, ...] = ("reminder.offsets",)
EDITABLE_KEYS: tuple[str, ...] = (
    PERIOD_KEYS + (KEY_REPLY_PERIOD,) + BOOLEAN_KEYS + CATEGORY_KEYS + TITLE_KEYS + OFFSET_KEYS
)

CATEGORY_MESSAGES = {
    "format": _l("Line %(line)s: write “code | label”, or “code | label | 跟踪办理”."),
    "too_long": _l("Line %(line)s: the code or the label is too long."),
    "duplicate": _l("Line %(line)s: this code is already listed."),
    "empty": _l("List at least one category."),
}


def get(key: str) -> object:
    # A stored setting is in the session's identity map after its first read, but asking for a
    # key never set would cost a query every time, and a page or a batch of e-mails asks for the
    # same few many times (the office's name on each line): a key found unset is remembered.
    row = memo.remembered(("setting", key), lambda: db.session.get(Setting, key))
    return DEFAULTS.get(key) if row is None else row.value


def put(key: str, value: object) -> None:
    row = db.session.get(Setting, key)
    if row is None:
        db.session.add(Setting(key=key, value=value))
    else:
        row.value = value
    memo.forget(("setting", key))


def clean_period(key: str, text: object) -> str:
    """The period as stored ("15wd", "3m") from a number and a unit ("15个工作日", or the code); ValueError with the user's message when it is not one."""
    try:
        period = Period.parse(periods.read(str(text or "")))
    except ValueError:
        raise ValueError(_("Write a period as a number and a unit, like 15 working days or 3 months.")) from None
    ceiling = Period.parse(MAX_REPLY_PERIOD)
    reply_keys = (f"period.{ClockKind.REPLY}", KEY_REPLY_PERIOD)
    if key in reply_keys and period.unit == ceiling.unit and period.amount > ceiling.amount:
        raise ValueError(_("At most %(max)s: with extensions a reply may take %(max)s in total.", max=periods.shown(str(ceiling))))
    return str(period)


def clean_offsets(value: object) -> list[int]:
    """Reminder offsets from "10, 5, 1, 0" or a list; ValueError with the user's message."""
    parts = value if isinstance(value, list | tuple) else str(value or "").replace("，", ",").split(",")
    try:
        return list(reminder_offsets(int(str(p).strip()) for p in parts if str(p).strip()))
    except ValueError:
        raise ValueError(_("Write working days before the due date, each from 0 to %(max)d, like 10, 5, 1, 0.",
                           max=MAX_OFFSET)) from None


def clean(values: dict[str, object]) -> dict[str, object]:
    """Check every editable setting in `values`; Invalid names each bad key."""
    cleaned: dict[str, object] = {}
    errors: dict[str, str] = {}
    for key, value in values.items():
        if key in PERIOD_KEYS:
            try:
                cleaned[key] = clean_period(key, value)
            except ValueError as exc:
                errors[key] = str(exc)
        elif key == KEY_REPLY_PERIOD:
            try:
                cleaned[key] = clean_period(key, value) if str(value or "").strip() else None
            except ValueError as exc:
                errors[key] = str(exc)
        elif key in OFFSET_KEYS:
            try:
                cleaned[key] = clean_offsets(value)
            except ValueError as exc:
                errors[key] = str(exc)
        elif key in BOOLEAN_KEYS:
            if not isinstance(value, bool):
                errors[key] = _("Choose yes or no.")
            cleaned[key] = value
        elif key in CATEGORY_KEYS:
            try:
                cleaned[key] = to_setting(parse_lines(str(value or "")))
            except CategoryError as exc:
                errors[key] = str(CATEGORY_MESSAGES[exc.code]) % {"line": exc.line}
        elif key in TITLE_KEYS:
            text = str(value or "").strip()
            try:
                validate_title_template(text)
            except TemplateError:
                errors[key] = _("Use the placeholders {session}, {number} and {title} only.")
            if len(text) > TITLE_MAX:
                errors[key] = _("At most %(n)d characters.", n=TITLE_MAX)
            cleaned[key] = text
        else:
            errors[key] = _("This setting cannot be changed here.")
    if errors:
        raise Invalid(errors)
    return cleaned


def current() -> dict[str, object]:
    return {key: get(key) for key in EDITABLE_KEYS}


def save(actor: User, values: dict[str, object], now: datetime) -> dict[str, list]:
    """Validate all, store all in one transaction, log what changed. New periods apply to clocks
    started from now on; running clocks keep the due date they were given."""
    cleaned = clean(values)
    before = current()
    changes = {key: [before[key], value] for key, value in cleaned.items() if before[key] != value}
    for key, value in cleaned.items():
        if key in changes:
            put(key, value)
    if changes:
        events.record("settings-update", now, actor, changes=changes)
    if any(key in changes for key in OFFSET_KEYS):
        from workflow.services import reminders

        db.session.flush()
        reminders.reschedule_running(now)  # running clocks are reminded at the new offsets from now on
    db.session.commit()
    return changes


def resolution_categories(channel: str):
    """The channel's resolution categories (解决类别), as configured or the A/B/C default."""
    return from_setting(get(f"resolution_categories.{channel}"))
