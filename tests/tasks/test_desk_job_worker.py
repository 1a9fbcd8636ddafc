"""Large exports and imports run on a real worker: the page queues a job, the worker does it and
reports progress on the row, the user downloads the file or reads the count (or every problem)."""
from __future__ import annotations

import io
import re
import time

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.desk_support import PROPOSAL_HEADER, proposal_rows, xlsx
from tests.factories import World
from workflow.domain.desk_job import ASYNC_ROWS
from workflow.extensions import db
from workflow.models import DeskJob, Proposal

pytestmark = pytest.mark.worker
ROWS = ASYNC_ROWS + 20


def _login(app, username):
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": "secret-pw"}).status_code == 302
    return client


def _finished(job_id: int, timeout: float = 120) -> DeskJob:
    deadline = time.monotonic() + timeout
    while True:
        db.session.expire_all()  # the worker thread committed in its own session
        job = db.session.get(DeskJob, job_id)
        if job.state in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.3)


def _upload(client, content):
    return client.post("/office/imports/proposals", data={"file": (io.BytesIO(content), "s.xlsx")},
                       content_type="multipart/form-data")


def test_a_large_sheet_is_imported_by_a_worker_then_exported_by_one(app, ctx, worker, monkeypatch):
    monkeypatch.setitem(app.config, "ENQUEUE_TASKS", True)
    w = World()
    office = _login(app, "office")
    preview = _upload(office, xlsx(PROPOSAL_HEADER, proposal_rows(w, ROWS)))
    token = re.search(r'name="token" value="([0-9a-f]+)"', preview.get_data(as_text=True)).group(1)
    queued = office.post("/office/imports/proposals/confirm", data={"token": token})
    assert queued.status_code == 302 and "/office/jobs/" in queued.location
    job_id = int(queued.location.rstrip("/").rsplit("/", 1)[1])
    page = office.get(f"/office/jobs/{job_id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' in page or 'data-testid="job-saved"' in page
    job = _finished(job_id)
    assert (job.state, job.result) == ("done", {"saved": ROWS})
    assert db.session.execute(select(func.count(Proposal.id))).scalar_one() == ROWS
    assert "已导入" in office.get(f"/office/jobs/{job_id}").get_data(as_text=True)
    assert _login(app, "admin").get(f"/office/jobs/{job_id}").status_code == 404  # another user's job

    exported = office.get("/proposals/export.xlsx")
    assert exported.status_code == 302
    export_id = int(exported.location.rstrip("/").rsplit("/", 1)[1])
    job = _finished(export_id)
    assert job.state == "done" and job.total >= ROWS - 100
    progress = office.get(f"/office/jobs/{export_id}/progress").get_json()
    assert progress["state"] == "done" and progress["percent"] == 100
    download = office.get(f"/office/jobs/{export_id}/download")
    assert download.status_code == 200 and download.headers["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(download.data)).worksheets[0]
    assert sheet.max_row == ROWS + 2


def test_a_large_bad_sheet_fails_with_every_problem_and_saves_nothing(app, ctx, worker, monkeypatch):
    from workflow.clock import utcnow
    from workflow.domain.desk_job import JobKind
    from workflow.services import desk_jobs

    monkeypatch.setitem(app.config, "ENQUEUE_TASKS", True)
    w = World()
    rows = proposal_rows(w, ROWS)
    rows[5][4] = "无名氏"
    rows[-1][8] = ""
    job = desk_jobs.queue_import(w.office, JobKind.IMPORT_PROPOSALS, xlsx(PROPOSAL_HEADER, rows), utcnow())
    job = _finished(job.id)
    assert job.state == "failed"
    assert [(p["line"], p["message"]) for p in job.result["problems"]] == [
        (7, "“无名氏”不是本类型的委员或代表。"), (ROWS + 1, "“正文”为空。")]
    assert db.session.execute(select(func.count(Proposal.id))).scalar_one() == 0
