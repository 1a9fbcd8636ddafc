"""Every page and e-mail reads in Chinese (issue 9 §4): with the demo data (workflow/demo), each GET
route of the URL map is rendered as every demo account that can see it, and each e-mail the
outbox would send is composed in Chinese. A page fails on an English word left untranslated or an
internal key shown as text (`event:sent:134:5`, `15wd`, `3m`, `v1`).

What may stay in Latin letters is the short ALLOWED list below, each with its reason. Words inside
e-mail addresses and URLs are not read. The channels' own words are checked too: an NPC item's page
says 建议 and 代表, never 提案 or 委员; a CPPCC item's page the reverse; no page says 主管部门.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default
from html.parser import HTMLParser

import pytest
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from workflow.demo import seed
from workflow.extensions import db
from workflow.models import (
    Assignment,
    Attachment,
    Bureau,
    Category,
    MailboxMessage,
    NotFiledReason,
    Notification,
    Proposal,
    Publication,
    Reply,
    Session,
    User,
)

NOW = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _many_logins(app):
    """Every demo account logs in from one address, more often than LOGIN_LIMIT allows a minute."""
    limit = app.config["LOGIN_LIMIT"]
    app.config["LOGIN_LIMIT"] = "1000 per minute"
    yield
    app.config["LOGIN_LIMIT"] = limit

# Latin words a Chinese page may show, and why.
ALLOWED = {
    "English": "the language switch names the other language in that language",
    "PDF": "a file format's name", "DOCX": "a file format's name", "XLSX": "a file format's name",
    "CSV": "a file format's name", "Atom": "the feed format's name", "RSS": "the feed format's name",
    "ICS": "a file format's name", "ZIP": "a file format's name", "Word": "the word processor's name",
    "WPS": "the word processor's name", "Excel": "the spreadsheet's name", "API": "the interface's name",
    "SMTP": "the mail protocol's name", "UTC": "the time standard", "JPEG": "a file format's name",
    "PNG": "a file format's name", "KB": "a unit of file size", "MB": "a unit of file size",
    "UTF": "an encoding's name (UTF-8)", "GB18030": "an encoding's name",
    "chinesecalendar": "the name of the library a year's calendar came from (its source)",
    "docx": "a file extension", "pdf": "a file extension", "xlsx": "a file extension", "csv": "a file extension",
    "txt": "a file extension", "png": "a file extension", "jpg": "a file extension", "zip": "a file extension",
    "admin": "a demo account's login name", "office": "a demo account's login name",
    "proposer": "a demo account's login name", "deputy": "a demo account's login name",
    "clerk": "a demo account's login name", "approver": "a demo account's login name",
    "coclerk": "a demo account's login name", "coapprover": "a demo account's login name",
    "rsclerk": "a demo account's login name", "demo": "the demo accounts' password",
    "proposer2": "a demo account's login name", "proposer3": "a demo account's login name",
    "deputy2": "a demo account's login name",
    **dict.fromkeys(
        ("AI", "APP", "ATM", "BA", "BRT", "DIP", "DNA", "DRG", "ETC", "GDP", "HPV", "ICU", "KTV", "LED", "OA", "P2P",
         "PM10", "PM2", "PPP", "RCEP", "REITs", "VOCs"),
        "a term Chinese government texts write in Latin letters, among the demo bureaus' keywords (分办关键词)"),
}

# Text that is not language: e-mail addresses, URLs, file names, ISO dates and times.
_NOT_WORDS = re.compile(
    r"[\w.+-]+@[\w.-]+|https?://\S+|/[\w./?=&%-]*|\b[\w-]+\.(?:docx|pdf|xlsx|csv|txt|png|jpg|zip|xml)\b"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+\b"  # a domain name: gov.cn
    r"|\b[A-Z0-9]{5}-?[A-Z0-9]{5}\b"  # a clue's tracking code, ABCDE-23456 (letters and digits by design)
    r"|\{[a-z_]+(?::[0-9a-z]+)?\}"  # a placeholder the admin writes in a format: {year}, {serial:05d}
    r"|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_']*")
# Internal keys: `event:sent:134:5`, periods as `15wd` / `3m`, versions as `v1`.
_KEYS = re.compile(r"\b[a-z_]+(?::[a-z0-9_]+)+\b|\b\d+(?:wd|d|m|w|y)\b|\bv\d+\b")
# Scripts and styles are no text; <code>, <kbd> and <pre> hold what the reader types verbatim.
_SKIP_TAGS = {"script", "style", "code", "kbd", "pre"}
_READ_ATTRS = {"title", "placeholder", "aria-label", "alt", "data-confirm", "data-unsaved"}


class _Text(HTMLParser):
    """The words a reader sees: text outside scripts and styles, titles, placeholders, labels,
    confirmation questions, and the visible values of buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _SKIP_TAGS:
            self._skip += 1
        for name in _READ_ATTRS & attrs.keys():
            self.parts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])
        if tag == "option" and "selected" not in attrs:
            pass

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def foreign_words(text: str) -> set[str]:
    """Untranslated English words and internal keys in `text`."""
    text = _NOT_WORDS.sub(" ", text)
    found = {m.group(0) for m in _KEYS.finditer(text)}
    text = _KEYS.sub(" ", text)
    for match in _WORD.finditer(text):
        word = match.group(0)
        if word in ALLOWED or (word.isupper() and len(word) <= 1):
            continue
        found.add(word)
    return found


