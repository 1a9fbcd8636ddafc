"""Reminder and event notice e-mails, HTML plus plain text, in the recipient's language.

Each names the item, what is due, the due date, the working days left (or how far overdue,
counted when the e-mail is written) and links to the item; a notice says what happened and links
to what waits (the reply, the assignment). A message's ID is derived from the
notification rows it carries, so a mail client can drop a copy re-sent after a crash.

Messages are built with the `email.mime` classes and headers encoded once (RFC 2047), not with
`EmailMessage`: its default policy parses every header as it is set and folds it again when the
message is flattened, 4.4 ms of CPU per reminder against 1.2 ms (bench/delivery_bench.py
--compose), a third of what a sender spent on a message.
"""
from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, parseaddr
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from workflow.domain.calendar import WorkCalendar
from workflow.domain.deadlines import local_date
from workflow.domain.reminders import Reason, standing
from workflow.due_label import due_label
from workflow.labels import CLOCK_LABELS, label
from workflow.mail import notices as notice_mail
from workflow.models import Notification, User
from workflow.notifications.links import target_url
from workflow.terms import term


@dataclass(frozen=True)
class Entry:
    """One notification as an e-mail shows it."""

    reason: str  # before, overdue, weekly, manual
    item: str  # number and title
    what: str  # the clock's label
    bureau: str | None
    due_date: date | None
    due_provisional: bool  # the date is 待定: its year's holiday arrangement was not imported yet
    days_left: int | None  # working days, when not overdue
    days_overdue: int | None  # working days, when overdue
    status: str  # "3 working days left", "overdue by 2 working days"
    note: str | None
    url: str
    note_label: str = ""
    notice: str | None = None  # the event notice, when the row is one
    headline: str | None = None  # a notice's "what happened"
    link_text: str | None = None
    office: str = ""  # the office of the item's channel: 提案委 / 代表工委 (or the configured name)


@dataclass
class Mail:
    """A written e-mail: the MIME message to send, and what the local mailbox keeps of it."""

    message: Message
    message_id: str
    to: str  # as a reader sees it: 杨文艳 <yang@example.org>
    subject: str
    text: str
    html: str


