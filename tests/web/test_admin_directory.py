"""Admin screens for bureaus, sessions, categories and not-filed reasons."""
import pytest
from sqlalchemy import select

from tests.factories import World, make_bureau, make_category, make_reason, make_session, make_user
from tests.web.admin_support import field_error, sign_in
from workflow.extensions import db
from workflow.models import Bureau, Category, Event, NotFiledReason, Session


@pytest.fixture
def admin(ctx, client):
    user = make_user("root", roles=("admin",))
    sign_in(client, user)
    return user


def fresh(model, **where):
    db.session.expire_all()
    return db.session.execute(select(model).filter_by(**where)).scalar_one_or_none()


def no_events():
    return db.session.execute(select(Event)).first() is None


# --- bureaus ---------------------------------------------------------------------------------

BUREAU = {
    "code": "jxj", "name": "金华市经济和信息化局", "short_name": "市经信局", "credit_code": "1133070000259288xd",
    "prefix_cppcc": "金经信办提", "prefix_npc": "金经信办建", "active": "y",
}


def test_create_and_edit_a_bureau(admin, client):
    assert client.post("/admin/bureaus/new", data=BUREAU).status_code == 302
    bureau = fresh(Bureau, code="jxj")
    assert (bureau.name, bureau.short_name, bureau.credit_code) == ("金华市经济和信息化局", "市经信局", "1133070000259288XD")
    assert (bureau.prefix_cppcc, bureau.prefix_npc, bureau.active) == ("金经信办提", "金经信办建", True)
    assert "金华市经济和信息化局" in client.get("/admin/bureaus").text

    edit = dict(BUREAU, name="金华市经济和信息化局（市数字经济局）", prefix_npc="", active="")
    assert client.post(f"/admin/bureaus/{bureau.id}", data=edit).status_code == 302
    bureau = fresh(Bureau, code="jxj")
    assert bureau.name.endswith("（市数字经济局）") and bureau.prefix_npc is None and not bureau.active
    event = fresh(Event, action="bureau-update")
    assert event.changes["active"] == [True, False] and event.actor_id == admin.id


def test_a_bureau_chooses_whether_its_leader_signs_opinions_off(admin, client):
    client.post("/admin/bureaus/new", data=BUREAU)
    bureau = fresh(Bureau, code="jxj")
    assert bureau.co_opinion_signoff is None  # as the system setting says, unless chosen
    page = client.get(f"/admin/bureaus/{bureau.id}").text
    assert '<option selected value="">' in page
    for choice, stored in (("yes", True), ("no", False), ("", None)):
        assert client.post(f"/admin/bureaus/{bureau.id}", data=dict(BUREAU, co_opinion_signoff=choice)).status_code == 302
        assert fresh(Bureau, code="jxj").co_opinion_signoff is stored
    client.post(f"/admin/bureaus/{bureau.id}", data=dict(BUREAU, co_opinion_signoff="yes"))
    assert '<option selected value="yes">' in client.get(f"/admin/bureaus/{bureau.id}").text
    response = client.post(f"/admin/bureaus/{bureau.id}", data=dict(BUREAU, co_opinion_signoff="maybe"))
    assert response.status_code == 200 and fresh(Bureau, code="jxj").co_opinion_signoff is True


@pytest.mark.parametrize("change, field, message", [
    ({"credit_code": "11330700002592"}, "credit_code", "18 characters"),
    ({"credit_code": "1133070000259288OD"}, "credit_code", "18 characters"),  # O is not used in these codes
    ({"code": "taken"}, "code", "Another bureau has this code."),
    ({"code": "经信局"}, "code", "Use letters, digits"),
    ({"name": ""}, "name", "This field is required."),
    ({"prefix_cppcc": "金经信办提〔2026〕"}, "prefix_cppcc", "Only the prefix"),
])
def test_bureau_refusals_show_next_to_the_field(admin, client, change, field, message):
    make_bureau("taken")
    response = client.post("/admin/bureaus/new", data=dict(BUREAU, **change))
    assert response.status_code == 200
    assert message in field_error(response.text, field)
    assert fresh(Bureau, name=BUREAU["name"]) is None and no_events()


def test_editing_keeps_the_old_values_on_error(admin, client):
    bureau = make_bureau("czj", "金华市财政局")
    response = client.post(f"/admin/bureaus/{bureau.id}", data=dict(BUREAU, code="czj", name="新名字", credit_code="bad"))
    assert "18 characters" in field_error(response.text, "credit_code")
    assert fresh(Bureau, code="czj").name == "金华市财政局" and no_events()


# --- sessions --------------------------------------------------------------------------------

SESSION = {
    "channel": "cppcc", "name": "慈溪市政协十一届四次会议", "term": "11", "meeting": "4", "year": "2020",
    "number_format": "第{n}号", "active": "y",
}


def test_create_and_edit_a_session(admin, client):
    assert client.post("/admin/sessions/new", data=SESSION).status_code == 302
    session = fresh(Session, name="慈溪市政协十一届四次会议")
    assert (session.channel, session.term, session.meeting, session.year, session.number_format) == (
        "cppcc", 11, 4, 2020, "第{n}号")
    assert "慈溪市政协十一届四次会议" in client.get("/admin/sessions").text
    edit = dict(SESSION, channel="npc", name="金华市八届人大三次会议", term="8", meeting="3", year="2023",
                number_format="{delegation}{n}号", active="")
    assert client.post(f"/admin/sessions/{session.id}", data=edit).status_code == 302
    session = fresh(Session, id=session.id)
    assert (session.channel, session.name, session.number_format, session.active) == (
        "npc", "金华市八届人大三次会议", "{delegation}{n}号", False)


