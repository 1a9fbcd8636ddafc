"""Every list page costs the same number of SQL statements with 3 items of each kind as with 9: what
a page reads follows the page, not the database (issue 13). The header's counts are part of each
page, so they are counted too.

The items are bench/pages_data.py's: one in each stage of its life built through the real services
(bench/pages_templates.py), then copied. PAGES is one table, a row per list page and reader; a
GET route that is neither in it nor in NOT_LISTS (with the reason it is not a list) fails
test_every_route_is_classified, so a new list page cannot go unmeasured.
"""
from __future__ import annotations

import random

from werkzeug.routing import IntegerConverter

from bench import pages_data
from tests.sql_support import recorded
from workflow.clock import utcnow
from workflow.extensions import db
from workflow.services import users

# (url, reader): reader None is the public; "api:<user>" calls with that user's bearer token.
PAGES = [
    ("/", "office"), ("/", "clerk00"), ("/", "approver00"), ("/", "clerk01"), ("/", "approver01"),
    ("/", "member000"), ("/", "deputy000"), ("/", "admin"),
    ("/?task=draft_reply", "clerk00"), ("/?overdue=1&sort=number", "office"), ("/?sort=title", "office"),
    ("/proposals/", "office"), ("/proposals/?q=建议", "office"), ("/proposals/?overdue=1", "office"),
    ("/proposals/", "clerk00"), ("/proposals/", "member000"), ("/proposals/", "deputy000"),
    ("/bureau/assignments", "clerk00"), ("/bureau/assignments", "approver01"), ("/bureau/assignments", "office"),
    ("/office/figures", "office"), ("/office/figures.xlsx", "office"), ("/office/archives/", "office"),
    ("/publishing/", "office"), ("/publishing/?show=published", "office"),
    ("/notifications/", "clerk00"), ("/notifications/", "member000"), ("/notifications/?unread=1", "office"),
    ("/public/", None), ("/public/?q=税", None), ("/public/?q=小微企业", None), ("/public/?q=融资 小微企业", None),
    ("/public/feed.atom", None), ("/sitemap.xml", None), ("/sitemap-1.xml", None),
    ("/admin/", "admin"), ("/admin/users", "admin"), ("/admin/bureaus", "admin"), ("/admin/sessions", "admin"),
    ("/admin/categories", "admin"), ("/admin/reasons", "admin"), ("/admin/calendar", "admin"),
    ("/admin/calendar/2026", "admin"), ("/admin/settings", "admin"), ("/admin/settings/replies", "admin"),
    ("/admin/notifications", "admin"), ("/admin/outbox", "admin"), ("/admin/precheck", "admin"),
    ("/admin/sms", "admin"),
    ("/evaluations/bureaus", "office"), ("/evaluations/bureaus.xlsx", "office"), ("/evaluations/members", "office"),
    ("/evaluations/members.xlsx", "office"), ("/evaluations/members?term=cppcc-5", "office"),
    ("/api/v1/proposals", "api:office"), ("/api/v1/proposals", "api:clerk00"), ("/api/v1/public/replies", None),
    ("/api/v1/public/replies?q=税", None), ("/api/v1/figures", "api:office"), ("/api/v1/me", "api:clerk00"),
    ("/healthz", None),
    # issue 12: progress in the open, clues, topics
    ("/public/progress/", None), ("/public/progress/?stage=handling&q=建议", None),
    ("/api/v1/public/proposals", None), ("/api/v1/public/proposals?stage=assigned", None),
    ("/clues/", "office"), ("/clues/?state=passed", "office"), ("/clues/", "member000"),
    ("/office/topics/", "office"),
    ("/proposals/export.xlsx", "office"), ("/proposals/export.xlsx?overdue=1", "office"),
    ("/proposals/export.xlsx", "member000"), ("/bureau/assignments.xlsx?state=reassignment_requested", "office"),
    ("/bureau/assignments.xlsx", "clerk00"), ("/office/overdue.xlsx", "office"), ("/office/overdue.xlsx", "clerk00"),
    ("/office/handling.xlsx", "office"), ("/office/jobs/", "office"),
]

