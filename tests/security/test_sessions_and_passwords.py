"""Logging out and a new password end every web session of the user, not only API tokens; new
passwords have at least 8 characters and are none of the most common ones (issue 9 §11, fifth
bullet), on the admin's pages, the command line and in the services."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import NOW, make_user
from workflow.clock import utcnow
from workflow.domain import passwords
from workflow.domain.passwords import Weakness
from workflow.extensions import db
from workflow.models import User
from workflow.services import directory, users
from workflow.services.errors import Invalid

STRONG = "Wucheng-road-17"


def _signed_in(client) -> bool:
    return client.get("/proposals/").status_code == 200


def test_logging_out_ends_the_users_other_web_sessions(login, w):
    office_pc, laptop, colleague = login("proposer"), login("proposer"), login("proposer2")
    assert _signed_in(office_pc) and _signed_in(laptop)
    assert office_pc.post("/logout").status_code == 302
    assert not _signed_in(office_pc)
    assert laptop.get("/proposals/").status_code == 302  # to the login page
    assert "/login" in laptop.get("/proposals/").location
    assert _signed_in(colleague)  # another user's session goes on
    assert _signed_in(login("proposer"))  # and a new login works


def test_a_new_password_ends_every_web_session_and_api_token(app, login, w):
    first, second = login("proposer"), login("proposer")
    token = users.issue_token(w.proposer, utcnow(), 1)
    directory.reset_password(w.admin, w.proposer.id, STRONG, NOW)
    assert not _signed_in(first) and not _signed_in(second)
    assert app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    fresh = app.test_client()
    assert fresh.post("/login", data={"username": "proposer", "password": STRONG}).status_code == 302
    assert _signed_in(fresh)


def test_a_new_password_set_on_the_admin_page_logs_the_user_out(login, w):
    person = login("proposer")
    admin = login("admin")
    changed = admin.post(f"/admin/users/{w.proposer.id}/password", data={"password": STRONG, "password_again": STRONG})
    assert changed.status_code == 302
    assert not _signed_in(person) and _signed_in(admin)


def test_a_session_from_before_session_versions_is_simply_logged_out(app, w):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(w.proposer.id)  # the old form: the id alone
        session["_fresh"] = True
    assert client.get("/proposals/").status_code == 302


@pytest.mark.parametrize("password,problem", [
    ("short7!", "The password needs 8 to 256 characters."),
    ("qwertyuiop", "This password is one of the most common ones and easily guessed. Choose another."),
    ("QwertyUIOP", "This password is one of the most common ones and easily guessed. Choose another."),
    ("password1", "This password is one of the most common ones and easily guessed. Choose another."),
    ("ouyangxiu", "The password may not be the username."),
])
def test_the_admin_pages_refuse_weak_passwords(en, w, password, problem):
    client = en("admin")
    person = make_user("ouyangxiu")
    reset = client.post(f"/admin/users/{person.id}/password", data={"password": password, "password_again": password})
    assert reset.status_code == 200 and problem in reset.text
    created = client.post("/admin/users/new", data={
        "username": "ouyangxiu", "name": "欧阳修", "roles": "proposer", "channel": "cppcc",
        "password": password, "password_again": password})
    assert problem in created.text or "This username is taken." in created.text
    db.session.expire_all()
    assert users.authenticate("ouyangxiu", "secret-pw") is not None  # unchanged


def test_the_chinese_pages_say_why(login, w):
    client = login("admin")
    person = make_user("ouyangxiu")
    page = client.post(f"/admin/users/{person.id}/password", data={"password": "12345678", "password_again": "12345678"})
    assert "常用" in page.text


def test_the_command_line_refuses_a_common_password(ctx):
    result = ctx.test_cli_runner().invoke(args=["users", "create", "newoffice", "--role", "office"], input="iloveyou1\n")
    assert result.exit_code == 2 and "password" in result.output
    assert db.session.query(User).filter_by(username="newoffice").first() is None


def test_only_the_demo_may_bypass_the_policy(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_MODE", False)
    with pytest.raises(RuntimeError):
        users.create_user("demo2", "demo", ["proposer"], NOW, channel="cppcc", enforce_policy=False)
    monkeypatch.setitem(app.config, "DEMO_MODE", True)
    demo = users.create_user("demo2", "demo", ["proposer"], NOW, channel="cppcc", enforce_policy=False)
    assert users.authenticate("demo2", "demo").id == demo.id
    with pytest.raises(Invalid):
        users.create_user("demo3", "demo", ["proposer"], NOW, channel="cppcc")


@given(st.text(max_size=passwords.MIN_LENGTH - 1))
def test_anything_shorter_than_eight_is_too_short(password):
    assert passwords.weakness(password) == Weakness.TOO_SHORT


@given(st.sampled_from(sorted(p for p in passwords.common_passwords() if len(p) >= passwords.MIN_LENGTH)),
       st.randoms())
def test_every_listed_password_is_refused_in_any_case(password, rnd):
    mixed = "".join(c.upper() if rnd.random() < 0.5 else c for c in password)
    assert passwords.weakness(mixed) == Weakness.COMMON