@pytest.mark.parametrize("change, field, message", [
    ({"number_format": "第号"}, "number_format", "Write {n} once"),
    ({"number_format": "{n}{n}"}, "number_format", "Write {n} once"),
    ({"number_format": "{n}{year}"}, "number_format", "Write {n} once"),
    ({"number_format": "第{n号"}, "number_format", "Write {n} once"),
    ({"name": "已有会议"}, "name", "Another session of this channel has this name."),
    ({"year": "20"}, "year", "Number must be between 1949 and 2200."),
    ({"term": "x"}, "term", "Not a valid integer value."),
])
def test_session_refusals_show_next_to_the_field(admin, client, change, field, message):
    make_session("cppcc", name="已有会议")
    response = client.post("/admin/sessions/new", data=dict(SESSION, **change))
    assert response.status_code == 200
    assert message in field_error(response.text, field)
    assert db.session.execute(select(Session).where(Session.name != "已有会议")).first() is None and no_events()


def test_a_session_with_numbers_keeps_its_channel_and_format(admin, client):
    world = World()
    world.proposal("filed")
    session = world.session
    edit = dict(SESSION, name=session.name, channel="npc", number_format="提{n}号")
    page = client.post(f"/admin/sessions/{session.id}", data=edit).text
    assert "its channel cannot change" in field_error(page, "channel")
    assert "it cannot change now" in field_error(page, "number_format")
    assert fresh(Session, id=session.id).number_format == "第{n}号"


# --- categories and reasons ------------------------------------------------------------------


def names(channel):
    db.session.expire_all()
    query = select(Category.name).where(Category.channel == channel).order_by(Category.position, Category.id)
    return db.session.execute(query).scalars().all()


def test_add_rename_reorder_and_deactivate_categories(admin, client):
    for name in ("经济", "城建", "科教文卫"):
        assert client.post("/admin/categories/add?channel=cppcc", data={"cppcc-text": name}).status_code == 302
    client.post("/admin/categories/add?channel=npc", data={"npc-text": "经济"})
    assert names("cppcc") == ["经济", "城建", "科教文卫"] and names("npc") == ["经济"]

    third = fresh(Category, channel="cppcc", name="科教文卫")
    client.post(f"/admin/categories/{third.id}/move", data={"step": "up"})
    assert names("cppcc") == ["经济", "科教文卫", "城建"]
    client.post(f"/admin/categories/{third.id}/move", data={"step": "up"})
    client.post(f"/admin/categories/{third.id}/move", data={"step": "up"})  # already first: nothing moves
    assert names("cppcc") == ["科教文卫", "经济", "城建"]
    client.post(f"/admin/categories/{third.id}/move", data={"step": "down"})
    assert names("cppcc") == ["经济", "科教文卫", "城建"]

    assert client.post(f"/admin/categories/{third.id}", data={"text": "科教文卫体"}).status_code == 302
    assert names("cppcc") == ["经济", "科教文卫体", "城建"]

    client.post(f"/admin/categories/{third.id}/active", data={"active": "0"})
    assert not fresh(Category, id=third.id).active
    page = client.get("/admin/categories").text
    assert "科教文卫体" in page and "Activate" in page
    client.post(f"/admin/categories/{third.id}/active", data={"active": "1"})
    assert fresh(Category, id=third.id).active


def test_category_refusals(admin, client):
    make_category("cppcc", "经济")
    page = client.post("/admin/categories/add?channel=cppcc", data={"cppcc-text": "经济"}).text
    assert "This entry exists already" in field_error(page, "cppcc-text")
    page = client.post("/admin/categories/add?channel=cppcc", data={"cppcc-text": "长" * 65}).text
    assert "Write 1 to 64 characters." in field_error(page, "cppcc-text")
    other = make_category("cppcc", "城建")
    page = client.post(f"/admin/categories/{other.id}", data={"text": "经济"}).text
    assert "This entry exists already" in field_error(page, "text")
    assert names("cppcc") == ["经济", "城建"]
    assert client.post("/admin/categories/add?channel=xyz", data={"xyz-text": "a"}).status_code == 404


def test_reasons(admin, client):
    make_reason("涉及国家秘密的")
    assert client.post("/admin/reasons/add", data={"reason-text": "宣传、推介具体产品的"}).status_code == 302
    page = client.post("/admin/reasons/add", data={"reason-text": "涉及国家秘密的"}).text
    assert "This entry exists already" in field_error(page, "reason-text")
    added = fresh(NotFiledReason, text="宣传、推介具体产品的")
    client.post(f"/admin/reasons/{added.id}/move", data={"step": "up"})
    client.post(f"/admin/reasons/{added.id}/active", data={"active": "0"})
    db.session.expire_all()
    rows = db.session.execute(select(NotFiledReason).order_by(NotFiledReason.position)).scalars().all()
    assert [(r.text, r.active) for r in rows] == [("宣传、推介具体产品的", False), ("涉及国家秘密的", True)]
    actions = db.session.execute(select(Event.action).order_by(Event.id)).scalars().all()
    assert actions == ["reason-create", "reason-move", "reason-deactivate"]
