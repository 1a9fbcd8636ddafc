"""How a due date reads wherever it is shown as text: e-mails, digests, the timeline, the archive,
the CLI. A provisional date (computed on a year whose holiday arrangement is not imported yet)
always carries its mark, 待定 in Chinese. The pages' `due` macro (templates/macros.html) shows the
same mark with an explanation; both use the one message "provisional"."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

PROVISIONAL = _l("provisional")


def due_label(day: date | str | None, provisional: bool = False) -> str:
    """"2027-02-09", or "2027-02-09（待定）" when provisional; "—" for no date. `day` may be an ISO
    string, as the event log keeps it."""
    if not day:
        return "—"
    text = day if isinstance(day, str) else day.isoformat()
    return _("%(date)s (%(mark)s)", date=text, mark=PROVISIONAL) if provisional else text
