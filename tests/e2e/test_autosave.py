"""The draft editor saves by itself, and refuses to overwrite someone else's change."""
import pytest
from playwright.sync_api import expect

from tests.factories import NOW, World
from workflow.extensions import db
from workflow.models import Proposal
from workflow.services import submission

pytestmark = pytest.mark.e2e


def test_autosave_then_stale(ctx, live_server, login):
    w = World()
    proposal = w.draft()
    page = login("proposer")
    page.goto(f"{live_server}/proposals/{proposal.id}/edit")
    page.fill("#title", "关于自动保存的建议")
    expect(page.locator("[data-autosave-status]")).to_have_attribute("data-state", "saved", timeout=8000)
    db.session.expire_all()
    saved = db.session.get(Proposal, proposal.id)
    assert saved.title == "关于自动保存的建议"

    # Someone else saves in between: the next autosave is refused and says so.
    submission.edit_draft(w.proposer, proposal.id, submission.DraftInput("另一处的修改", "正文", w.session.id), NOW, saved.version)
    page.fill("#body", "我的新正文")
    expect(page.locator("[data-autosave-status]")).to_have_attribute("data-state", "stale", timeout=8000)
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).title == "另一处的修改"
