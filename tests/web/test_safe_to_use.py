"""Safe to use (issue 9 §10): warnings where an action would reach nobody, the approver's page,
catalogs compiled at start-up, the demo accounts on the login page. The confirmations and the
unsaved-text warning are browser tests (tests/e2e/test_confirmations.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from tests.factories import make_bureau
from tests.handling_support import awaiting_approval, received
from workflow.commands.up import demo_logins, ensure_translations
from workflow.demo import directory
from workflow.extensions import db
from workflow.models import Notification, User


def _page(response) -> str:
    return response.get_data(as_text=True)


def test_the_assign_page_warns_of_a_bureau_without_active_users_before_and_after(login, w):
    empty = make_bureau("empty", "市空壳局")
    proposal = w.proposal("filed")
    office = login("office")
    page = _page(office.get(f"/office/proposals/{proposal.id}/assign"))
    warning = page.split('data-testid="unstaffed-bureaus"')[1].split("</div>")[0]
    assert "市空壳局" in warning and "市经信局" not in warning and "无人能签收" in warning
    assert "市空壳局（无可用账号）" in page and "市经信局（无可用账号）" not in page

    response = office.post(
        f"/office/proposals/{proposal.id}/assign",
        data={"rows-0-bureau_id": str(w.lead.id), "rows-0-role": "lead",
              "rows-1-bureau_id": str(empty.id), "rows-1-role": "co"},
        follow_redirects=True,
    )
    flashes = [part.split("</div>")[0] for part in _page(response).split('class="flash warning"')[1:]]
    assert len(flashes) == 1 and "市空壳局没有可用的经办人或负责人账号" in flashes[0]


def test_assigning_staffed_bureaus_warns_of_nothing(login, w):
    proposal = w.proposal("filed")
    response = login("office").post(
        f"/office/proposals/{proposal.id}/assign",
        data={"rows-0-bureau_id": str(w.lead.id), "rows-0-role": "lead"}, follow_redirects=True,
    )
    assert 'class="flash success"' in _page(response) and 'class="flash warning"' not in _page(response)


def test_a_bureau_whose_only_user_is_deactivated_counts_as_without_users(login, w):
    proposal = w.proposal("filed")
    w.otherclerk.active = False
    db.session.commit()
    page = _page(login("office").get(f"/office/proposals/{proposal.id}/assign"))
    assert "市教育局（无可用账号）" in page


def test_a_reminder_that_reaches_nobody_says_so(login, w):
    proposal = received(w)
    office = login("office")
    for user in db.session.execute(select(User).where(User.bureau_id.in_((w.lead.id, w.co.id)))).scalars():
        user.active = False
    db.session.commit()
    response = office.post(f"/notifications/remind/{proposal.id}", data={"note": "请抓紧办理"}, follow_redirects=True)
    page = _page(response)
    assert "催办未送达任何人" in page and 'class="flash success"' not in page
    assert db.session.execute(select(Notification).where(Notification.threshold.like("manual:%"))).first() is None


def test_a_reminder_that_reaches_people_says_how_many(login, w):
    proposal = received(w)
    response = login("office").post(f"/notifications/remind/{proposal.id}", data={"note": "请抓紧办理"},
                                    follow_redirects=True)
    assert 'class="flash success"' in _page(response) and "催办未送达任何人" not in _page(response)


def test_the_approver_reads_the_proposal_and_the_co_opinions_beside_the_draft(login, w):
    reply = awaiting_approval(w)
    page = _page(login("approver").get(f"/replies/{reply.id}"))
    assert 'data-testid="action-approve"' in page
    beside = page.split('data-testid="proposal-beside"')[1].split("</section>")[0]
    assert "提案原文" in beside and reply.proposal.body in beside
    opinions = page.split('data-testid="opinions-beside"')[1].split("</section>")[0]
    assert "财政资金予以保障" in opinions and "市财政局" in opinions
    # The proposer sees the sent letter later, never the drafts' surroundings.
    assert 'data-testid="proposal-beside"' not in _page(login("coclerk").get(f"/replies/{reply.id}"))


def test_missing_catalogs_are_compiled_and_fresh_ones_left_alone(app, tmp_path):
    source = Path(app.root_path) / "translations"
    for po in source.glob("*/LC_MESSAGES/messages.po"):
        target = tmp_path / po.relative_to(source)
        target.parent.mkdir(parents=True)
        shutil.copy(po, target)
    assert ensure_translations(tmp_path) == ["en", "zh_Hans"]
    mo = tmp_path / "zh_Hans/LC_MESSAGES/messages.mo"
    assert mo.stat().st_size > 10_000 and "签收".encode() in mo.read_bytes()
    assert ensure_translations(tmp_path) == []  # up to date: nothing to do


def test_the_login_page_lists_every_demo_account_in_demo_mode(app, client):
    page = _page(client.get("/login"))
    listed = page.split('data-testid="demo-accounts"')[1].split("</section>")[0]
    for username, name, *_ in directory.USERS:
        assert f'data-username="{username}"' in listed and name in listed
    assert "何明" in listed and "代表" in listed and "市经信局" in listed
    assert all(account["username"] in demo_logins() for account in directory.accounts())
    app.config["DEMO_MODE"] = False
    try:
        assert 'data-testid="demo-accounts"' not in _page(client.get("/login"))
    finally:
        app.config["DEMO_MODE"] = True
