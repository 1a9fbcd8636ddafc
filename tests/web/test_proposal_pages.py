"""The first half of the lifecycle through the real pages (test client), with bad input."""
from sqlalchemy import select

from tests.factories import NOW
from workflow.extensions import db
from workflow.models import Proposal
from workflow.services import submission


def html(response) -> str:
    return response.get_data(as_text=True)


def draft_form(w, **overrides):
    return {
        "session_id": str(w.session.id), "author_kind": "individual", "title": "关于加强小微企业服务的建议",
        "body": "建议设立小微企业服务中心。", "then": "save", **overrides,
    }


def test_login_required_and_bad_password(client, w):
    assert client.get("/proposals/").status_code == 302
    response = client.post("/login", data={"username": "proposer", "password": "wrong"})
    assert response.status_code == 200
    assert "Wrong username or password" in html(response) or "用户名或密码错误" in html(response)


def test_login_redirects_only_to_our_own_paths(client, w):
    response = client.post("/login?next=//evil.example/x", data={"username": "proposer", "password": "secret-pw"})
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/proposals/", data={"username": "proposer", "password": "secret-pw"})
    assert response.headers["Location"] == "/proposals/"


def test_logout_is_post_only(login, w):
    client = login("proposer")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/proposals/").status_code == 302


def test_wrong_passwords_from_many_addresses_do_not_lock_the_account(app, w):
    """No count per account alone: a stranger could lock its owner out (tests/security)."""
    client = app.test_client()
    statuses = [
        client.post("/login", data={"username": "office", "password": "nope"}, environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code
        for i in range(12)
    ]
    assert statuses == [200] * 12
    owner = client.post("/login", data={"username": "office", "password": "secret-pw"},
                        environ_base={"REMOTE_ADDR": "10.0.0.99"})
    assert owner.status_code == 302


def test_write_submit_and_see_the_timeline(login, w):
    client = login("proposer")
    response = client.post("/proposals/new", data=draft_form(w))
    assert response.status_code == 302
    proposal = db.session.execute(select(Proposal)).scalar_one()
    response = client.post(f"/proposals/{proposal.id}/actions/submit", follow_redirects=True)
    page = html(response)
    assert 'data-state="submitted"' in page
    assert page.count("<li data-action=") >= 2  # create and submit on the timeline
    db.session.expire_all()
    assert proposal.state == "submitted"


def test_invalid_draft_shows_messages_next_to_fields_and_keeps_input(login, w):
    client = login("proposer")
    response = client.post("/proposals/new", data=draft_form(w, title="", author_kind="joint"))
    page = html(response)
    assert response.status_code == 200
    assert page.count('class="error"') >= 2
    assert "建议设立小微企业服务中心。" in page  # the text typed is still there
    assert db.session.execute(select(Proposal)).first() is None


def test_stale_edit_is_refused_with_a_message(login, w):
    proposal = w.draft()
    client = login("proposer")
    old_version = proposal.version
    submission.edit_draft(w.proposer, proposal.id, submission.DraftInput("别人改过", "正文", w.session.id), NOW, old_version)
    response = client.post(
        f"/proposals/{proposal.id}/edit",
        data=draft_form(w, title="我的修改", version=str(old_version)),
        follow_redirects=True,
    )
    page = html(response)
    assert "changed this item" in page or "已被他人修改" in page or "刷新" in page
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).title == "别人改过"


def test_wrong_state_says_the_current_state(login, w):
    proposal = w.proposal("under_review")
    client = login("proposer")
    response = client.post(f"/proposals/{proposal.id}/actions/withdraw", follow_redirects=True)
    page = html(response)
    assert 'class="flash error"' in page
    assert "Under review" in page or "审查中" in page


def test_other_bureaus_item_is_404(login, w):
    proposal = w.proposal("in_handling")
    assert login("otherclerk").get(f"/proposals/{proposal.id}").status_code == 404
    assert login("clerk").get(f"/proposals/{proposal.id}").status_code == 200
    assignment = proposal.assignments[0]
    assert login("otherclerk").post(f"/bureau/assignments/{assignment.id}/receive").status_code == 404


def test_office_files_and_assigns_through_the_pages(login, w):
    proposal = w.proposal("submitted")
    office = login("office")
    office.post(f"/office/proposals/{proposal.id}/start-review")
    response = office.post(f"/office/proposals/{proposal.id}/file", data={"category_id": "", "version": ""}, follow_redirects=True)
    assert 'class="flash error"' in html(response)
    office.post(f"/office/proposals/{proposal.id}/file", data={"category_id": str(w.category.id)})
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).number == "第1号"

    page = html(office.get(f"/office/proposals/{proposal.id}/assign"))
    assert "data-testid=\"due-preview\"" in page
    bad = office.post(
        f"/office/proposals/{proposal.id}/assign",
        data={"rows-0-bureau_id": str(w.co.id), "rows-0-role": "co"},
    )
    assert bad.status_code == 200 and 'class="error"' in html(bad)
    good = office.post(
        f"/office/proposals/{proposal.id}/assign",
        data={"rows-0-bureau_id": str(w.lead.id), "rows-0-role": "lead", "rows-1-bureau_id": str(w.co.id), "rows-1-role": "co"},
    )
    assert good.status_code == 302
    db.session.expire_all()
    assert sorted(a.role for a in db.session.get(Proposal, proposal.id).assignments) == ["co", "lead"]


def test_work_list_counts_in_navigation(login, w):
    w.proposal("in_handling")
    page = html(login("clerk").get("/"))
    assert 'data-testid="work-count">1<' in page
    assert 'data-task="receive"' in page


def test_language_switch(login, w):
    client = login("proposer")
    client.post("/lang/en", data={"next": "/"})
    assert 'lang="en"' in html(client.get("/"))
    client.post("/lang/zh_Hans", data={"next": "/"})
    assert 'lang="zh-CN"' in html(client.get("/"))


def test_security_headers(client):
    response = client.get("/login")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_cache_keeps_a_signed_in_page_and_public_ones_are_asked_again(client, login, w):
    assert client.get("/login").headers["Cache-Control"] == "no-cache"
    assert login("proposer").get("/").headers["Cache-Control"] == "no-store"


def test_huge_ids_are_not_found(login, w):
    assert login("proposer").get("/proposals/99999999999999999999").status_code == 404


def test_proposal_list_pages_and_filters(login, w):
    for i in range(21):
        w.draft(title=f"关于第{i}项工作的建议")
    client = login("proposer")
    first, second = html(client.get("/proposals/")), html(client.get("/proposals/?page=2"))
    assert first.count("关于第") == 20 and second.count("关于第") == 1
    assert "/proposals/?page=2" in first
    assert html(client.get("/proposals/?q=第7项")).count("关于第") == 1
    assert html(client.get("/proposals/?page=99")).count("关于第") == 0


def test_autosave_saves_and_refuses_stale_versions(login, w):
    proposal = w.draft()
    client = login("proposer")
    saved = client.post(f"/proposals/{proposal.id}/autosave", data=draft_form(w, title="自动保存的标题", version=str(proposal.version)))
    assert saved.status_code == 200
    new_version = saved.get_json()["version"]
    assert new_version == proposal.version + 1
    stale = client.post(f"/proposals/{proposal.id}/autosave", data=draft_form(w, title="过期的修改", version=str(proposal.version)))
    assert stale.status_code == 412 and stale.get_json()["error"]["code"] == "stale"
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).title == "自动保存的标题"
    assert login("proposer2").post(f"/proposals/{proposal.id}/autosave", data=draft_form(w)).status_code == 404
