"""Only administrators reach the admin screens; the overview counts what there is."""
import pytest
from sqlalchemy import select

from tests.factories import make_bureau, make_category, make_reason, make_session, make_user
from tests.web.admin_support import sign_in
from workflow.extensions import db
from workflow.models import Event, User


def admin_urls(app, bureau_id, session_id, user_id, category_id, reason_id):
    """Every admin URL with real ids filled in, with the methods it answers."""
    values = {
        "bureau_id": bureau_id, "session_id": session_id, "user_id": user_id, "year": 2026,
        "notification_id": 1, "message_id": 1,
    }
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin."):
            continue
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        if "plural" in rule.arguments:
            for plural, item_id in (("categories", category_id), ("reasons", reason_id)):
                args = dict(values, plural=plural, item_id=item_id)
                yield rule.endpoint, methods, rule.build({k: args[k] for k in rule.arguments})[1]
        else:
            yield rule.endpoint, methods, rule.build({k: values[k] for k in rule.arguments})[1]


@pytest.mark.parametrize("roles", [("proposer",), ("office",), ("clerk",), ("approver",), ("office", "clerk", "approver")])
def test_non_admins_get_403_everywhere(ctx, app, client, roles):
    bureau = make_bureau()
    user = make_user(roles=roles, bureau=bureau)
    ids = (bureau.id, make_session().id, user.id, make_category().id, make_reason().id)
    sign_in(client, user)
    seen = 0
    for endpoint, methods, url in admin_urls(app, *ids):
        for method in methods:
            response = client.open(url, method=method, data={"name": "x", "code": "x", "text": "x", "active": "0"})
            assert response.status_code == 403, (endpoint, method, url, response.status_code)
            seen += 1
    assert seen >= 25
    db.session.expire_all()
    assert db.session.execute(select(Event)).first() is None  # nothing was changed
    assert db.session.get(User, ids[2]).active


def test_anonymous_is_sent_to_login(app, client):
    for url in ("/admin/", "/admin/users", "/admin/calendar", "/admin/settings"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/admin/users/new", data={"username": "x"}).status_code == 302


def test_overview_counts_users_and_bureaus(ctx, client):
    bureau = make_bureau()
    make_bureau(active=False)
    admin = make_user("root", roles=("admin",))
    make_user(roles=("clerk",), bureau=bureau)
    retired = make_user()
    retired.active = False
    db.session.commit()
    sign_in(client, admin)
    page = client.get("/admin/").text
    assert 'data-testid="count-users">2<' in page  # active accounts
    assert "3 in all" in page
    assert 'data-testid="count-bureaus">1<' in page
    for endpoint in ("/admin/users", "/admin/bureaus", "/admin/sessions", "/admin/categories", "/admin/reasons",
                     "/admin/calendar", "/admin/settings"):
        assert f'href="{endpoint}"' in page
        assert client.get(endpoint).status_code == 200
