"""Batch work by route: the office assigns ten items to one bureau in one step and prints their
交办通知单; a clerk signs for several at once; a partly refused batch names the items and why."""
from __future__ import annotations

import re
import subprocess

from sqlalchemy import func, select

from workflow.extensions import db
from workflow.models import Assignment, Proposal


def _once(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="once" value="([^"]+)"', page).group(1)


def test_ten_items_assigned_in_one_step_and_their_notice_printed(login, w, tmp_path):
    ids = [w.proposal("filed", title=f"关于第{i}件事的提案").id for i in range(10)]
    office = login("office")
    page = office.get("/proposals/?state=filed").get_data(as_text=True)
    assert all(f'data-testid="choose-{i}"' in page for i in ids)
    response = office.post("/office/batch", data={
        "items": ids, "action": "assign", "lead": str(w.lead.id), "co": [str(w.co.id)], "mode": "save_rest",
        "once": _once(office, "/proposals/"),
    })
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "已保存10件" in text or "10" in text
    assert db.session.execute(select(func.count(Assignment.id))).scalar_one() == 20
    link = re.search(r'href="(/office/assignment-notices\.pdf\?[^"]+)"', text).group(1).replace("&amp;", "&")
    pdf = office.get(link)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    (tmp_path / "n.pdf").write_bytes(pdf.data)
    words = subprocess.run(["pdftotext", "-layout", str(tmp_path / "n.pdf"), "-"], capture_output=True, text=True)
    if words.returncode == 0:  # poppler-utils installed (make system-packages)
        assert "交办通知单" in words.stdout and "市经信局" in words.stdout and "市财政局" in words.stdout
        assert "主办" in words.stdout and "协办" in words.stdout and "关于第9件事的提案" in words.stdout
    # A clerk may print their own bureau's notice, not another's.
    assert login("coclerk").get(link).status_code == 200
    assert login("otherclerk").get(link).status_code == 404


def test_a_partly_refused_batch_names_the_items_and_saves_nothing_if_asked(login, w):
    good = w.proposal("filed", title="可以交办的提案").id
    early = w.proposal("submitted", title="尚未立案的提案").id
    office = login("office")
    response = office.post("/office/batch", data={
        "items": [good, early], "action": "assign", "lead": str(w.lead.id), "mode": "all_or_nothing",
        "once": _once(office, "/proposals/"),
    })
    text = response.get_data(as_text=True)
    assert 'data-testid="nothing-saved"' in text and "尚未立案的提案" in text
    assert db.session.execute(select(func.count(Assignment.id))).scalar_one() == 0
    assert db.session.get(Proposal, good).state == "filed"


def test_a_clerk_signs_for_several_at_once(login, w):
    items = [w.proposal("in_handling", title=f"关于第{i}件事的提案") for i in range(3)]
    ours = [a.id for p in items for a in p.assignments if a.bureau_id == w.lead.id]
    clerk = login("clerk")
    page = clerk.get("/bureau/assignments").get_data(as_text=True)
    assert all(f'data-testid="choose-{i}"' in page for i in ours)
    response = clerk.post("/bureau/batch/receive", data={"items": ours, "mode": "save_rest",
                                                         "once": _once(clerk, "/bureau/assignments")})
    assert response.status_code == 200
    db.session.expire_all()
    assert {db.session.get(Assignment, i).state for i in ours} == {"received"}


def test_the_proposal_form_prints_as_handed_in(login, w, tmp_path):
    proposal = w.proposal("filed", title="关于加强社区养老服务的提案", body="一、现状\n二、建议")
    response = login("proposer").get(f"/proposals/{proposal.id}/form.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["Cache-Control"] == "no-store"
    (tmp_path / "f.pdf").write_bytes(response.data)
    words = subprocess.run(["pdftotext", str(tmp_path / "f.pdf"), "-"], capture_output=True, text=True)
    if words.returncode == 0:
        text = words.stdout.replace(" ", "")
        assert "提案单" in text and "第1号" in text and "杨文艳" in text and "二、建议" in text
    assert login("proposer2").get(f"/proposals/{proposal.id}/form.pdf").status_code == 404
    page = login("proposer").get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert 'data-testid="form-pdf"' in page
