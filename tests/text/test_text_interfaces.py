"""Issue 11 through the real interfaces: the pages (test client), the API and the CLI."""
from __future__ import annotations

import pytest

from tests.api.conftest import ApiClient
from tests.factories import NOW
from workflow.clock import utcnow
from workflow.domain import richtext
from workflow.extensions import db
from workflow.models import Bureau, PrecheckRule, Proposal, RoutingExample
from workflow.services import drafting, users

PARKING = ("城区停车难问题突出，老旧小区停车位不足，早晚高峰路边乱停车现象普遍，影响交通和消防通道。" * 8
           + "为此建议：\n1. 建设立体停车场，盘活闲置地块。\n2. 推广错时共享停车，开放机关单位车位。\n3. 规范路边停车收费，加强执法。")


def html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def duties(w):
    w.lead.duties = "负责工业经济、中小企业和数字经济发展。"
    w.co.duties = "负责财政预算、财政资金和政府采购。"
    w.other.duties = "负责城市道路、停车场建设和交通管理。"
    db.session.commit()


def test_the_editor_shows_similar_proposals_and_the_precheck_without_script(login, w):
    earlier = w.proposal("filed", author=w.proposer2, title="关于缓解城区停车难的建议", body=PARKING)
    client = login("proposer")
    page = client.post("/proposals/new", data={
        "session_id": str(w.session.id), "author_kind": "individual", "title": "停车难", "body": "老旧小区停车难，立体停车场。",
        "then": "check",
    })
    text = html(page)
    assert page.status_code == 200 and 'data-checked="yes"' in text
    assert 'data-rule="title_form"' in text and 'data-rule="too_short"' in text and 'data-rule="no_suggestions"' in text
    assert f'data-proposal-id="{earlier.id}"' in text and "关于缓解城区停车难的建议" in text
    assert db.session.execute(db.select(Proposal).where(Proposal.proposer_id == w.proposer.id)).first() is None


def test_the_editors_script_gets_the_same_aside(login, w):
    w.proposal("filed", author=w.proposer2, title="关于缓解城区停车难的建议", body=PARKING)
    client = login("proposer")
    aside = client.post("/proposals/assist", data={"title": "关于缓解停车难的建议", "body": PARKING})
    assert aside.status_code == 200 and 'data-testid="similar-item"' in html(aside)
    assert 'data-testid="precheck-clean"' in html(aside)


def test_the_office_assigns_as_suggested_with_one_click(login, w, duties):
    proposal = w.proposal("filed", title="关于缓解城区停车难的建议", body=PARKING)
    client = login("office")
    page = html(client.get(f"/office/proposals/{proposal.id}/assign"))
    assert f'data-testid="suggested-lead" data-bureau-id="{w.other.id}"' in page
    lead = page[page.find('data-testid="suggested-lead"'):]
    assert "停车" in lead[:lead.find("</li>")]  # the words that made it
    response = client.post(f"/office/proposals/{proposal.id}/assign", data={
        "version": str(proposal.version), "rows-0-bureau_id": str(w.other.id), "rows-0-role": "lead"})
    assert response.status_code == 302
    db.session.expire_all()
    assert [(a.bureau_id, a.role) for a in proposal.assignments] == [(w.other.id, "lead")]
    assert db.session.execute(db.select(RoutingExample.lead_bureau_id)).scalar_one() == w.other.id


def test_the_office_sees_a_likely_duplicate_at_review(login, w):
    first = w.proposal("filed", author=w.proposer2, title="关于缓解城区停车难的建议", body=PARKING)
    second = w.proposal("under_review", title="关于缓解城区停车难问题的提案", body=PARKING)
    page = html(login("office").get(f"/proposals/{second.id}"))
    assert f'data-testid="duplicate" data-proposal-id="{first.id}"' in page
    assert 'data-testid="likely-duplicate"' in page and "<mark>" in page
    assert 'data-testid="duplicates"' not in html(login("proposer").get(f"/proposals/{second.id}"))


def _reply(w, body_html: str):
    proposal = w.proposal("in_handling", title="关于缓解城区停车难的建议", body=PARKING)
    lead = next(a for a in proposal.assignments if a.role == "lead")
    from workflow.services import assignment

    assignment.receive(w.clerk, lead.id, NOW)
    return drafting.save_draft(w.clerk, lead.id, drafting.DraftInput(
        title="答复", salutation="杨文艳委员：", body=body_html, resolution="A", disclosure="public",
        contact_name="邵军", contact_phone="0579-82468101"), NOW)


