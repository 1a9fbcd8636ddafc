"""The columns of the figures' tables, one list for the page, the workbook and nothing else to
keep in step: header, what it reads from the counts, and whether it is a count, a percentage or
a number of days."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from workflow.domain.figures import CoCounts, Counts
from workflow.domain.resolution import ResolutionCategory
from workflow.labels import CHANNEL_LABELS
from workflow.services.figures import Figures

COUNT, PERCENT, DAYS = "count", "percent", "days"


@dataclass(frozen=True)
class Column:
    header: object  # a lazy string, or a plain one for the configured categories
    value: Callable[[Counts], int | Decimal | None] | Callable[[CoCounts], int | Decimal | None]
    kind: str


FIXED = (
    Column(_l("Assigned"), lambda c: c.assigned, COUNT),
    Column(_l("Replied"), lambda c: c.replied, COUNT),
    Column(lazy_pgettext("figures column", "Filed"), lambda c: c.filed, COUNT),
    Column(_l("Closed"), lambda c: c.closed, COUNT),
    Column(_l("Completion rate"), lambda c: c.completion_rate, PERCENT),
    Column(_l("Replies sent"), lambda c: c.sent, COUNT),
    Column(_l("On-time rate"), lambda c: c.on_time_rate, PERCENT),
    Column(_l("Overdue"), lambda c: c.overdue, COUNT),
    Column(_l("Average days to reply"), lambda c: c.average_days, DAYS),
    Column(_l("Contact rate"), lambda c: c.contact_rate, PERCENT),
    Column(_l("Feedback received"), lambda c: c.feedback, COUNT),
    Column(_l("Satisfied"), lambda c: c.satisfied, COUNT),
    Column(_l("Basically satisfied"), lambda c: c.basically_satisfied, COUNT),
    Column(_l("Satisfied or basically satisfied"), lambda c: c.content, COUNT),
    Column(_l("Share satisfied"), lambda c: c.satisfied_rate, PERCENT),
    Column(_l("Share basically satisfied"), lambda c: c.basically_satisfied_rate, PERCENT),
    Column(_l("Satisfaction rate"), lambda c: c.satisfaction_rate, PERCENT),
)

# The co bureaus' table (协办): opinions given to the lead bureau, and on time.
CO_COLUMNS = (
    Column(_l("Co-handling assigned"), lambda c: c.assigned, COUNT),
    Column(_l("Opinions given"), lambda c: c.given, COUNT),
    Column(_l("Given on time"), lambda c: c.on_time, COUNT),
    Column(_l("Opinions on-time rate"), lambda c: c.on_time_rate, PERCENT),
)


def columns(categories: tuple[ResolutionCategory, ...]) -> list[Column]:
    shares = [
        Column(_l("Share of %(code)s", code=c.code), lambda counts, code=c.code: counts.share(code), PERCENT)
        for c in categories
    ]
    return [*FIXED, *shares]


def describe(result: Figures, names: dict[str, dict[int, str]]) -> str:
    """The filter in words, for the workbook's title row: "全部" when nothing is filtered."""
    f = result.filter
    parts = []
    if f.session is not None:
        parts.append(_("Session: %(name)s", name=names["sessions"].get(f.session, f.session)))
    if f.channel is not None:
        parts.append(_("Channel: %(name)s", name=CHANNEL_LABELS[f.channel]))
    if f.bureau is not None:
        parts.append(_("Bureau: %(name)s", name=names["bureaus"].get(f.bureau, f.bureau)))
    if f.category is not None:
        parts.append(_("Category: %(name)s", name=names["categories"].get(f.category, f.category)))
    if f.key_only:
        parts.append(_("Key items only"))
    return "；".join(parts) if parts else _("All items")