def test_the_scanner_finds_english_and_keys_and_spares_names():
    assert foreign_words("请签收 Sign for it") == {"Sign", "for", "it"}
    assert foreign_words("通知 event:sent:134:5，期限 15wd，3m 后") == {"event:sent:134:5", "15wd", "3m"}
    assert foreign_words("第 v1 稿") == {"v1"}
    assert foreign_words("下载 PDF、DOCX 文件 letter.pdf，联系 a.b@example.gov.cn https://x.cn/a?b=c") == set()
    assert visible_text('<p title="Open">打开<script>var x</script></p><button data-confirm="Sure?">好</button>') \
        == "Open\n打开\nSure?\n好"


def _ids() -> dict[str, list]:
    """Values for each <int:…> argument of the URL map, from the demo data."""
    rows = lambda model: [r for (r,) in db.session.execute(select(model.id).order_by(model.id))]  # noqa: E731
    lists = rows(Category)[:1] + rows(NotFiledReason)[:1]
    return {
        "proposal_id": rows(Proposal), "reply_id": rows(Reply), "assignment_id": rows(Assignment),
        "attachment_id": rows(Attachment)[:3], "publication_id": rows(Publication), "user_id": rows(User)[:4],
        "bureau_id": rows(Bureau)[:2], "session_id": rows(Session), "message_id": rows(MailboxMessage)[:3],
        "item_id": lists, "year": [2026, 2027], "page": [1], "archive_id": [],
        "code": _clue_codes(), "kind": _import_kinds(), **_open_ids(),
    }


def _import_kinds() -> list[str]:
    """The desk's import pages (/office/imports/<kind>): proposals, users, bureaus."""
    from workflow.desk.imports import _kinds

    return list(_kinds())


def _open_ids() -> dict[str, list[int]]:
    """Citizens' clues and the office's topics (the open side), when the demo has them."""
    from workflow.models.clue import Clue
    from workflow.models.desk_job import DeskJob
    from workflow.models.topic import Topic

    return {"job_id": [i for (i,) in db.session.execute(select(DeskJob.id).limit(3))],
            "clue_id": [i for (i,) in db.session.execute(select(Clue.id).limit(3))],
            "topic_id": [i for (i,) in db.session.execute(select(Topic.id).limit(3))]}


def _clue_codes() -> list[str]:
    """A citizen's clue's tracking code (the portal's clue status page), when the demo has clues."""
    try:
        from workflow.models.clue import Clue
    except ImportError:
        return ["0000"]
    return [code for (code,) in db.session.execute(select(Clue.code).limit(2))] or ["0000"]


