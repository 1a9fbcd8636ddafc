"""The office's topic list (issue 12): published per session, seen by members when they start
writing, a draft can start from a topic, and the figures count the proposals each topic drew."""
from __future__ import annotations

import pytest

from tests.factories import NOW
from workflow.extensions import db
from workflow.models import Proposal, Topic
from workflow.services import submission, topics
from workflow.services.errors import Forbidden, Invalid


def _topic(w, title="推动小微企业高质量发展", published=True) -> Topic:
    return topics.create(w.office, topics.TopicInput(w.session.id, title, "围绕融资担保提出举措。", "市经信局、市财政局",
                                                     published), NOW)


def test_office_keeps_the_list(w, login):
    office = login("office")
    response = office.post("/office/topics/", data={"session_id": w.session.id, "title": "优化营商环境",
                                                     "paragraph": "聚焦涉企审批。", "bureaus": "市发改委",
                                                     "position": 1, "published": "y"})
    assert response.status_code == 302
    topic = db.session.execute(db.select(Topic)).scalar_one()
    assert topic.title == "优化营商环境" and topic.published
    assert office.post(f"/office/topics/{topic.id}", data={"title": "优化营商环境（修订）", "position": 2}).status_code == 302
    db.session.expire_all()
    assert topic.title == "优化营商环境（修订）" and not topic.published
    assert login("proposer").get("/office/topics/").status_code == 403
    with pytest.raises(Forbidden):
        topics.create(w.proposer, topics.TopicInput(w.session.id, "题"), NOW)
    with pytest.raises(Invalid):
        topics.create(w.office, topics.TopicInput(w.session.id, " "), NOW)


def test_members_start_from_a_published_topic(w, login):
    shown, hidden = _topic(w), _topic(w, "内部草拟", published=False)
    member = login("proposer")
    editor = member.get("/proposals/new").get_data(as_text=True)
    assert "推动小微企业高质量发展" in editor and "内部草拟" not in editor
    assert "市经信局、市财政局" in editor
    started = member.get(f"/proposals/new?topic={shown.id}").get_data(as_text=True)
    assert f'value="{shown.id}"' in started
    assert member.get(f"/proposals/new?topic={hidden.id}").status_code == 404
    member.post("/proposals/new", data={"session_id": w.session.id, "author_kind": "individual",
                                        "title": "关于设立小微企业转贷资金池的建议", "body": "建议……",
                                        "topic_id": str(shown.id), "then": "save"})
    proposal = db.session.execute(db.select(Proposal)).scalar_one()
    assert proposal.topic_id == shown.id


def test_figures_count_proposals_per_topic(w, login):
    topic = _topic(w)
    for title in ("一", "二"):
        draft = submission.create_draft(w.proposer, submission.DraftInput(title, "正文", w.session.id, topic_id=topic.id), NOW)
    submission.submit(w.proposer, draft.id, NOW)
    figures = {f.topic.id: f for f in topics.figures(w.office, None)}
    assert (figures[topic.id].drafts, figures[topic.id].submitted, figures[topic.id].filed) == (1, 1, 0)
    page = login("office").get("/office/topics/").get_data(as_text=True)
    assert 'data-testid="topic-submitted">1<' in page


def test_an_unpublished_or_foreign_topic_is_not_kept_on_a_draft(w):
    hidden = _topic(w, published=False)
    draft = submission.create_draft(w.proposer, submission.DraftInput("题", "正文", w.session.id, topic_id=hidden.id), NOW)
    assert draft.topic_id is None