class Composer:
    """Renders messages for one batch; `open()` supplies the request context `url_for` needs."""

    def __init__(self, now: datetime, cal: WorkCalendar):
        self.now, self.cal = now, cal
        config = current_app.config
        name, address = parseaddr(config["MAIL_DEFAULT_SENDER"])
        self.sender = formataddr((name, _address(address)), charset="utf-8")
        self.base_url = config.get("BASE_URL") or "http://127.0.0.1:5000"
        self.domain = urlsplit(self.base_url).hostname or "localhost"
        self._standings: dict[date, tuple[str, int]] = {}  # a batch's rows share few due dates

    @contextmanager
    def open(self) -> Iterator[Composer]:
        with current_app.test_request_context(base_url=self.base_url):
            yield self

    def single(self, row: Notification) -> Mail:
        user = row.recipient
        with force_locale(_locale(user)):
            entry = self._entry(row)
            if entry.notice is not None:
                subject = notice_mail.subject(entry.notice, entry.item, entry.bureau, entry.office)
            elif entry.reason == Reason.MANUAL:
                subject = _("Reminder from %(office)s: %(item)s", office=entry.office, item=entry.item)
            elif entry.days_overdue is not None:
                subject = _("Overdue: %(what)s for %(item)s, due %(date)s", what=entry.what, item=entry.item,
                            date=due_label(entry.due_date, entry.due_provisional))
            else:
                subject = _("Reminder: %(what)s for %(item)s, due %(date)s", what=entry.what, item=entry.item,
                            date=due_label(entry.due_date, entry.due_provisional))
            context = {"user": user, "entry": entry, "subject": subject, "single": True, "salutation": salutation(user)}
            text = render_template("emails/reminder.txt", **context)
            html = render_template("emails/reminder.html", **context)
        return self._message(user, subject, text, html, [row.id])

    def digest(self, user: User, rows: list[Notification]) -> Mail:
        with force_locale(_locale(user)):
            entries = [self._entry(row) for row in rows]
            weekly = [e for e in entries if e.reason == Reason.WEEKLY]
            notices = [e for e in entries if e.notice is not None]
            others = [e for e in entries if e.reason != Reason.WEEKLY and e.notice is None]
            subject = digest_subject(len(entries) - len(notices), len(notices))
            context = {"user": user, "weekly": weekly, "notices": notices, "entries": others, "subject": subject,
                       "today": local_date(self.now), "salutation": salutation(user)}
            text = render_template("emails/digest.txt", **context)
            html = render_template("emails/digest.html", **context)
        return self._message(user, subject, text, html, [row.id for row in rows])

    def _entry(self, row: Notification) -> Entry:
        proposal = row.proposal
        item = f"{proposal.number} {proposal.title}" if proposal.number else proposal.title
        left = overdue = None
        if row.due_date is not None:
            where, days = self._standing(row.due_date)
            left, overdue = (days, None) if where == "left" else (None, days)
        key = row.notice_key
        notice = key.notice if key else None
        return Entry(
            reason=row.reason,
            item=item,
            what=label(CLOCK_LABELS, row.clock_kind) if row.clock_kind else _("Handling"),
            bureau=row.assignment.bureau.label if row.assignment else None,
            due_date=row.due_date,
            due_provisional=row.due_provisional,
            days_left=left,
            days_overdue=overdue,
            status=_status(left, overdue),
            note=row.note,
            url=target_url(row, external=True),
            note_label=notice_mail.note_label(notice, proposal.channel),
            notice=notice,
            headline=notice_mail.headline(notice, row) if notice else None,
            link_text=notice_mail.link_text(notice) if notice else None,
            office=term(proposal.channel, "office"),
        )

    def _standing(self, due: date) -> tuple[str, int]:
        if due not in self._standings:
            self._standings[due] = standing(due, self.now, self.cal)
        return self._standings[due]

    def _message(self, user: User, subject: str, text: str, html: str, ids: list[int]) -> Mail:
        subject = one_line(subject)  # a title with a line break must not stop the e-mail
        name, address = one_line(user.name), _address(user.email)
        tag = f"{ids[0]}" if len(ids) == 1 else f"{ids[0]}-{ids[-1]}-{len(ids)}"
        message_id = f"<notification-{tag}@{self.domain}>"
        # A boundary of our own: base64 parts can never contain "=_"; the generator's own choice
        # would search both parts for a collision.
        message = MIMEMultipart("alternative", boundary=f"=_{uuid.uuid4().hex}")
        message["Subject"] = Header(subject, "utf-8")
        message["From"] = self.sender
        message["To"] = formataddr((name, address), charset="utf-8")
        message["Date"] = format_datetime(self.now)
        message["Message-ID"] = message_id
        message["Auto-Submitted"] = "auto-generated"
        message["X-Workflow-Notifications"] = ",".join(str(i) for i in ids)
        for body, subtype in ((text, "plain"), (html, "html")):
            part = MIMEText(body, subtype, "utf-8")
            del part["MIME-Version"]  # the message's own says it; a part's is redundant
            message.attach(part)
        return Mail(message, message_id, formataddr((name, address)), subject, text, html)


def _address(address: str | None) -> str:
    """An address a header can carry as it is: ASCII, one address, no line break. Anything else
    (none at all, 协办@财政局.中国) raises, and the notice fails for an admin to see."""
    if not address or not address.isascii() or _CONTROLS.search(address) or parseaddr(address)[1] != address:
        raise ValueError("no address a mail header can carry")
    return address


def salutation(user: User) -> str:
    """How a letter addresses its reader: a deputy as 何明代表：, a member as 杨文艳委员：, others
    by name (邵军同志：)."""
    if user.channel and user.has_role("proposer"):
        return _("Dear %(title)s %(name)s,", name=user.name, title=term(user.channel, "person"))
    return _("Dear %(name)s,", name=user.name)


def one_line(text: str) -> str:
    """Header text on one line: line breaks, tabs and other control characters (a title pasted
    with a line break, say) become spaces; e-mail headers may hold none of them."""
    return " ".join(_CONTROLS.sub(" ", text or "").split())


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def digest_subject(reminders: int, notices: int) -> str:
    """What a digest holds, in its subject: reminders (of clocks, the office's 催办, the weekly
    overdue list), event notices, or both."""
    total = reminders + notices
    if not notices:
        return ngettext("Your reminders: %(num)d item", "Your reminders: %(num)d items", total)
    if not reminders:
        return ngettext("Your notices: %(num)d item", "Your notices: %(num)d items", total)
    return ngettext("Your reminders and notices: %(num)d item", "Your reminders and notices: %(num)d items", total)


def _locale(user: User) -> str:
    languages = current_app.config.get("LANGUAGES", ("zh_Hans",))
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def _status(left: int | None, overdue: int | None) -> str:
    if overdue:
        return ngettext("overdue by %(num)d working day", "overdue by %(num)d working days", overdue)
    if overdue == 0:
        return _("overdue")
    if left == 0:
        return _("due today")
    if left is not None:
        return ngettext("%(num)d working day left", "%(num)d working days left", left)
    return ""

