"""The publication settings (SPEC 3.5: who publishes, the 索引号 format, masking): validated,
stored, logged, for administrators only; and what they change."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.public.support import MASKING_BODY, PUBLISHED_AT, sent_reply
from workflow.extensions import db
from workflow.models import Event
from workflow.services import publication, publication_settings
from workflow.services.errors import Forbidden, Invalid


def test_defaults(w) -> None:
    assert publication_settings.current() == {
        "publication.publisher": "office",
        "publication.index_format": "{code}/{year}-{serial:05d}",
        "publication.masking": True,
        "publication.keep_email_domains": ["gov.cn"],
        "publication.attachments": "masked",
        "publication.topic.cppcc": "综合政务/政协",
        "publication.topic.npc": "综合政务/人大",
    }


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("publication.publisher", "everyone"),
        ("publication.index_format", "{code}/{serial}"),
        ("publication.index_format", "{code}/{year}-{n}"),
        ("publication.masking", "yes"),
        ("publication.attachments", "originals"),  # there is no setting that publishes an original
        ("publication.keep_email_domains", "gov cn"),
        ("publication.keep_email_domains", ",".join(f"d{i}.cn" for i in range(11))),
        ("publication.topic.cppcc", ""),
        ("publication.topic.npc", "主" * 65),
        ("publication.unknown", 1),
    ],
)
def test_bad_values_are_refused_with_the_key(w, key, value) -> None:
    with pytest.raises(Invalid) as refused:
        publication_settings.save(w.admin, {key: value}, PUBLISHED_AT)
    assert key in refused.value.errors


def test_saving_is_for_admins_and_logged(w) -> None:
    with pytest.raises(Forbidden):
        publication_settings.save(w.office, {"publication.masking": False}, PUBLISHED_AT)
    changes = publication_settings.save(
        w.admin, {"publication.keep_email_domains": " Gov.cn，@jinhua.gov.cn ", "publication.publisher": "bureau"},
        PUBLISHED_AT,
    )
    assert changes == {"publication.keep_email_domains": [["gov.cn"], ["gov.cn", "jinhua.gov.cn"]],
                       "publication.publisher": ["office", "bureau"]}
    event = db.session.execute(select(Event).where(Event.action == "settings-update")).scalar_one()
    assert event.actor_id == w.admin.id and "publication.publisher" in event.changes
    assert publication_settings.save(w.admin, {"publication.publisher": "bureau"}, PUBLISHED_AT) == {}


def test_masking_switched_off_masks_only_hand_marks(w) -> None:
    publication_settings.save(w.admin, {"publication.masking": False}, PUBLISHED_AT)
    reply = sent_reply(w, body=MASKING_BODY)
    row = publication.publish(w.office, reply.id, PUBLISHED_AT, phrases=["张三丰"])
    assert row.salutation == "杨文艳委员：" and "13858012345" in row.body and "***先生" in row.body


def test_the_default_topic_and_personal_domains(w) -> None:
    publication_settings.save(w.admin, {"publication.topic.cppcc": "综合政务/经济",
                                        "publication.keep_email_domains": "163.com"}, PUBLISHED_AT)
    reply = sent_reply(w, body=MASKING_BODY)
    row = publication.publish(w.office, reply.id, PUBLISHED_AT)
    assert row.topic == "综合政务/经济"
    assert "yangwy@163.com" in row.body and "j***@jinhua.gov.cn" in row.body


def test_the_settings_page(w, app) -> None:
    client = app.test_client()
    client.post("/login", data={"username": "admin", "password": "secret-pw"})
    page = client.get("/publishing/settings")
    assert page.status_code == 200 and "{code}/{year}-{serial:05d}" in page.get_data(as_text=True)
    bad = client.post("/publishing/settings", data={"publisher": "office", "index_format": "{year}",
                                                    "keep_email_domains": "gov.cn", "topic_cppcc": "a", "topic_npc": "b",
                                                    "masking": "y"})
    assert bad.status_code == 200 and 'role="alert"' in bad.get_data(as_text=True)
    good = client.post("/publishing/settings", data={"publisher": "bureau", "index_format": "{org_code}/{year}-{serial}",
                                                     "keep_email_domains": "gov.cn", "topic_cppcc": "政协",
                                                     "topic_npc": "人大", "attachments": "none"})
    assert good.status_code == 302
    assert publication_settings.get("publication.attachments") == "none"
    assert publication_settings.current()["publication.masking"] is False  # an unticked box
    assert publication_settings.get("publication.index_format") == "{org_code}/{year}-{serial}"
    office = app.test_client()
    office.post("/login", data={"username": "office", "password": "secret-pw"})
    assert office.get("/publishing/settings").status_code == 403
