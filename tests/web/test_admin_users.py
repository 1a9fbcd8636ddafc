"""Admin screens for user accounts."""
import re

import pytest
from sqlalchemy import select

from tests.factories import make_bureau, make_user
from tests.web.admin_support import field_error, sign_in
from workflow.extensions import db
from workflow.models import ApiToken, Event, User
from workflow.services import users as user_service
from workflow.services.directory import UserInput, update_user
from workflow.services.errors import Invalid


@pytest.fixture
def admin(ctx, client):
    user = make_user("root", roles=("admin",))
    sign_in(client, user)
    return user


def user_named(username):
    db.session.expire_all()
    return db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()


NEW_CLERK = {
    "username": "shaojun", "name": "邵军", "email": "shaojun@example.gov.cn", "roles": ["clerk", "approver"],
    "channel": "", "password": "Wucheng-road-17", "password_again": "Wucheng-road-17",
}


def test_create_a_clerk_with_roles_and_bureau(admin, client):
    bureau = make_bureau("jxj", "金华市经济和信息化局")
    response = client.post("/admin/users/new", data=dict(NEW_CLERK, bureau=bureau.id, principal_leader="y"))
    assert response.status_code == 302
    user = user_named("shaojun")
    assert user.roles == {"clerk", "approver"} and user.bureau_id == bureau.id and user.principal_leader
    assert user.email == "shaojun@example.gov.cn" and user.name == "邵军"
    assert user_service.authenticate("shaojun", "Wucheng-road-17") is not None
    event = db.session.execute(select(Event).where(Event.action == "user-create")).scalar_one()
    assert event.actor_id == admin.id and event.changes["roles"] == [None, ["approver", "clerk"]]
    assert "Wucheng-road-17" not in str(event.changes)


def test_create_a_deputy(admin, client):
    data = dict(NEW_CLERK, username="heming", name="何明", roles=["proposer"], channel="npc",
                group_name="义乌代表团", group_prefix="义", email="")
    assert client.post("/admin/users/new", data=data).status_code == 302
    user = user_named("heming")
    assert (user.channel, user.group_name, user.group_prefix, user.bureau_id) == ("npc", "义乌代表团", "义", None)


@pytest.mark.parametrize("change, field, message", [
    ({"username": "ROOT"}, "username", "This username is taken."),
    ({"username": "bad name!"}, "username", "Use letters, digits, dots and underscores"),
    ({"roles": ["clerk"]}, "bureau", "Clerks and leaders belong to a bureau."),
    ({"roles": []}, "roles", "Choose one or more roles."),
    ({"roles": ["proposer"], "channel": ""}, "channel", "A member or deputy belongs to the CPPCC or the NPC."),
    ({"roles": ["office"], "principal_leader": "y"}, "principal_leader", "Only a bureau leader can be a principal leader."),
    ({"roles": ["proposer"], "channel": "cppcc", "group_prefix": "义"}, "group_prefix", "Only NPC deputies"),
    ({"email": "not-an-address"}, "email", "Enter a valid e-mail address."),
    ({"password": "pw", "password_again": "pw"}, "password", "The password needs 8 to 256 characters."),
    ({"password_again": "other"}, "password_again", "The two passwords differ."),
])
def test_create_refuses_bad_input_next_to_the_field(admin, client, change, field, message):
    data = dict(NEW_CLERK, roles=["office"], **{"username": "newbie"})
    data.update(change)
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 200
    assert message in field_error(response.text, field if field != "roles" else "roles-0")
    assert db.session.execute(select(User).where(User.username != "root")).first() is None
    assert db.session.execute(select(Event)).first() is None


def test_all_errors_come_in_one_answer(admin, client):
    data = dict(NEW_CLERK, username="root", roles=["clerk"], email="nope")
    page = client.post("/admin/users/new", data=data).text
    assert "This username is taken." in field_error(page, "username")
    assert "Clerks and leaders belong to a bureau." in field_error(page, "bureau")
    assert "Enter a valid e-mail address." in field_error(page, "email")


def test_edit_changes_roles_at_once(admin, client):
    bureau = make_bureau()
    person = make_user("yang", roles=("proposer",), name="杨文艳")
    other = client.application.test_client()
    sign_in(other, person)
    assert 'href="/bureau/assignments"' not in other.get("/proposals/").text
    data = {"name": "杨文艳", "roles": ["proposer", "clerk"], "bureau": bureau.id, "channel": "cppcc",
            "group_name": "经济界"}
    assert client.post(f"/admin/users/{person.id}", data=data).status_code == 302
    person = user_named("yang")
    assert person.roles == {"proposer", "clerk"} and person.bureau_id == bureau.id and person.group_name == "经济界"
    # The same browser session, without logging in again, now has the clerk's menu.
    assert 'href="/bureau/assignments"' in other.get("/proposals/").text
    event = db.session.execute(select(Event).where(Event.action == "user-update")).scalar_one()
    assert event.changes["roles"] == [["proposer"], ["clerk", "proposer"]]
    assert event.changes["bureau"] == [None, bureau.code]