# Routes that answer with files or machine formats, not a page a person reads in Chinese.
NOT_PAGES = {"static", "health.healthz", "public.robots", "public.sitemap", "public.sitemap_page", "public.feed",
             "admin.calendar_year_csv", "office.figures_xlsx", "replies.letter", "public.letter",
             "replies.attachment", "public.attachment", "publishing.masked_attachment", "archives.download",
             "clues.file", "desk_imports.template", "desk_jobs.download", "desk_jobs.progress"}


def _urls(app, values) -> list[str]:
    urls = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES or rule.rule.startswith("/api/"):
            continue
        ints = [name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)]
        others = {name: conv for name, conv in rule._converters.items() if name not in ints}
        combos = [{}]
        for name in ints:
            assert name in values, f"{rule.rule}: give the sweep values for <{name}> in _ids()"
            combos = [dict(c, **{name: v}) for c in combos for v in values[name]]
        for name, conv in others.items():
            choices = getattr(conv, "items", None) or values.get(name)
            if not choices:
                raise AssertionError(f"{rule.rule}: give the sweep values for <{name}> in _ids()")
            combos = [dict(c, **{name: v}) for c in combos for v in choices]
        for args in combos:
            urls.append(adapter.build(rule.endpoint, args, force_external=False))
    return urls


# One demo account of each role (both channels' proposers, a lead and a co bureau's clerk), and the
# public (None): each sees what its role can.
READERS = ("admin", "office", "proposer", "deputy", "clerk", "approver", "coclerk")


def _pages(app) -> dict[tuple[str, str | None], str]:
    """Every page every demo account can see: (url, username) → HTML."""
    values = _ids()
    urls = _urls(app, values)
    pages = {}
    readers = [None, *READERS]
    for username in readers:
        client = app.test_client()
        if username:
            client.post("/login", data={"username": username, "password": seed.PASSWORD})
        for url in urls:
            if username and url == "/login":
                continue
            response = client.get(url)
            if response.status_code == 200 and response.mimetype == "text/html":
                pages[(url, username)] = response.get_data(as_text=True)
    return pages


# What people wrote is theirs, not the interface's: Latin words in the demo's texts and codes
# (G60科创走廊, AAA级, a bureau's code jxj, a credit code ending in XD) may show where they are shown.
_DATA_COLUMNS = [(Proposal, "title"), (Proposal, "body"), (Reply, "title"), (Reply, "body"), (Bureau, "code"),
                 (Bureau, "credit_code"), (Attachment, "filename")]


def _data_words() -> set[str]:
    words = set()
    for model, column in _DATA_COLUMNS:
        for (text,) in db.session.execute(select(getattr(model, column))):
            words |= set(_WORD.findall(text or ""))
    return words


def test_every_page_reads_in_chinese(ctx):
    seed.seed(NOW)
    db.session.commit()
    data = _data_words()
    pages = _pages(ctx)
    assert len(pages) > 200, "the sweep must reach the demo's pages"
    problems = {}
    for (url, username), html in pages.items():
        words = foreign_words(visible_text(html)) - data
        if words:
            problems[f"{url} as {username}"] = sorted(words)
    assert not problems, "\n".join(f"{k}: {v}" for k, v in sorted(problems.items()))


def on_the_wire(mail):
    """The message as a mail client reads it: the bytes sent, parsed."""
    return message_from_bytes(mail.message.as_bytes(), policy=default)


def _mail_texts(message) -> str:
    parts = [str(message["Subject"])]
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            parts.append(part.get_content())
        elif part.get_content_type() == "text/html":
            parts.append(visible_text(part.get_content()))
    return "\n".join(parts)