def test_a_reply_that_skips_a_suggestion_is_flagged_for_clerk_and_approver(login, w):
    reply = _reply(w, richtext.from_plain("一、关于“建设立体停车场”。已规划三处。\n二、关于“推广错时共享停车”。已开放机关车位。"))
    for who in ("clerk", "approver"):
        page = html(login(who).get(f"/replies/{reply.id}"))
        assert 'data-testid="coverage-unanswered"' in page and 'data-answered="no"' in page
    assert 'data-testid="submit-unanswered"' in html(login("clerk").get(f"/replies/{reply.id}"))
    assert 'data-testid="coverage-unanswered"' in html(login("clerk").get(f"/replies/{reply.id}/edit"))


def test_api_similar_precheck_suggestions_and_coverage(app, w, duties):
    filed = w.proposal("filed", author=w.proposer2, title="关于缓解城区停车难的建议", body=PARKING)
    member = ApiClient(app, users.issue_token(w.proposer, utcnow(), 1))
    found = member.post("similar", json={"title": "关于缓解停车难的提案", "body": "老旧小区停车难，建设立体停车场。"})
    assert found.status_code == 200
    item = found.get_json()["items"][0]
    assert item["id"] == filed.id and 0 < item["score"] <= 1 and item["url"] is None and item["words"]
    assert member.post("similar", json={"body": "x"}).get_json()["error"]["field"] == "title"
    assert member.get(f"proposals/{filed.id}/similar").status_code == 404  # not the member's to open

    advice = member.post("proposals/precheck", json={"title": "停车", "body": "短。"}).get_json()["findings"]
    assert [f["rule"] for f in advice] == ["title_form", "too_short", "no_suggestions"]
    assert "关于" in advice[0]["message"]

    office = ApiClient(app, users.issue_token(w.office, utcnow(), 1))
    suggested = office.get(f"proposals/{filed.id}/suggested-bureaus").get_json()
    assert suggested["lead"]["bureau"]["id"] == w.other.id and suggested["lead"]["duty_words"]
    assert member.get(f"proposals/{filed.id}/suggested-bureaus").status_code in (403, 404)
    assert office.get(f"proposals/{filed.id}/similar").get_json()["items"] == []

    reply = _reply(w, richtext.from_plain("一、关于“建设立体停车场”。已规划三处。"))
    clerk = ApiClient(app, users.issue_token(w.clerk, utcnow(), 1))
    covered = clerk.get(f"replies/{reply.id}/coverage").get_json()
    assert covered["unanswered"] == [2, 3] and covered["suggestions"][0]["quoted"] is True


