"""axe-core on the main pages of each role (issue 13): no serious or critical violation of the
WCAG 2.x A and AA rules. axe is vendored (tests/e2e/vendor, version and licence in its README)
and injected into each page after it loaded."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.factories import World
from tests.handling_support import LATER
from tests.public.support import credit_codes, published
from tests.security.support import sent_after_two_drafts
from workflow.extensions import db

pytestmark = pytest.mark.e2e

VENDOR = Path(__file__).parent / "vendor"
AXE = (VENDOR / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"serious", "critical"}

PAGES = {
    None: ["/login", "/public/", "/public/replies/{pub}", "/public/progress/", "/public/clues/new"],
    "proposer": ["/", "/proposals/", "/proposals/new", "/proposals/{proposal}", "/replies/{reply}",
                 "/notifications/", "/notifications/preferences", "/clues/"],
    "clerk": ["/", "/bureau/assignments", "/bureau/assignments/{lead}", "/replies/{reply}",
              "/replies/{reply}/compare?a=1&b=2", "/publishing/"],
    "approver": ["/", "/replies/{reply}", "/publishing/replies/{reply}"],
    "office": ["/", "/proposals/", "/proposals/{proposal}", "/office/figures", "/publishing/",
               "/office/archives/", "/office/topics/", "/evaluations/bureaus"],
    "admin": ["/admin/", "/admin/users", "/admin/users/new", "/admin/settings", "/admin/calendar", "/admin/sms"],
}


def test_the_vendored_axe_is_the_one_its_readme_names():
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((VENDOR / "axe.min.js").read_bytes()).hexdigest()
    assert digest in readme
    version = re.search(r"axe v(\S+)", AXE[:200]).group(1)
    assert f"| {version} |" in readme


@pytest.fixture
def ids(ctx):
    w = World()
    credit_codes(w)
    reply = sent_after_two_drafts(w)
    pub = published(w, LATER)
    db.session.commit()
    return {"reply": reply.id, "proposal": reply.proposal_id, "lead": reply.assignment_id, "pub": pub.id}


def _violations(page) -> list[str]:
    page.evaluate(AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    found = []
    for v in result["violations"]:
        if v["impact"] in FAILING:
            targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            found.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']} — {targets}")
    return found


@pytest.mark.parametrize("username", list(PAGES), ids=lambda u: u or "public")
def test_main_pages_have_no_serious_accessibility_violations(browser, live_server, login, ids, username):
    if username is None:
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
    else:
        page = login(username)
    problems = {}
    for path in PAGES[username]:
        page.goto(live_server + path.format(**ids))
        found = _violations(page)
        if found:
            problems[path] = found
    if username is None:
        context.close()
    assert not problems, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in problems.items())


def test_the_check_finds_a_violation(browser, live_server):
    """An image without a text alternative is critical: the check must say so."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/x.png\">')")
    found = _violations(page)
    context.close()
    assert any(v.startswith("image-alt (critical") for v in found), found