def test_every_e_mail_reads_in_chinese_and_greets_as_a_letter_would(ctx):
    """Each notification of the demo (reminders, notices, the office's 催办) as a single e-mail, and
    each recipient's digest, composed in Chinese."""
    from workflow.mail.compose import Composer
    from workflow.services import calendar, reminders

    seed.seed(NOW)
    db.session.commit()
    reminders.sweep(NOW + timedelta(minutes=2))  # the clocks' reminders, the weekly overdue list
    office = db.session.execute(select(User).where(User.username == "office")).scalar_one()
    handling = select(Proposal).where(Proposal.state == "in_handling").order_by(Proposal.id)
    item = db.session.execute(handling).scalars().first()
    reminders.remind(office, item.id, "请抓紧办理。", NOW + timedelta(minutes=3))  # the office's 催办
    data = _data_words()
    rows = db.session.execute(select(Notification).order_by(Notification.id)).scalars().all()
    assert len({r.threshold.split(":")[0] for r in rows}) >= 2, "the demo must hold notices and reminders"
    problems, greetings = {}, set()
    with Composer(NOW, calendar.load()).open() as composer:
        messages = [on_the_wire(composer.single(r)) for r in rows]
        by_user: dict[int, list] = {}
        for r in rows:
            by_user.setdefault(r.recipient_id, []).append(r)
        messages += [on_the_wire(composer.digest(rs[0].recipient, rs)) for rs in by_user.values()]
    for message in messages:
        text = _mail_texts(message)
        words = foreign_words(text) - data
        if words:
            problems[str(message["Subject"])] = sorted(words)
        assert "主管部门" not in text
        greetings.add(message.get_body(("plain",)).get_content().splitlines()[0])
    assert not problems, "\n".join(f"{k}: {v}" for k, v in sorted(problems.items()))
    # A letter's greeting: 何明代表：, 杨文艳委员：, a bureau's clerk by name.
    assert "何明代表：" in greetings or "司马青代表：" in greetings
    assert "杨文艳委员：" in greetings
    assert "邵军同志：" in greetings


def _item_pages(app, channel: str) -> dict[str, str]:
    """The office's page of each item of one channel, and the proposer's."""
    clients = {}

    def signed_in(username):
        if username not in clients:
            clients[username] = app.test_client()
            clients[username].post("/login", data={"username": username, "password": seed.PASSWORD})
        return clients[username]

    office = signed_in("office")
    items = db.session.execute(select(Proposal).where(Proposal.channel == channel)).scalars().all()
    pages = {}
    for item in items:
        proposer = signed_in(item.proposer.username)
        readers = [("office", office)] if item.state != "draft" else []  # a draft is its author's alone
        for reader, client in readers + [(item.proposer.username, proposer)]:
            response = client.get(f"/proposals/{item.id}", follow_redirects=True)
            assert response.status_code == 200, (item.id, reader)
            pages[f"/proposals/{item.id} as {reader}"] = response.get_data(as_text=True)
        # The bureau's side: each assignment's page and each reply's, as a clerk of the bureau.
        for a in item.assignments:
            clerk = db.session.execute(select(User).where(User.bureau_id == a.bureau_id).order_by(User.id)).scalars().first()
            if clerk is None:
                continue
            client = signed_in(clerk.username)
            pages[f"/proposals/{item.id} /bureau/assignments/{a.id} as {clerk.username}"] = client.get(
                f"/bureau/assignments/{a.id}").get_data(as_text=True)
            for reply in db.session.execute(select(Reply).where(Reply.assignment_id == a.id)).scalars():
                pages[f"/proposals/{item.id} /replies/{reply.id} as {clerk.username}"] = client.get(
                    f"/replies/{reply.id}").get_data(as_text=True)
    return pages


# Words of the channel's interface (the texts people wrote may say anything, so only the page
# around them is read: the item's own title and text are cut out).
_OWN = {"npc": ("建议",), "cppcc": ("提案",)}
_OTHER = {"npc": ("提案", "委员", "提案委", "重点提案"), "cppcc": ("代表工委", "重点建议")}