def test_admin_switches_a_rule_off_and_the_advice_goes(login, w):
    client = login("admin")
    assert 'data-rule="too_short"' in html(client.get("/admin/precheck"))
    data = {f"{code}-active": "y" for code in ("title_form", "no_suggestions", "outside_remit", "personal_data")}
    bad = client.post("/admin/precheck", data={**data, "too_short-active": "y", "too_short-parameter": "5"})
    assert bad.status_code == 200 and db.session.get(PrecheckRule, "too_short") is None
    assert client.post("/admin/precheck", data={**data, "too_short-parameter": "300"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(PrecheckRule, "too_short").active is False
    aside = html(login("proposer").post("/proposals/assist", data={"title": "关于停车的建议", "body": "短。"}))
    assert 'data-rule="too_short"' not in aside and 'data-rule="no_suggestions"' in aside
    assert login("proposer").get("/admin/precheck").status_code in (302, 403)


def test_bureau_duties_on_the_admin_form(login, w):
    client = login("admin")
    response = client.post(f"/admin/bureaus/{w.other.id}", data={
        "code": "other", "name": "市交通运输局", "duties": "负责城市道路和停车场建设。", "active": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Bureau, w.other.id).duties == "负责城市道路和停车场建设。"


def test_bureau_keywords_from_the_admin_form_to_the_suggestion_page_and_the_api(app, login, w, duties):
    """Keywords decide where the duties share no word: 殡仪馆 is in no bureau's duties."""
    admin = login("admin")
    form = {"code": "other", "name": "市民政局", "duties": w.other.duties, "active": "y"}
    refused = admin.post(f"/admin/bureaus/{w.other.id}", data={**form, "keywords": "殡" * 4001})
    assert refused.status_code == 200 and "4000" in html(refused)
    db.session.expire_all()
    assert db.session.get(Bureau, w.other.id).keywords is None
    saved = admin.post(f"/admin/bureaus/{w.other.id}", data={**form, "keywords": " 殡仪馆、公墓\n殡仪馆，骨灰堂 "})
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Bureau, w.other.id).keywords == "殡仪馆 公墓 骨灰堂"
    assert "殡仪馆 公墓 骨灰堂" in html(admin.get(f"/admin/bureaus/{w.other.id}"))

    proposal = w.proposal("filed", title="关于搬迁城东殡仪馆的建议", body="殡仪馆紧邻居民区，群众反映强烈。")
    page = html(login("office").get(f"/office/proposals/{proposal.id}/assign"))
    assert f'data-testid="suggested-lead" data-bureau-id="{w.other.id}"' in page
    lead = page[page.find('data-testid="suggested-lead"'):]
    assert "分办关键词: 殡仪馆" in lead[:lead.find("</li>")]
    office = ApiClient(app, users.issue_token(w.office, utcnow(), 1))
    suggested = office.get(f"proposals/{proposal.id}/suggested-bureaus").get_json()
    assert suggested["lead"]["bureau"]["id"] == w.other.id and suggested["lead"]["keyword_words"] == ["殡仪馆"]


@pytest.fixture
def runner(ctx):
    return ctx.test_cli_runner()


def test_cli_creates_a_bureau_with_keywords_that_route_an_item(runner):
    for code, name, keywords in [("mzj", "市民政局", "殡仪馆、公墓"), ("jtj", "市交通运输局", "公交 客运")]:
        result = runner.invoke(args=["bureaus", "create", code, name, "--keywords", keywords])
        assert result.exit_code == 0, result.output
    assert db.session.execute(db.select(Bureau.keywords).where(Bureau.code == "mzj")).scalar_one() == "殡仪馆 公墓"
    result = runner.invoke(args=["suggest", "bureaus", "--title", "关于搬迁城东殡仪馆的建议"])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 0 and [line.split("\t")[0] for line in lines] == ["市民政局"]  # nothing for 交通
    both = runner.invoke(args=["suggest", "bureaus", "--title", "关于开通殡仪馆公交专线的建议"]).output.splitlines()
    assert sorted(line.split("\t")[0] for line in both) == ["市交通运输局", "市民政局"]


def test_cli_creates_a_bureau_with_duties_and_suggests_bureaus(runner, tmp_path):
    for code, name, duties_text in [("jtj", "市交通运输局", "负责城市道路、公交和停车场建设。"),
                                    ("jyj", "市教育局", "负责学前教育、义务教育和学校布局。")]:
        result = runner.invoke(args=["bureaus", "create", code, name, "--duties", duties_text])
        assert result.exit_code == 0, result.output
    body = tmp_path / "body.txt"
    body.write_text("老旧小区停车难，建议建设立体停车场，优化公交线路。", encoding="utf-8")
    result = runner.invoke(args=["suggest", "bureaus", "--title", "关于缓解停车难的建议", "--body-file", str(body)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].split("\t")[0] == "市交通运输局" and 0 < float(lines[0].split("\t")[1]) <= 1


def test_cli_reindex_stores_what_is_missing(runner, w):
    from workflow.models import ProposalTerms

    proposal = w.proposal("filed", title="关于缓解城区停车难的建议", body=PARKING)
    db.session.execute(db.delete(ProposalTerms))
    db.session.commit()
    result = runner.invoke(args=["text", "reindex", "--missing"])
    assert result.exit_code == 0, result.output
    assert db.session.get(ProposalTerms, proposal.id) is not None


def test_cli_reindex_learns_the_assignments_not_learnt_yet(runner, w):
    from workflow.models import RoutingExample

    learnt = w.proposal("in_handling", title="关于缓解城区停车难的建议", body=PARKING)
    forgotten = w.proposal("in_handling", title="关于规范共享单车停放的建议", body=PARKING)
    db.session.execute(db.delete(RoutingExample).where(RoutingExample.proposal_id == forgotten.id))
    db.session.commit()
    assert db.session.execute(db.select(RoutingExample).where(RoutingExample.proposal_id == learnt.id)).first()

    result = runner.invoke(args=["text", "reindex", "--missing"])
    assert result.exit_code == 0, result.output
    assert "learnt 1 assignments" in result.output
    assert db.session.execute(db.select(RoutingExample).where(RoutingExample.proposal_id == forgotten.id)).first()