def test_edit_refuses_a_clerk_without_bureau_and_saves_nothing(admin, client):
    bureau = make_bureau()
    clerk = make_user("clerk1", roles=("clerk",), bureau=bureau, name="王慧")
    data = {"name": "Another name", "roles": ["clerk"], "bureau": "", "channel": ""}
    response = client.post(f"/admin/users/{clerk.id}", data=data)
    assert response.status_code == 200
    assert "Clerks and leaders belong to a bureau." in field_error(response.text, "bureau")
    clerk = user_named("clerk1")
    assert clerk.name == "王慧" and clerk.bureau_id == bureau.id


def test_admin_cannot_lock_themselves_out(admin, client):
    data = {"name": "root", "roles": ["office"], "channel": ""}
    page = client.post(f"/admin/users/{admin.id}", data=data).text
    assert "You cannot remove your own administrator role." in field_error(page, "roles-0")
    client.post(f"/admin/users/{admin.id}/active", data={"active": "0"})
    assert user_named("root").active and user_named("root").roles == {"admin"}
    with pytest.raises(Invalid):
        update_user(admin, admin.id, UserInput(name="root", roles=["proposer"], channel="cppcc"), admin.created_at)


def test_deactivate_logs_out_and_activate_lets_back_in(admin, client, app):
    person = make_user("dai", name="戴培红")
    browser = app.test_client()
    sign_in(browser, person)
    user_service.issue_token(person, person.created_at, 12)
    assert browser.get("/proposals/").status_code == 200
    assert client.post(f"/admin/users/{person.id}/active", data={"active": "0"}).status_code == 302
    assert not user_named("dai").active
    assert browser.get("/proposals/").status_code == 302  # logged out at the next page
    assert sign_in(browser, person).status_code == 200  # refused
    assert all(t.revoked_at is not None for t in db.session.execute(select(ApiToken)).scalars())
    client.post(f"/admin/users/{person.id}/active", data={"active": "1"})
    assert user_named("dai").active
    assert sign_in(browser, person).status_code == 302
    actions = db.session.execute(select(Event.action).order_by(Event.id)).scalars().all()
    assert actions == ["user-deactivate", "user-activate"]


def test_reset_password(admin, client):
    person = make_user("ouyang")
    response = client.post(f"/admin/users/{person.id}/password", data={"password": "x", "password_again": "x"})
    assert "The password needs 8 to 256 characters." in field_error(response.text, "password")
    assert user_service.authenticate("ouyang", "secret-pw") is not None
    response = client.post(f"/admin/users/{person.id}/password", data={"password": "new-pw-1", "password_again": "new-pw-1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert user_service.authenticate("ouyang", "secret-pw") is None
    assert user_service.authenticate("ouyang", "new-pw-1") is not None


def test_list_filters_by_role_and_bureau(admin, client):
    lead, other = make_bureau(name="市经信局"), make_bureau(name="市教育局")
    make_user("clerk_lead", roles=("clerk",), bureau=lead)
    make_user("clerk_other", roles=("clerk",), bureau=other)
    make_user("leader_lead", roles=("approver",), bureau=lead)
    make_user("member")
    page = client.get("/admin/users").text
    assert all(name in page for name in ("clerk_lead", "clerk_other", "leader_lead", "member", "root"))
    page = client.get("/admin/users", query_string={"role": "clerk"}).text
    assert "clerk_lead" in page and "clerk_other" in page and "leader_lead" not in page and "member" not in page
    page = client.get("/admin/users", query_string={"bureau": lead.id}).text
    assert "clerk_lead" in page and "leader_lead" in page and "clerk_other" not in page
    page = client.get("/admin/users", query_string={"role": "clerk", "bureau": lead.id}).text
    assert "clerk_lead" in page and "leader_lead" not in page and "clerk_other" not in page
    page = client.get("/admin/users", query_string={"q": "MEMB"}).text
    assert "member" in page and "clerk_lead" not in page


def test_edit_page_shows_the_user(admin, client):
    bureau = make_bureau(name="市财政局")
    person = make_user("wanghui", roles=("clerk",), bureau=bureau, name="王慧")
    page = client.get(f"/admin/users/{person.id}").text
    assert 'value="王慧"' in page and f'<option selected value="{bureau.id}">' in page
    assert re.search(r'<input checked id="roles-\d" name="roles" type="checkbox" value="clerk">', page)
    assert client.get("/admin/users/99999").status_code == 404


def test_an_inactive_bureau_takes_no_new_members(admin, client):
    closed = make_bureau(name="已撤销的局", active=False)
    page = client.post("/admin/users/new", data=dict(NEW_CLERK, bureau=closed.id)).text
    assert "This bureau is inactive." in field_error(page, "bureau")
    assert "已撤销的局 (inactive)" in page
    assert user_named("shaojun") is None