# GET routes that are not lists, and why their cost cannot grow with the items.
NOT_LISTS = {
    "static": "files", "auth.login": "a form", "public.robots": "a fixed text",
    "api.openapi": "the API's description", "notifications.preferences": "a form",
    "publishing.settings": "a form", "proposals.new": "a form", "admin.new_user": "a form",
    "admin.new_bureau": "a form", "admin.new_session": "a form",
    "admin.calendar_year_csv": "one year's days, at most 366",
    "portal.clues_home": "a form", "portal.new_clue": "a form", "portal.clue_status": "one clue, by its code",
    "api.public_clue": "one clue, by its code",
    "evaluations.formula": "a form", "evaluations.mine": "a redirect to the member's own record",
    "desk_imports.page": "a form", "desk_imports.template": "a blank sheet and the open sessions",
    "desk_batch.notices_pdf": "the notices of the assignments named in its URL (at most 500), read at once",
}
# Pages of one object (an item, a reply, a publication, a user...) follow that object: they take
# its id in their URL (a route with an <int:…> part).


def _listed_endpoints(app) -> set[str]:
    adapter = app.url_map.bind("localhost")
    found = set()
    for url, _reader in PAGES:
        endpoint, _args = adapter.match(url.split("?")[0], method="GET")
        found.add(endpoint)
    return found


def test_every_route_is_classified(app):
    listed = _listed_endpoints(app)
    missing = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in listed or rule.endpoint in NOT_LISTS:
            continue
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values()):
            continue  # one object's page: /proposals/<int:proposal_id> ...
        missing.append(f"{rule.rule} ({rule.endpoint})")
    assert not missing, f"GET routes with no row in PAGES or NOT_LISTS: {missing}"


def _statements(app, client, url: str, headers: dict) -> tuple[int, int]:
    with app.app_context():
        engine = db.engine
    with recorded(engine) as seen:
        response = client.get(url, headers=headers)
    return response.status_code, len(seen)


def _measure(app, clients) -> dict[tuple[str, str | None], tuple[int, int]]:
    found = {}
    for url, reader in PAGES:
        client, headers = clients[reader]
        _statements(app, client, url, headers)  # what a first request loads once (settings, the locale)
        found[(url, reader)] = _statements(app, client, url, headers)
    return found


def _clients(app, login) -> dict:
    clients = {None: (app.test_client(), {})}
    for _url, reader in PAGES:
        if reader is None or reader in clients:
            continue
        if reader.startswith("api:"):
            with app.app_context():
                from workflow.models import User

                user = db.session.execute(db.select(User).filter_by(username=reader[4:])).scalar_one()
                token = users.issue_token(user, utcnow(), 1)
            clients[reader] = (app.test_client(), {"Authorization": f"Bearer {token}"})
        else:
            clients[reader] = (login(reader), {})
    return clients


def _public_desk(now, n: int) -> None:
    """Issue 12's rows: every session shows its progress; n more clues (received, and passed to
    member000) and topics. Bare rows: the cloner numbers the events it copies itself."""
    import secrets

    from workflow.models import Clue, Session, Topic, User

    member = db.session.execute(db.select(User).filter_by(username="member000")).scalar_one()
    sessions = db.session.execute(db.select(Session)).scalars().all()
    for session in sessions:
        session.progress_public = True
    for i in range(n):
        for state, member_id in (("received", None), ("passed", member.id)):
            db.session.add(Clue(code=secrets.token_hex(5).upper(), subject=f"线索{i}", body="内容：手机13858012345",
                                contact="13858012345", state=state, member_id=member_id,
                                topic="小微企业" if member_id else None, created_at=now, updated_at=now))
        db.session.add(Topic(session_id=sessions[0].id, title=f"选题{i}", paragraph="说明", bureaus="市经信局",
                             published=True, created_at=now))
    db.session.commit()


def test_list_pages_cost_the_same_with_three_times_the_items(app, login):
    with app.app_context():
        now = utcnow()
        world = pages_data.build(0, now, bureaus=3, proposers=3, years=2)
        cloner = pages_data.cloner_for(world, random.Random(13))
        pages_data.add_copies(world, cloner, copies=2)  # 3 of each
        _public_desk(now, 3)
        pages_data.analyze()
    clients = _clients(app, login)
    small = _measure(app, clients)
    with app.app_context():
        pages_data.add_copies(world, cloner, copies=6)  # 9 of each
        _public_desk(now, 6)
        pages_data.analyze()
    large = _measure(app, clients)
    refused = {page: status for page, (status, _n) in large.items() if status != 200}
    assert not refused, f"pages that did not answer 200: {refused}"
    grew = {page: (small[page][1], large[page][1]) for page in large if large[page][1] != small[page][1]}
    assert not grew, f"statements with 3 and with 9 items of each kind: {grew}"
