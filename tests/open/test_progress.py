"""Progress in the open (issue 12): the portal's list and item pages and the API's
/public/proposals show filed items of the sessions whose setting says so, with their bureaus and
stage, masked titles and links to published replies; never a draft, a not-filed or a withdrawn item."""
from __future__ import annotations

from tests.factories import NOW, make_reason
from tests.handling_support import received
from tests.public.support import published
from workflow.extensions import db
from workflow.services import review, submission


def _numbers(anonymous, query: str = "") -> list[str]:
    body = anonymous(f"/api/v1/public/proposals{query}").get_json()
    return [item["number"] for item in body["items"]]


def test_only_filed_items_of_open_sessions_show(w, anonymous):
    filed = w.proposal("filed", title="关于加强城市停车管理的建议")
    w.proposal("draft", title="草稿不可见")
    w.proposal("submitted", title="已提交不可见")
    under = w.proposal("under_review", title="不予立案不可见")
    review.reject(w.office, under.id, NOW, make_reason().text)
    withdrawn = w.proposal("draft", title="撤案不可见")
    submission.submit(w.proposer, withdrawn.id, NOW)
    submission.withdraw(w.proposer, withdrawn.id, NOW, "不再提交")
    w.proposal("filed", author=w.deputy, title="代表建议，会次不公开")  # the NPC session shows nothing

    assert _numbers(anonymous) == [filed.number]
    page = anonymous("/public/progress/").get_data(as_text=True)
    assert "关于加强城市停车管理的建议" in page
    for hidden in ("草稿不可见", "已提交不可见", "不予立案不可见", "撤案不可见", "代表建议"):
        assert hidden not in page
    assert anonymous(f"/public/progress/{under.id}").status_code == 404
    assert anonymous(f"/api/v1/public/proposals/{withdrawn.id}").status_code == 404


def test_the_setting_turns_a_session_off(w, anonymous):
    filed = w.proposal("filed")
    assert anonymous(f"/public/progress/{filed.id}").status_code == 200
    w.session.progress_public = False
    db.session.commit()
    assert anonymous(f"/public/progress/{filed.id}").status_code == 404
    assert _numbers(anonymous) == []
    assert "暂无会次公开办理进度" in anonymous("/public/progress/").get_data(as_text=True)


def test_bureaus_and_stages(w, anonymous):
    filed = w.proposal("filed", title="甲")
    assigned = w.proposal("in_handling", title="乙")
    handling = received(w, title="丙")
    items = {i["number"]: i for i in anonymous("/api/v1/public/proposals").get_json()["items"]}
    assert items[filed.number]["stage"] == "assigned" and items[filed.number]["lead_bureau"] is None
    assert items[assigned.number]["stage"] == "assigned"
    assert items[assigned.number]["lead_bureau"]["name"] == "市经信局"
    assert [b["name"] for b in items[assigned.number]["bureaus"] if b["role"] == "co"] == ["市财政局"]
    assert items[handling.number]["stage"] == "handling"
    assert items[handling.number]["stage_label"] == "In handling"
    assert _numbers(anonymous, "?stage=assigned") == [filed.number, assigned.number]
    assert _numbers(anonymous, "?stage=handling") == [handling.number]
    assert _numbers(anonymous, f"?bureau={w.lead.id}") == [assigned.number, handling.number]
    assert _numbers(anonymous, "?q=丙") == [handling.number]
    assert _numbers(anonymous, "?q=%25") == []  # LIKE's wildcards are searched as characters
    assert anonymous("/api/v1/public/proposals?stage=nonsense").status_code == 400
    page = anonymous(f"/public/progress/{handling.id}").get_data(as_text=True)
    assert "市经信局" in page and "市财政局" in page and 'data-stage="handling"' in page


def test_published_reply_is_linked(w, anonymous):
    row = published(w)
    item = anonymous(f"/api/v1/public/proposals/{row.proposal_id}").get_json()
    assert item["stage"] == "replied"
    assert item["replies"][0]["page_url"] == f"/public/replies/{row.id}"
    page = anonymous("/public/progress/").get_data(as_text=True)
    assert f'href="/public/replies/{row.id}"' in page


def test_titles_are_masked_like_replies(w, anonymous):
    w.proposal("filed", title="关于杨文艳委员所提13858012345问题的建议")
    title = anonymous("/api/v1/public/proposals").get_json()["items"][0]["title"]
    assert "杨文艳" not in title and "13858012345" not in title
    assert "杨**" in title and "138****2345" in title
    page = anonymous("/public/progress/").get_data(as_text=True)
    assert "13858012345" not in page and "杨文艳" not in page
    # a search cannot tell what the mask hides: the proposer's name finds nothing
    assert _numbers(anonymous, "?q=杨文艳") == [] and _numbers(anonymous, "?q=杨文艳委员") == []
    assert _numbers(anonymous, "?q=文艳") == []
    assert len(_numbers(anonymous, "?q=问题的建议")) == 1


def test_page_in_chinese(w, app):
    w.proposal("filed")
    page = app.test_client().get("/public/progress/").get_data(as_text=True)
    assert "办理进度" in page and "交办" in page