def test_npc_pages_say_suggestion_and_deputy_and_cppcc_pages_proposal_and_member(ctx):
    seed.seed(NOW)
    db.session.commit()
    problems = []
    for channel in ("npc", "cppcc"):
        items = {p.id: p for p in db.session.execute(select(Proposal).where(Proposal.channel == channel)).scalars()}
        assert items, channel
        for where, html in _item_pages(ctx, channel).items():
            item = items[int(where.split("/")[2].split(" ")[0])]
            assert "<main" in html, where
            text = visible_text(html.split("<main", 1)[1].split("</main>", 1)[0])  # the page, not the header
            for own in (item.title, item.body or "", item.proposer.name):
                text = text.replace(own, "")
            text = _strip_data(text)
            problems += [(where, "主管部门", _around(text, "主管部门"))] if "主管部门" in text else []
            problems += [(where, f"no {word}", "") for word in _OWN[channel] if word not in text]
            problems += [(where, word, _around(text, word)) for word in _OTHER[channel] if word in text]
    assert not problems, "\n".join(" ".join(p) for p in problems)


def _strip_data(text: str) -> str:
    """Cut out what people wrote (titles, texts, names of the demo), leaving the interface's words."""
    for model, column in [(Proposal, "title"), (Reply, "title"), (Reply, "body"), (Category, "name"),
                          (Session, "name"), (Bureau, "name"), (User, "name")]:
        for (value,) in db.session.execute(select(getattr(model, column))):
            if value and len(value) > 3:
                text = text.replace(value, "")
    return text


def _around(text: str, word: str) -> str:
    at = text.find(word)
    return " ".join(text[max(0, at - 30):at + 30].split())


def test_documents_read_in_chinese(ctx):
    """The archive's PDF of every numbered demo item and each numbered reply's letter (PDF, DOCX)."""
    import io

    from docx import Document
    from flask_babel import force_locale
    from pypdf import PdfReader

    from workflow.archive.pdf import render_item_pdf
    from workflow.desk import notice_pdf, proposal_pdf
    from workflow.letters.docx import render_docx
    from workflow.letters.pdf import render_pdf
    from workflow.services import assignment_notices
    from workflow.services.archive_records import item_record
    from workflow.services.reply_letters import letter_of

    seed.seed(NOW)
    db.session.commit()
    data = _data_words()
    problems = {}
    pdf_text = lambda blob: "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(blob)).pages)  # noqa: E731
    with ctx.test_request_context(), force_locale("zh_Hans"):
        items = db.session.execute(select(Proposal).where(Proposal.number.is_not(None))).scalars().all()
        archived = ""
        for item in items:
            text = pdf_text(render_item_pdf(item_record(item)))
            assert item.title[:6] in text.replace("\n", "")
            problems[f"archive PDF of {item.number}"] = foreign_words(text) - data
            archived += text
        assert "发出日期" in archived and "第1稿" in archived  # once "Sent on" and "v1"
        for reply in db.session.execute(select(Reply).where(Reply.doc_number.is_not(None))).scalars():
            letter = letter_of(reply)
            problems[f"letter PDF {reply.doc_number}"] = foreign_words(pdf_text(render_pdf(letter))) - data
            document = Document(io.BytesIO(render_docx(letter)))
            text = "\n".join(p.text for p in document.paragraphs)
            problems[f"letter DOCX {reply.doc_number}"] = foreign_words(text) - data
        # The desk's printed sheets: each numbered item's 提案单/建议单, and the 交办通知单 of every
        # assignment, one page per bureau.
        office = db.session.execute(select(User).where(User.username == "office")).scalar_one()
        for item in items:
            problems[f"form PDF of {item.number}"] = foreign_words(pdf_text(proposal_pdf.render(item))) - data
        assignment_ids = db.session.execute(select(Assignment.id)).scalars().all()
        notices_text = pdf_text(notice_pdf.render(assignment_notices.notices(office, assignment_ids)))
        assert "交办通知单" in notices_text.replace("\n", "")
        problems["交办通知单 PDF"] = foreign_words(notices_text) - data
    problems = {k: sorted(v) for k, v in problems.items() if v}
    assert not problems, "\n".join(f"{k}: {v}" for k, v in sorted(problems.items()))
