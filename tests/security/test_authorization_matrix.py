"""The authorization matrix (issue 13, "the proof in CI"): every rule of the URL map and every
action of the API's dispatch table (workflow/api/actions.py) has a row here saying, for each actor
of tests/security/matrix_world.py (anonymous, own, co-signer, another member, same bureau, co
bureau, other bureau, office, admin), what the answer must be. A new route or action without a
row fails `test_every_route_and_action_has_a_row`: add its row (and its URL to matrix_urls.py).

Reading the rows: a number is the status; LOGIN is a redirect to the login page; MAY marks who may
do a POST: the matrix does not send it (it would change the world the other rows read), and every
POST it does send must leave the database as it was, whatever the answer (403, 404, or a 302 back
to the page with a message). GET rows are sent as everyone. `hide` names text that must not reach
the listed actors though the page answers 200, `shows` text that must reach them (so a check can
fail). One world per module: the rows only read, or are refused."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from tests.security.matrix_urls import ACTION_ITEMS, URLS
from tests.security.matrix_world import ACTORS, USERNAMES, WITHDRAWAL_REASON, MatrixWorld, build
from workflow.api.actions import ACTIONS, Action
from workflow.api.parsing import Kind
from workflow.clock import utcnow
from workflow.extensions import db
from workflow.services import users

LOGIN = "login"
MAY = "may"


@dataclass(frozen=True)
class Row:
    answers: dict[str, int | str]
    url: str | None = None  # a URL template other than matrix_urls.URLS[rule]
    hide: tuple[str, ...] = ()  # these actors must not read `text` ...
    shows: tuple[str, ...] = ()  # ... and these must
    text: str = ""


def row(default: int | str, *, url: str | None = None, hide: tuple[str, ...] = (), shows: tuple[str, ...] = (),
        text: str = "", **answers: int | str) -> Row:
    unknown = set(answers) - set(ACTORS)
    assert not unknown, unknown
    return Row({a: answers.get(a, default) for a in ACTORS}, url, hide, shows, text)


# Drafts and comments of a reply stay with the bureau and the office (issue 9 §11).
COMPARE = row(404, anon=LOGIN, clerk=200, approver=200, office=200, admin=200)

# "METHOD rule" -> a Row, or several Rows on different items of the same rule.
MATRIX: dict[str, Row | list[Row]] = {
    "GET /": row(200, anon=LOGIN),
    "GET /admin/": row(403, anon=LOGIN, admin=200),
    "GET /admin/<any(categories, reasons):plural>": row(403, anon=LOGIN, admin=200),
    "GET /admin/<any(categories, reasons):plural>/<int:item_id>": row(403, anon=LOGIN, admin=200),
    "POST /admin/<any(categories, reasons):plural>/<int:item_id>": row(403, anon=LOGIN, admin=MAY),
    "POST /admin/<any(categories, reasons):plural>/<int:item_id>/active": row(403, anon=LOGIN, admin=MAY),
    "POST /admin/<any(categories, reasons):plural>/<int:item_id>/move": row(403, anon=LOGIN, admin=MAY),
    "POST /admin/<any(categories, reasons):plural>/add": row(403, anon=LOGIN, admin=MAY),
    "GET /admin/bureaus": row(403, anon=LOGIN, admin=200),
    "GET /admin/bureaus/<int:bureau_id>": row(403, anon=LOGIN, admin=200),
    "POST /admin/bureaus/<int:bureau_id>": row(403, anon=LOGIN, admin=MAY),
    "GET /admin/bureaus/new": row(403, anon=LOGIN, admin=200),
    "POST /admin/bureaus/new": row(403, anon=LOGIN, admin=MAY),
    "GET /admin/calendar": row(403, anon=LOGIN, admin=200),
    "GET /admin/calendar/<int:year>": row(403, anon=LOGIN, admin=200),
    "GET /admin/calendar/<int:year>.csv": row(403, anon=LOGIN, admin=200),
    "POST /admin/calendar/import": row(403, anon=LOGIN, admin=MAY),
    "GET /admin/notifications": row(403, anon=LOGIN, admin=200),
    "POST /admin/notifications/<int:notification_id>/retry": row(403, anon=LOGIN, admin=MAY),
    "POST /admin/notifications/retry-failed": row(403, anon=LOGIN, admin=MAY),
    "GET /admin/outbox": row(403, anon=LOGIN, admin=200),
    "GET /admin/outbox/<int:message_id>": row(403, anon=LOGIN, admin=404),
    "GET /admin/outbox/<int:message_id>/html": row(403, anon=LOGIN, admin=404),
    "GET /admin/precheck": row(403, anon=LOGIN, admin=200),
    "POST /admin/precheck": row(403, anon=LOGIN, admin=MAY),
    "GET /admin/sessions": row(403, anon=LOGIN, admin=200),
    "GET /admin/sessions/<int:session_id>": row(403, anon=LOGIN, admin=200),
    "POST /admin/sessions/<int:session_id>": row(403, anon=LOGIN, admin=MAY),
    "GET /admin/sessions/new": row(403, anon=LOGIN, admin=200),
    "POST /admin/sessions/new": row(403, anon=LOGIN, admin=MAY),
    "GET /admin/settings": row(403, anon=LOGIN, admin=200),
    "POST /admin/settings": row(403, anon=LOGIN, admin=MAY),
    "GET /admin/settings/replies": row(403, anon=LOGIN, admin=200),
    "POST /admin/settings/replies": row(403, anon=LOGIN, admin=MAY),
    "GET /admin/users": row(403, anon=LOGIN, admin=200),
    "GET /admin/users/<int:user_id>": row(403, anon=LOGIN, admin=200),
    "POST /admin/users/<int:user_id>": row(403, anon=LOGIN, admin=MAY),
    "POST /admin/users/<int:user_id>/active": row(403, anon=LOGIN, admin=MAY),
    "POST /admin/users/<int:user_id>/password": row(403, anon=LOGIN, admin=MAY),
    "GET /admin/users/new": row(403, anon=LOGIN, admin=200),
    "POST /admin/users/new": row(403, anon=LOGIN, admin=MAY),
    "GET /api/v1/assignments/<int(min=1, max=2147483647):assignment_id>": row(200, anon=401, member=404, co_clerk=404, other_clerk=404),
    "GET /api/v1/attachments/<int(min=1, max=2147483647):attachment_id>": row(404, anon=401, clerk=200, approver=200, office=200, admin=200),
    "POST /api/v1/auth/token": row(MAY),
    "DELETE /api/v1/auth/token": row(MAY),
    "GET /api/v1/extension-requests/<int(min=1, max=2147483647):request_id>": row(404, anon=401, clerk=200, approver=200, office=200, admin=200),
    "GET /api/v1/figures": row(403, anon=401, office=200, admin=200),
    "GET /api/v1/me": row(200, anon=401),
    "GET /api/v1/openapi.json": row(200),
    "GET /api/v1/proposals": row(200, anon=401),
    "POST /api/v1/proposals": row(403, anon=401, own=MAY, cosigner=MAY, member=MAY, office=MAY),
    "GET /api/v1/proposals/<int(min=1, max=2147483647):proposal_id>": [
        row(200, anon=401, member=404, other_clerk=404),
        row(404, url="/api/v1/proposals/{joint}", anon=401, own=200),  # issue 9 §11, as above
    ],
    "GET /api/v1/proposals/<int(min=1, max=2147483647):proposal_id>/similar": row(200, anon=401, member=404, other_clerk=404),
    "GET /api/v1/proposals/<int(min=1, max=2147483647):proposal_id>/suggested-bureaus": row(403, anon=401, member=404, other_clerk=404, office=200),
    "POST /api/v1/proposals/precheck": row(400, anon=401, own=MAY, cosigner=MAY, member=MAY, office=MAY),
    "GET /api/v1/public/replies": row(200),
    "GET /api/v1/public/replies/<int(min=1, max=2147483647):publication_id>": row(200),
    "GET /api/v1/replies/<int(min=1, max=2147483647):reply_id>": row(200, anon=401, member=404, other_clerk=404),
    "GET /api/v1/replies/<int(min=1, max=2147483647):reply_id>/coverage": row(200, anon=401, member=404, other_clerk=404),
    "GET /api/v1/replies/<int(min=1, max=2147483647):reply_id>/letter.docx": row(200, anon=401, member=404, other_clerk=404),
    "GET /api/v1/replies/<int(min=1, max=2147483647):reply_id>/letter.pdf": row(200, anon=401, member=404, other_clerk=404),
    "POST /api/v1/similar": row(MAY),
    "GET /bureau/assignments": row(200, anon=LOGIN),
    "GET /bureau/assignments/<int:assignment_id>": row(404, anon=LOGIN, clerk=200, approver=200, office=200, admin=200),
    "POST /bureau/assignments/<int:assignment_id>/contacts": row(400, anon=LOGIN, member=404, clerk=MAY, approver=MAY, co_clerk=MAY, other_clerk=404),
    "POST /bureau/assignments/<int:assignment_id>/extension": row(400, anon=LOGIN, member=404, clerk=MAY, approver=MAY, co_clerk=MAY, other_clerk=404),
    "POST /bureau/assignments/<int:assignment_id>/opinion": row(400, anon=LOGIN, member=404, clerk=MAY, approver=MAY, co_clerk=MAY, other_clerk=404),
    "POST /bureau/assignments/<int:assignment_id>/opinion/<any(approve, return):decision>": row(302, anon=LOGIN, member=404, clerk=MAY, approver=MAY, co_clerk=MAY, other_clerk=404),
    "POST /bureau/assignments/<int:assignment_id>/receive": row(302, anon=LOGIN, member=404, clerk=MAY, approver=MAY, co_clerk=MAY, other_clerk=404),
    "GET /bureau/assignments/<int:assignment_id>/reply": row(302, anon=LOGIN, member=404, co_clerk=404, other_clerk=404),
    "POST /bureau/assignments/<int:assignment_id>/reply": row(302, anon=LOGIN, member=404, clerk=MAY, approver=MAY, co_clerk=MAY, other_clerk=404),
    "POST /bureau/assignments/<int:assignment_id>/request-reassignment": row(302, anon=LOGIN, member=404, clerk=MAY, approver=MAY, co_clerk=MAY, other_clerk=404),
    "POST /bureau/extension-requests/<int:request_id>/<any(endorse, decline, grant, refuse):decision>": row(404, anon=LOGIN, clerk=MAY, approver=MAY, co_clerk=MAY, office=302, admin=302),
    "GET /files/<int:attachment_id>": row(404, anon=LOGIN, clerk=200, approver=200, office=200, admin=200),
    "GET /healthz": row(200),
    "POST /lang/<code>": row(MAY),
    "GET /login": row(302, anon=200),
    "POST /login": row(MAY),
    "POST /logout": row(MAY),
    "GET /notifications/": row(200, anon=LOGIN),
    "GET /notifications/preferences": row(200, anon=LOGIN),
    "POST /notifications/preferences": row(MAY),
    "POST /notifications/read": row(MAY),
    "POST /notifications/remind/<int:proposal_id>": row(MAY),
    "GET /office/archives/": row(403, anon=LOGIN, office=200),
    "GET /office/archives/<int:archive_id>/download": row(403, anon=LOGIN, office=302),
    "POST /office/archives/sessions/<int:session_id>": row(403, anon=LOGIN, office=MAY),
    "POST /office/assignments/<int:assignment_id>/decide": row(302, anon=LOGIN, member=404, co_clerk=404, other_clerk=404, office=MAY),
    "POST /office/assignments/<int:assignment_id>/withdraw": row(302, anon=LOGIN, member=404, co_clerk=404, other_clerk=404, office=MAY),
    "GET /office/figures": row(403, anon=LOGIN, office=200, admin=200),
    "GET /office/figures.xlsx": row(403, anon=LOGIN, office=200, admin=200),
    "GET /office/proposals/<int:proposal_id>/assign": row(302, anon=LOGIN, member=404, other_clerk=404),
    "POST /office/proposals/<int:proposal_id>/assign": row(302, anon=LOGIN, member=404, other_clerk=404, office=MAY),
    "POST /office/proposals/<int:proposal_id>/close": row(302, anon=LOGIN, office=MAY),
    "POST /office/proposals/<int:proposal_id>/file": row(302, anon=LOGIN, office=MAY),
    "POST /office/proposals/<int:proposal_id>/key": row(302, anon=LOGIN, office=MAY),
    "POST /office/proposals/<int:proposal_id>/merge": row(302, anon=LOGIN, member=404, other_clerk=404, office=MAY),
    "POST /office/proposals/<int:proposal_id>/rehandle": row(302, anon=LOGIN, office=MAY),
    "POST /office/proposals/<int:proposal_id>/reject": row(302, anon=LOGIN, office=MAY),
    "POST /office/proposals/<int:proposal_id>/start-review": row(302, anon=LOGIN, office=MAY),
    "POST /office/proposals/<int:proposal_id>/supervise": row(302, anon=LOGIN, office=MAY),
    "GET /proposals/": row(200, anon=LOGIN),
    "GET /proposals/<int:proposal_id>": [
        row(404, anon=LOGIN, own=200, cosigner=200, clerk=200, approver=200, co_clerk=200, office=200, admin=200),
        # issue 9 §11: a joint draft is its author's until submitted, not its named co-signers'.
        row(404, url="/proposals/{joint}", anon=LOGIN, own=200),
        row(404, url="/proposals/{draft}", anon=LOGIN, own=200),
    ],
    "POST /proposals/<int:proposal_id>/actions/<action>": row(302, anon=LOGIN, own=MAY, cosigner=MAY),
    "POST /proposals/<int:proposal_id>/autosave": row(404, anon=LOGIN, own=MAY, cosigner=MAY),
    "GET /proposals/<int:proposal_id>/edit": [
        row(404, anon=LOGIN, own=200),
        row(404, url="/proposals/{joint}/edit", anon=LOGIN, own=200),
    ],
    "POST /proposals/<int:proposal_id>/edit": row(404, anon=LOGIN, own=MAY, cosigner=MAY),
    "POST /proposals/assist": row(200, anon=LOGIN, own=MAY, cosigner=MAY),
    "GET /proposals/new": row(302, anon=LOGIN, own=200, cosigner=200, member=200),
    "POST /proposals/new": row(302, anon=LOGIN, own=MAY, cosigner=MAY, member=200),
    "GET /public/": row(200),
    "GET /public/feed.atom": row(200),
    "GET /public/replies/<int:publication_id>": row(200),
    "GET /public/replies/<int:publication_id>/files/<int:attachment_id>": row(404),
    "GET /public/replies/<int:publication_id>/letter.<any(docx, pdf):fmt>": row(200),
    "GET /publishing/": row(200, anon=LOGIN, own=403, cosigner=403, member=403),
    "POST /publishing/batch": row(302, anon=LOGIN, clerk=MAY, approver=MAY, office=MAY),
    "GET /publishing/publications/<int:publication_id>/republish": row(403, anon=LOGIN, member=404, approver=200, other_clerk=404, office=200),
    "POST /publishing/publications/<int:publication_id>/republish": row(403, anon=LOGIN, member=404, clerk=MAY, approver=MAY, other_clerk=404, office=MAY),
    "POST /publishing/publications/<int:publication_id>/withdraw": row(302, anon=LOGIN, clerk=MAY, approver=MAY, office=MAY),
    # issue 9 §11: members read that the publication was withdrawn, never the internal reason.
    "GET /publishing/replies/<int:reply_id>": row(200, anon=LOGIN, member=404, other_clerk=404,
                                                  hide=("own", "cosigner"), shows=("office", "approver"),
                                                  text=WITHDRAWAL_REASON),
    "POST /publishing/replies/<int:reply_id>": row(200, anon=LOGIN, member=404, clerk=MAY, approver=MAY, other_clerk=404, office=MAY),
    "GET /publishing/replies/<int:reply_id>/files/<int:attachment_id>/masked": row(403, anon=LOGIN, member=404, approver=404, other_clerk=404, office=404),
    "GET /publishing/settings": row(403, anon=LOGIN, admin=200),
    "POST /publishing/settings": row(403, anon=LOGIN, clerk=MAY, approver=MAY, office=MAY, admin=200),
    "GET /replies/<int:reply_id>": row(200, anon=LOGIN, member=404, other_clerk=404),
    "POST /replies/<int:reply_id>/approve": row(302, anon=LOGIN, own=MAY, cosigner=MAY, clerk=MAY, approver=MAY, co_clerk=MAY, office=MAY),
    "POST /replies/<int:reply_id>/category": row(302, anon=LOGIN, own=MAY, cosigner=MAY, clerk=MAY, approver=MAY, co_clerk=MAY, office=MAY),
    "GET /replies/<int:reply_id>/compare": COMPARE,  # issue 9 §11: proposer, co-signer, co bureau: 404
    "POST /replies/<int:reply_id>/cosign": row(302, anon=LOGIN, own=MAY, cosigner=MAY, clerk=MAY, approver=MAY, co_clerk=MAY, office=MAY),
    "GET /replies/<int:reply_id>/edit": row(302, anon=LOGIN, member=404, other_clerk=404),
    "POST /replies/<int:reply_id>/edit": row(404, anon=LOGIN, own=MAY, cosigner=MAY, clerk=MAY, approver=MAY, co_clerk=MAY, office=MAY, admin=302),
    "POST /replies/<int:reply_id>/feedback": row(302, anon=LOGIN, own=MAY, cosigner=MAY, clerk=MAY, approver=MAY, co_clerk=MAY, office=MAY),
    "GET /replies/<int:reply_id>/letter.<any(docx, pdf):fmt>": row(200, anon=LOGIN, member=404, other_clerk=404),
    "POST /replies/<int:reply_id>/object": row(302, anon=LOGIN, own=MAY, cosigner=MAY, clerk=MAY, approver=MAY, co_clerk=MAY, office=MAY),
    "POST /replies/<int:reply_id>/return": row(302, anon=LOGIN, own=MAY, cosigner=MAY, clerk=MAY, approver=MAY, co_clerk=MAY, office=MAY),
    "POST /replies/<int:reply_id>/send": row(302, anon=LOGIN, own=MAY, cosigner=MAY, clerk=MAY, approver=MAY, co_clerk=MAY, office=MAY),
    "POST /replies/<int:reply_id>/submit": row(302, anon=LOGIN, own=MAY, cosigner=MAY, clerk=MAY, approver=MAY, co_clerk=MAY, office=MAY),
    "GET /robots.txt": row(200),
    "GET /sitemap-<int:page>.xml": row(200),
    "GET /sitemap.xml": row(200),
    "GET /static/<path:filename>": row(200),
    # Issue 10 (text messages, evaluations) and issue 12 (progress, clues, topics).
    "GET /admin/sms": row(403, anon=LOGIN, admin=200),
    "GET /api/v1/public/clues/<code>": row(200),
    "GET /api/v1/public/proposals": row(200),
    "GET /api/v1/public/proposals/<int(min=1, max=2147483647):proposal_id>": row(200),
    "GET /clues/": row(403, anon=LOGIN, own=200, cosigner=200, member=200, office=200),
    # A clue reaches its member masked: never the citizen's contact (issue 12).
    "GET /clues/<int:clue_id>": row(404, anon=LOGIN, own=200, office=200, hide=("own",), shows=("office",),
                                    text="13858012345"),
    "GET /clues/<int:clue_id>/files/<int:file_id>": row(404, anon=LOGIN, office=200),
    "GET /evaluations/bureaus": row(403, anon=LOGIN, office=200, admin=200),
    "GET /evaluations/bureaus.xlsx": row(403, anon=LOGIN, office=200, admin=200),
    "GET /evaluations/formula": row(403, anon=LOGIN, office=200, admin=200),
    "GET /evaluations/members": row(403, anon=LOGIN, office=200, admin=200),
    "GET /evaluations/members.xlsx": row(403, anon=LOGIN, office=200, admin=200),
    "GET /evaluations/members/<int:user_id>": row(403, anon=LOGIN, own=200, office=200, admin=200),
    "GET /evaluations/mine": row(404, anon=LOGIN, own=302, cosigner=302, member=302),
    "GET /office/topics/": row(403, anon=LOGIN, office=200),
    "GET /office/topics/<int:topic_id>": row(403, anon=LOGIN, office=200),
    "GET /public/clues/": row(200),
    "GET /public/clues/<code>": row(200),
    "GET /public/clues/new": row(200),
    "GET /public/progress/": row(200),
    "GET /public/progress/<int:proposal_id>": row(200),
    "POST /admin/sms/retry": row(403, anon=LOGIN, admin=MAY),
    "POST /api/v1/public/clues": row(MAY),
    "POST /clues/<int:clue_id>/actions/<action>": row(302, anon=LOGIN, own=MAY, office=MAY),
    "POST /evaluations/formula": row(403, anon=LOGIN, office=MAY, admin=MAY),
    "POST /office/topics/": row(403, anon=LOGIN, office=MAY),
    "POST /office/topics/<int:topic_id>": row(403, anon=LOGIN, office=MAY),
    "POST /public/clues/new": row(MAY),
    # Issue 10 (spreadsheets in and out, printable PDFs, batch work); a job id no row has.
    "GET /bureau/assignments.xlsx": row(200, anon=LOGIN, own=403, cosigner=403, member=403, admin=403),
    "GET /office/assignment-notices.pdf": row(404, anon=LOGIN),
    "GET /office/handling.xlsx": row(403, anon=LOGIN, office=200),
    "GET /office/imports/<kind>": row(403, anon=LOGIN, office=200),
    "GET /office/imports/<kind>/template.xlsx": row(403, anon=LOGIN, office=200),
    "GET /office/jobs/": row(200, anon=LOGIN),
    "GET /office/jobs/<int:job_id>": row(404, anon=LOGIN),
    "GET /office/jobs/<int:job_id>/download": row(302, anon=LOGIN),
    "GET /office/jobs/<int:job_id>/progress": row(404, anon=LOGIN),
    "GET /office/overdue.xlsx": row(200, anon=LOGIN, own=403, cosigner=403, member=403, admin=403),
    "GET /proposals/<int:proposal_id>/form.pdf": row(200, anon=LOGIN, member=404, other_clerk=404),
    "GET /proposals/export.xlsx": row(200, anon=LOGIN),
    "POST /bureau/batch/receive": row(302, anon=LOGIN, clerk=MAY, approver=MAY, co_clerk=MAY),
    "POST /office/batch": row(403, anon=LOGIN, office=MAY),
    "POST /office/imports/<kind>": row(403, anon=LOGIN, office=MAY),
    "POST /office/imports/<kind>/confirm": row(403, anon=LOGIN, office=MAY),
}

# Who may take each API action (not sent); everyone else is sent it and must be refused.
ACTION_MAY: dict[str, dict[str, tuple[str, ...]]] = {
    "proposals": {
        **dict.fromkeys(("edit", "submit", "withdraw", "consent-opinion-letter"), ("own",)),
        **dict.fromkeys(("confirm-cosign", "decline-cosign"), ("cosigner",)),
        "second": ("member",),
        **dict.fromkeys(("start-review", "file", "reject", "merge", "set-key", "assign", "remind", "supervise",
                         "order-rehandling", "close"), ("office",)),
    },
    "assignments": {
        **dict.fromkeys(("receive", "request-reassignment", "add-contact", "save-draft", "request-extension"),
                        ("clerk", "approver")),
        **dict.fromkeys(("save-opinion", "submit-opinion", "approve-opinion", "return-opinion"), ("co_clerk",)),
        **dict.fromkeys(("approve-reassignment", "refuse-reassignment", "withdraw"), ("office",)),
    },
    "replies": {
        **dict.fromkeys(("save", "submit", "send"), ("clerk",)),
        **dict.fromkeys(("approve", "return"), ("approver",)),
        **dict.fromkeys(("cosign", "object"), ("co_clerk",)),
        "feedback": ("own", "cosigner"),
        "correct-category": ("office",),
        **dict.fromkeys(("mark", "publish", "withdraw-publication", "republish"), ("office", "approver")),
    },
    "extension-requests": {
        **dict.fromkeys(("endorse", "decline"), ("approver",)),
        **dict.fromkeys(("grant", "refuse"), ("office",)),
    },
}
# What a refused actor gets: 401 without a token, 404 when it may not see the item, else 403; 400
# and 409 only where it may see the item and the body or the state fails first.
ACTION_REFUSALS = {401, 403, 404, 400, 409}


def _rules(app) -> list[str]:
    keys = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if rule.endpoint in ("api.proposal_action", "api.assignment_action", "api.reply_action",
                                 "api.extension_action"):
                continue  # one row per action of the dispatch table instead
            keys.append(f"{method} {rule.rule}")
    return keys


def test_every_route_and_action_has_a_row(app):
    keys = _rules(app)
    assert sorted(set(keys) - set(MATRIX)) == [], "routes without a row in MATRIX"
    assert sorted(set(MATRIX) - set(keys)) == [], "rows of routes that are gone"
    actions = {(c, n) for c, table in ACTIONS.items() for n in table}
    rows = {(c, n) for c, table in ACTION_MAY.items() for n in table}
    assert sorted(actions - rows) == [], "API actions without a row in ACTION_MAY"
    assert sorted(rows - actions) == [], "rows of API actions that are gone"
    assert set(ACTION_ITEMS) == set(ACTIONS)


# --- the world, once per module -------------------------------------------------------------

@pytest.fixture(autouse=True)
def _clean():
    """Replaces the suite's row deletion after each test: the rows read the module's one world."""
    yield


@dataclass
class Stage:
    world: MatrixWorld
    pages: dict[str, object]
    tokens: dict[str, str]
    api: object
    seen: set[str] = field(default_factory=set)


@pytest.fixture(scope="module")
def stage(app):
    from tests.conftest import wipe_rows

    with app.app_context():
        world = build()
        tokens = {a: users.issue_token(getattr(world.w, USERNAMES[a]), utcnow(), 1) for a in USERNAMES}
    pages = {}
    for actor in ACTORS:
        client = app.test_client()
        if actor != "anon":
            answer = client.post("/login", data={"username": USERNAMES[actor], "password": "secret-pw"})
            assert answer.status_code == 302
        pages[actor] = client
    yield Stage(world, pages, tokens, app.test_client())
    wipe_rows(app)


# Tables a refused request may write: sign-in tokens' last use, job locks, idempotency keys.
UNWATCHED = {"api_tokens", "job_locks", "idempotency_keys", "calendar_days", "calendar_years", "alembic_version"}


def fingerprint(app) -> str:
    """A digest of every row the workflow keeps: a refused POST must not change it."""
    digest = hashlib.sha256()
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if table.name in UNWATCHED:
                continue
            rows = db.session.execute(select(table)).all()
            digest.update(f"{table.name}:{sorted(map(repr, rows))}".encode())
        db.session.remove()
    return digest.hexdigest()


def _answer(response) -> int | str:
    if response.status_code == 302 and "/login" in response.headers.get("Location", ""):
        return LOGIN
    return response.status_code


def _send(stage: Stage, method: str, url: str, actor: str, body: dict | None = None):
    if url.startswith("/api/"):
        headers = {"Authorization": f"Bearer {stage.tokens[actor]}"} if actor != "anon" else {}
        json_body = (body or {}) if method == "POST" else None
        return stage.api.open(url, method=method, headers=headers, json=json_body)
    return stage.pages[actor].open(url, method=method)


def _cases(key: str) -> list[tuple[str, Row]]:
    rows = MATRIX[key]
    return [(f"{key}#{i}", r) for i, r in enumerate(rows if isinstance(rows, list) else [rows])]


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_route(app, stage, key):
    method, rule = key.split(" ", 1)
    for _, case in _cases(key):
        url = stage.world.url(case.url or URLS.get(rule, rule))
        before = fingerprint(app) if method != "GET" else None
        got, texts = {}, {}
        for actor in ACTORS:
            if case.answers[actor] == MAY:
                got[actor] = MAY
                continue
            response = _send(stage, method, url, actor)
            got[actor] = _answer(response)
            texts[actor] = response.get_data().decode(errors="replace") if case.text else ""
        assert got == case.answers, (url, {a: (got[a], case.answers[a]) for a in ACTORS if got[a] != case.answers[a]})
        for actor in case.hide:
            assert case.text not in texts[actor], (url, actor, "reads", case.text)
        for actor in case.shows:
            assert case.text in texts[actor], (url, actor, "misses", case.text)
        if before is not None:
            assert fingerprint(app) == before, (url, "a refused request changed the data")


def _body(action: Action) -> dict:
    """The action's required fields with plausible values, so a refusal is about who asks."""
    values = {Kind.STRING: "测试", Kind.INTEGER: 1, Kind.BOOLEAN: True, Kind.DATE: "2026-06-30",
              Kind.INTEGERS: [], Kind.STRINGS: [], Kind.BUREAUS: [], Kind.FILES: []}
    body = {}
    for f in action.fields:
        if f.required:
            body[f.name] = f.enum[0] if getattr(f, "enum", None) else values[f.kind]
    return body


@pytest.mark.parametrize("collection,name", sorted((c, n) for c, t in ACTION_MAY.items() for n in t))
def test_api_action(app, stage, collection, name):
    url = stage.world.url(f"/api/v1/{collection}/{{{ACTION_ITEMS[collection]}}}/actions/{name}")
    before = fingerprint(app)
    refused = {}
    for actor in ACTORS:
        if actor in ACTION_MAY[collection][name]:
            continue
        status = _send(stage, "POST", url, actor, _body(ACTIONS[collection][name])).status_code
        if actor == "anon":
            assert status == 401
        refused[actor] = status
    assert all(s in ACTION_REFUSALS for s in refused.values()), refused
    assert fingerprint(app) == before, (url, "a refused action changed the data")
