"""The admin settings of publication (SPEC 3.5): who publishes, the 索引号 format, masking on or
off, the official e-mail domains that stay, whether attachments are offered (as masked copies) or
not, the default topic (主题分类) per channel. Stored in
the settings table like every setting, changed by administrators, every change logged."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from workflow.domain import index_number
from workflow.domain.publication import DEFAULT_TOPICS, TOPIC_MAX, AttachmentMode, Publisher
from workflow.extensions import db
from workflow.models import Role, User
from workflow.services import events, settings
from workflow.services.errors import Forbidden, Invalid

DEFAULTS: dict[str, object] = {
    "publication.publisher": str(Publisher.OFFICE),
    "publication.index_format": index_number.DEFAULT_FORMAT,
    "publication.masking": True,
    "publication.keep_email_domains": ["gov.cn"],  # official addresses stay; personal ones are masked
    "publication.attachments": str(AttachmentMode.MASKED),  # masked copies, never the originals
    **{f"publication.topic.{channel}": topic for channel, topic in DEFAULT_TOPICS.items()},
}
KEYS: tuple[str, ...] = tuple(DEFAULTS)
DOMAINS_MAX = 10


def get(key: str) -> object:
    value = settings.get(key)
    return DEFAULTS[key] if value is None else value


def current() -> dict[str, object]:
    return {key: get(key) for key in KEYS}


def clean(values: dict[str, object]) -> dict[str, object]:
    cleaned: dict[str, object] = {}
    errors: dict[str, str] = {}
    for key, value in values.items():
        if key == "publication.publisher":
            if value not in set(Publisher):
                errors[key] = _("Choose the office or the bureau.")
            cleaned[key] = str(value)
        elif key == "publication.index_format":
            text = str(value or "").strip()
            try:
                index_number.validate_format(text)
            except index_number.IndexFormatError:
                errors[key] = _("Use {code} (or {org_code}), {year} and {serial} once each, e.g. {code}/{year}-{serial:05d}.")
            cleaned[key] = text
        elif key == "publication.attachments":
            if value not in set(AttachmentMode):
                errors[key] = _("Choose masked copies or no attachments.")
            cleaned[key] = str(value)
        elif key == "publication.masking":
            if not isinstance(value, bool):
                errors[key] = _("Choose yes or no.")
            cleaned[key] = value
        elif key == "publication.keep_email_domains":
            domains = _domains(value)
            if domains is None:
                errors[key] = _("Write domains like gov.cn, separated by commas (at most %(n)d).", n=DOMAINS_MAX)
            cleaned[key] = domains
        elif key.startswith("publication.topic.") and key in KEYS:
            text = " ".join(str(value or "").split())
            if not text or len(text) > TOPIC_MAX:
                errors[key] = _("Write a topic of at most %(n)d characters.", n=TOPIC_MAX)
            cleaned[key] = text
        else:
            errors[key] = _("This setting cannot be changed here.")
    if errors:
        raise Invalid(errors)
    return cleaned


def _domains(value: object) -> list[str] | None:
    parts = value if isinstance(value, list) else str(value or "").replace("，", ",").split(",")
    domains = [str(p).strip().lower().lstrip("@.") for p in parts if str(p).strip()]
    if len(domains) > DOMAINS_MAX or any(
        not d or len(d) > 63 or "." not in d or not all(c.isalnum() or c in ".-" for c in d) for d in domains
    ):
        return None
    return list(dict.fromkeys(domains))


def save(actor: User, values: dict[str, object], now: datetime) -> dict[str, list]:
    if not actor.has_role(Role.ADMIN):
        raise Forbidden(_("Only administrators change the settings."))
    cleaned = clean(values)
    before = current()
    changes = {key: [before[key], value] for key, value in cleaned.items() if before[key] != value}
    for key in changes:
        settings.put(key, cleaned[key])
    if changes:
        events.record("settings-update", now, actor, changes=changes)
    db.session.commit()
    return changes
