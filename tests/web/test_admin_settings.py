"""The settings screen: clock periods and contact-before-reply."""
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.factories import World, make_user
from tests.web.admin_support import field_error, sign_in
from workflow.domain.clocks import DEFAULT_PERIODS, ClockKind
from workflow.extensions import db
from workflow.models import Clock, Event, Setting
from workflow.services import settings


@pytest.fixture
def admin(ctx, client):
    user = make_user("root", roles=("admin",))
    sign_in(client, user)
    return user


def form(**changes):
    data = {f"period_{kind}": period for kind, period in DEFAULT_PERIODS.items()}
    data["contact_before_reply"] = "y"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_page_shows_the_defaults(admin, client):
    page = client.get("/admin/settings").text
    assert 'id="period_reply"' in page and 'value="3 months"' in page and 'value="15 working days"' in page
    assert 'id="contact_before_reply" name="contact_before_reply" type="checkbox" value="y"' in page
    assert "Default: 5 working days" in page and "5wd" not in page


def test_save_periods_and_switch_off_contact_first(admin, client):
    response = client.post("/admin/settings", data=form(period_reply=" 2 months ", period_first_contact="10个工作日",
                                                        contact_before_reply=None))
    assert response.status_code == 302
    db.session.expire_all()
    assert settings.get("period.reply") == "2m" and settings.get("period.first_contact") == "10wd"
    assert settings.get("contact_before_reply") is False
    assert settings.get("period.review") == "10wd"  # unchanged values are not written
    assert db.session.get(Setting, "period.review") is None
    event = db.session.execute(select(Event).where(Event.action == "settings-update")).scalar_one()
    assert event.changes == {
        "period.reply": ["3m", "2m"], "period.first_contact": ["15wd", "10wd"], "contact_before_reply": [True, False],
    }
    # A clock started afterwards uses the new period.
    World().proposal("in_handling", now=datetime(2026, 3, 10, 2, 0, tzinfo=UTC))
    reply = db.session.execute(select(Clock).where(Clock.kind == ClockKind.REPLY)).scalar_one()
    assert reply.period == "2m" and str(reply.due_date) == "2026-05-11"  # 05-10 is a Sunday


@pytest.mark.parametrize("field, value, message", [
    ("period_reply", "3 weeks", "Write a period as a number and a unit"),
    ("period_review", "0 working days", "Write a period as a number and a unit"),
    ("period_cosign", "5d", "Write a period as a number and a unit"),
    ("period_receipt", "", "This field is required."),
    ("period_reply", "7 months", "At most 6 months"),
])
def test_a_bad_period_is_refused_next_to_its_field_and_nothing_is_saved(admin, client, field, value, message):
    response = client.post("/admin/settings", data=form(**{field: value, "period_co_opinion": "2m"}))
    assert response.status_code == 200
    assert message in field_error(response.text, field)
    db.session.expire_all()
    assert db.session.execute(select(Setting)).first() is None  # not even the good co-opinion period
    assert db.session.execute(select(Event)).first() is None


def test_nothing_changed(admin, client):
    response = client.post("/admin/settings", data=form(), follow_redirects=True)
    assert "Nothing changed." in response.text
    assert db.session.execute(select(Event)).first() is None


def test_the_reply_period_of_key_items(admin, client):
    page = client.get("/admin/settings").text
    assert 'id="period_reply_key"' in page and 'value=""' in page.split('id="period_reply_key"')[1][:120]
    response = client.post("/admin/settings", data=form(period_reply_key="7m"))
    assert response.status_code == 200 and "At most 6 months" in field_error(response.text, "period_reply_key")
    assert client.post("/admin/settings", data=form(period_reply_key=" 2m ")).status_code == 302
    db.session.expire_all()
    assert settings.get(settings.KEY_REPLY_PERIOD) == "2m"
    assert 'value="2 months"' in client.get("/admin/settings").text.split('id="period_reply_key"')[1][:120]
    assert client.post("/admin/settings", data=form(period_reply_key="")).status_code == 302
    db.session.expire_all()
    assert settings.get(settings.KEY_REPLY_PERIOD) is None  # empty again: as the reply period
