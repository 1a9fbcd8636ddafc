"""Hypothesis on the forms' text fields (issue 13): every form found on the main pages of each role
is posted with one field replaced by odd input (NUL bytes, lone surrogates, digits int() refuses,
numbers no database column holds, impossible dates, very long and nested text), and the query
strings of the list pages get the same. The answer is never a 500, and a NUL is refused (400).

The forms are found by reading the pages (their <form method="post"> and fields), so a new form
on these pages is fuzzed without a change here. tests/security/test_bad_input.py covers the new
proposal form and the API's JSON in depth; schemathesis (tests/api/test_schemathesis.py) the API."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.handling_support import LATER, lead_of, received
from tests.public.support import credit_codes
from tests.security.support import sent_after_two_drafts
from workflow.extensions import db
from workflow.services import extensions

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
SURROGATE = "\ud800"
ODD = st.sampled_from([
    "\x00", "关于\x00的建议", SURROGATE, f"a{SURROGATE}b", "\udfff", "²", "¹²³", "٣", "①",
    "99999999999999999999", "2147483648", "-1", "0", "1e309", "NaN", "-0", " 7 ",
    "2026-02-30", "99999-01-01", "0000-00-00", "2026-13-01",
    "\ufeff", "\u202e", "\r\n\r\n", "' OR 1=1 --", "<script>alert(1)</script>", "=HYPERLINK(\"x\")",
    "[" * 2000, '{"a":' * 500, "长" * 60_000, "x" * 300,
]) | st.text(max_size=40)


class Forms(HTMLParser):
    """The POST forms of a page: action, and each field's name with its first value."""

    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._current: Form | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._current = Form(a.get("action") or "")
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "textarea", "select") and a.get("name"):
            if a.get("type") in ("file", "submit", "button", "image"):
                return
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                self._current.fields.setdefault(a["name"], None)
                return
            self._current.fields.setdefault(a["name"], a.get("value") or "")
        elif self._current is not None and tag == "option" and "value" in a:
            names = [n for n, v in self._current.fields.items() if v == ""]
            if names and a["value"]:
                self._current.fields[names[-1]] = a["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


@dataclass
class Form:
    action: str
    fields: dict[str, str | None] = field(default_factory=dict)


# Forms that end the session or switch the language would leave the rest of the run logged out.
SKIP = ("/logout", "/lang/", "/login")


def _encode(values: dict[str, str]) -> bytes:
    """A urlencoded body that may carry a lone surrogate, as a browser's bytes could (CESU-8)."""
    return "&".join(f"{quote(k)}={quote(v.encode('utf-8', 'surrogatepass'))}" for k, v in values.items()).encode()


def _forms(client, page: str) -> list[Form]:
    answer = client.get(page)
    assert answer.status_code == 200, (page, answer.status_code)
    parser = Forms()
    parser.feed(answer.get_data(as_text=True))
    found = []
    for form in parser.forms:
        action = form.action or page
        if any(action.startswith(s) for s in SKIP) or urlsplit(action).netloc:
            continue
        form.action = action
        form.fields = {k: v for k, v in form.fields.items() if v is not None}
        if form.fields:
            found.append(form)
    return found


@pytest.fixture
def world(ctx, w):
    """The items whose pages hold the forms: a sent joint proposal with two reply drafts, an item
    in handling with an extension request, a draft."""
    credit_codes(w)
    reply = sent_after_two_drafts(w)
    waiting = received(w)
    extensions.request(w.clerk, lead_of(waiting).id, "需要会同多部门调研", LATER.date().replace(month=6, day=30), LATER)
    draft = w.draft(w.proposer, title="个人草稿")
    db.session.commit()
    return {"reply": reply.id, "proposal": reply.proposal_id, "lead": lead_of(waiting).id, "draft": draft.id,
            "co": next(a.id for a in waiting.assignments if a.role == "co"), "waiting": waiting.id}


PAGES = {
    "proposer": ["/proposals/new", "/proposals/{draft}", "/proposals/{draft}/edit", "/replies/{reply}",
                 "/notifications/preferences", "/notifications/", "/public/clues/new"],
    "clerk": ["/bureau/assignments/{lead}", "/replies/{reply}", "/", "/publishing/"],
    "coclerk": ["/bureau/assignments/{co}"],
    "approver": ["/bureau/assignments/{lead}", "/publishing/replies/{reply}"],
    "office": ["/proposals/{waiting}", "/office/proposals/{waiting}/assign", "/replies/{reply}",
               "/publishing/replies/{reply}", "/office/archives/", "/office/topics/", "/evaluations/formula"],
    "admin": ["/admin/users/new", "/admin/sessions/new", "/admin/bureaus/new", "/admin/categories",
              "/admin/settings", "/admin/settings/replies", "/admin/precheck", "/admin/notifications",
              "/admin/users/{user}", "/publishing/settings"],
}


@pytest.mark.parametrize("username", sorted(PAGES))
def test_no_form_field_makes_a_500(login, w, world, username):
    client = login(username)
    ids = {**world, "user": w.proposer.id}
    forms = [f for page in PAGES[username] for f in _forms(client, page.format(**ids))]
    assert forms, username
    targets = [(form, name) for form in forms for name in form.fields if name not in ("csrf_token",)]

    @FUZZ
    @given(target=st.sampled_from(targets), value=ODD)
    def post(target, value):
        form, name = target
        values = {**form.fields, name: value}
        answer = client.post(form.action, data=_encode(values), content_type="application/x-www-form-urlencoded")
        assert answer.status_code < 500, (form.action, name, value[:40], answer.status_code)
        if "\x00" in value:
            assert answer.status_code == 400, (form.action, name, answer.status_code)

    post()


LIST_PAGES = {
    "office": ["/", "/proposals/", "/publishing/", "/office/figures", "/office/archives/", "/notifications/",
               "/clues/", "/evaluations/bureaus", "/evaluations/members"],
    "clerk": ["/", "/bureau/assignments", "/proposals/"],
    "admin": ["/admin/users", "/admin/outbox", "/admin/notifications", "/admin/calendar"],
    "proposer": ["/", "/proposals/", "/public/", "/public/progress/", "/public/clues/"],
}
QUERY_NAMES = ("page", "q", "sort", "state", "session_id", "year", "bureau_id", "task", "overdue", "channel")


@pytest.mark.parametrize("username", sorted(LIST_PAGES))
def test_no_query_string_makes_a_500(login, w, world, username):
    client = login(username)

    @FUZZ
    @given(page=st.sampled_from(LIST_PAGES[username]), name=st.sampled_from(QUERY_NAMES), value=ODD)
    def get(page, name, value):
        query = f"{quote(name)}={quote(value.encode('utf-8', 'surrogatepass'))}"
        answer = client.get(f"{page}?{query}")
        assert answer.status_code < 500, (page, name, value[:40], answer.status_code)

    get()
