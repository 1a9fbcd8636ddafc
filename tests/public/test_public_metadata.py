"""The disclosure block as in the published seeds (issue 9 §7): 公开范围 面向社会, 信息分类 by
channel, 发布机构 the bureau's short name (its full name where it has none), on the page, in the
API and in the feed; the letter itself keeps the full name as its 发文机关."""
from __future__ import annotations

import io
import re

import pytest
from docx import Document

from tests.factories import World
from tests.handling_support import LATER, add_contact, draft, received, submit_opinion
from tests.public.support import PUBLISHED_AT, credit_codes, sent_reply
from workflow.extensions import db
from workflow.services import approval, publication

FULL_NAME = "金华市经济和信息化局"


def metadata_block(html: str) -> dict[str, str]:
    block = html[html.index('data-testid="metadata"'):html.index("</dl>")]
    pairs = re.findall(r'<dt><span lang="zh-CN">(.*?)</span>.*?</dt><dd[^>]*>(.*?)</dd>', block, re.S)
    return {term: re.sub(r"<[^>]+>", "", value).strip() for term, value in pairs}


@pytest.fixture
def w(ctx):
    world = World()
    credit_codes(world)
    world.lead.name, world.lead.short_name, world.lead.prefix_npc = FULL_NAME, "市经信局", "金经信办建"
    db.session.commit()
    return world


def sent_by(w: World, author):
    proposal = received(w, author=author)
    add_contact(w, proposal)
    submit_opinion(w, proposal)
    reply = draft(w, proposal)
    for step, who in ((approval.submit, w.clerk), (approval.approve, w.approver), (approval.send, w.clerk)):
        reply = step(who, reply.id, LATER)
    return reply


@pytest.mark.parametrize(("author", "information_class"), [("proposer", "政协委员提案"), ("deputy", "人大代表建议")])
def test_the_block_as_the_cixi_seed_shows_it(client, w, author, information_class) -> None:
    reply = sent_by(w, getattr(w, author))
    row = publication.publish(w.office, reply.id, PUBLISHED_AT)
    html = client.get(f"/public/replies/{row.id}").get_data(as_text=True)
    block = metadata_block(html)
    assert block["发布机构"] == "市经信局"
    assert block["公开方式"] == "主动公开"
    assert block["公开范围"] == "面向社会"
    assert block["信息分类"] == information_class
    assert f'<p class="signature">{FULL_NAME}<br>' in html  # the letter is signed with the full name
    api = client.get(f"/api/v1/public/replies/{row.id}").get_json()
    assert (api["publisher"], api["scope"], api["information_class"]) == ("市经信局", "面向社会", information_class)
    assert api["bureau"] == {"id": w.lead.id, "name": FULL_NAME, "short_name": "市经信局"}
    listed = client.get("/api/v1/public/replies").get_json()["items"][0]
    assert (listed["publisher"], listed["information_class"]) == ("市经信局", information_class)
    feed = client.get("/public/feed.atom").get_data(as_text=True)
    assert "<author><name>市经信局</name></author>" in feed


def test_without_a_short_name_the_full_name_is_the_publisher(client, w) -> None:
    w.lead.short_name = None
    db.session.commit()
    row = publication.publish(w.office, sent_reply(w).id, PUBLISHED_AT)
    assert row.publisher == FULL_NAME and row.issuer == FULL_NAME
    assert metadata_block(client.get(f"/public/replies/{row.id}").get_data(as_text=True))["发布机构"] == FULL_NAME


def test_the_published_letter_keeps_the_full_name(client, w) -> None:
    row = publication.publish(w.office, sent_reply(w).id, PUBLISHED_AT)
    docx = client.get(f"/public/replies/{row.id}/letter.docx").data
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert FULL_NAME in text


def test_a_renamed_bureau_leaves_the_published_block_as_published(client, w) -> None:
    row = publication.publish(w.office, sent_reply(w).id, PUBLISHED_AT)
    w.lead.short_name = "市经信委"
    db.session.commit()
    assert metadata_block(client.get(f"/public/replies/{row.id}").get_data(as_text=True))["发布机构"] == "市经信局"
