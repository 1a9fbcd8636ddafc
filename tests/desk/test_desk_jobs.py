"""Desk jobs in this process (the worker's path is tests/tasks/test_desk_jobs.py): claimed once,
safe to run twice, only their requester's, the file offered when done."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.factories import NOW
from workflow.domain.desk_job import JobKind, percent
from workflow.services import desk_jobs
from workflow.services.errors import NotFound, StateConflict


def test_an_export_job_runs_once_and_offers_its_file(w):
    w.proposal("filed")
    job = desk_jobs.queue_export(w.office, JobKind.EXPORT_PROPOSALS, {"session": str(w.session.id)}, NOW)
    with pytest.raises(StateConflict):
        desk_jobs.download(w.office, job.id)
    done = desk_jobs.run(job.id, lambda: NOW)
    assert (done.state, done.done, done.total) == ("done", 1, 1)
    again = desk_jobs.run(job.id, lambda: NOW)  # a second delivery finds nothing to claim
    assert again.state == "done" and again.file_name == done.file_name
    path, name = desk_jobs.download(w.office, job.id)
    assert name.startswith("proposals-") and name.endswith(".xlsx")
    rows = list(load_workbook(io.BytesIO(path.read_bytes())).worksheets[0].iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == ["第1号"]
    with pytest.raises(NotFound):
        desk_jobs.job_of(w.admin, job.id)


def test_an_export_for_a_clerk_holds_their_bureau_only(w):
    w.proposal("in_handling")
    job = desk_jobs.queue_export(w.coclerk, JobKind.EXPORT_ASSIGNMENTS, {"bureau": str(w.lead.id)}, NOW)
    desk_jobs.run(job.id, lambda: NOW)
    path, _name = desk_jobs.download(w.coclerk, job.id)
    rows = list(load_workbook(io.BytesIO(path.read_bytes())).worksheets[0].iter_rows(min_row=3, values_only=True))
    assert [r[3] for r in rows] == ["市财政局"]


@pytest.mark.parametrize("done, total, expected", [(0, 0, 0), (0, 10, 0), (5, 10, 50), (10, 10, 100), (11, 10, 100),
                                                   (1, 3, 33)])
def test_percent(done, total, expected):
    assert percent(done, total) == expected
