"""The admin screen for the reply settings: categories and titles per channel, the switches."""
import pytest
from sqlalchemy import select

from tests.factories import make_user
from tests.web.admin_support import field_error, sign_in
from workflow.domain.resolution import DEFAULT_CATEGORIES, to_lines
from workflow.extensions import db
from workflow.models import Event
from workflow.services import settings


@pytest.fixture
def admin(ctx, client):
    user = make_user("root", roles=("admin",))
    sign_in(client, user)
    return user


def form(**changes):
    data = {
        "categories_cppcc": to_lines(DEFAULT_CATEGORIES), "categories_npc": to_lines(DEFAULT_CATEGORIES),
        "title_cppcc": "关于对{session}{number}提案答复的函", "title_npc": "关于对{session}{number}建议答复的函",
        "feedback_aspects": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_page_shows_the_defaults(admin, client):
    page = client.get("/admin/settings/replies").text
    assert "B | 正在解决或列入计划 | 跟踪办理" in page
    assert 'value="关于对{session}{number}建议答复的函"' in page
    assert 'id="feedback_aspects" name="feedback_aspects" type="checkbox" value="y"' in page


def test_a_locality_sets_its_own_categories_and_switches(admin, client):
    response = client.post("/admin/settings/replies", data=form(
        categories_npc="甲 | 已解决\n乙 | 正在解决 | follow-up\n丙 | 留作参考\n丁 | 不予采纳",
        co_signature_before_approval="y", feedback_aspects=None,
    ))
    assert response.status_code == 302
    db.session.expire_all()
    assert [c.code for c in settings.resolution_categories("npc")] == ["甲", "乙", "丙", "丁"]
    assert [c.code for c in settings.resolution_categories("cppcc")] == ["A", "B", "C"]
    assert settings.get("co_signature_before_approval") is True and settings.get("feedback_aspects") is False
    event = db.session.execute(select(Event).where(Event.action == "settings-update")).scalar_one()
    assert set(event.changes) == {"resolution_categories.npc", "co_signature_before_approval", "feedback_aspects"}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("categories_cppcc", "A | x\nB", "Line 2"),
    ("categories_npc", "", "List at least one category."),
    ("title_cppcc", "关于{nummer}的函", "{session}, {number} and {title}"),
])
def test_bad_settings_are_refused_next_to_the_field(admin, client, field, value, message):
    response = client.post("/admin/settings/replies", data=form(**{field: value}))
    assert response.status_code == 200
    assert message in field_error(response.text, field)
    db.session.expire_all()
    assert db.session.execute(select(Event)).first() is None


def test_only_admins(ctx, client):
    sign_in(client, make_user("clerkx", roles=("office",)))
    assert client.get("/admin/settings/replies").status_code == 403
