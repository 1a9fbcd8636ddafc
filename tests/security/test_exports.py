"""Exports and downloads (issue 9 §11, last bullet): spreadsheet cells from user text never start
a formula, in any XLSX or CSV the system writes; downloads and API answers with personal data
send `Cache-Control: no-store`."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.archive_support import archivable
from tests.factories import NOW
from tests.handling_support import PDF, approved, draft, received
from workflow.domain import cells
from workflow.domain.calendar_file import parse_calendar_file
from workflow.extensions import db
from workflow.models import CalendarDay
from workflow.services import archives
from workflow.services.uploads import Upload

HOSTILE = ['=HYPERLINK("http://evil.example.com","点此")', "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1+1",
           "\r=1+1", "＝1+1"]
WORKFLOW = Path(__file__).resolve().parents[2] / "workflow"


@given(st.text())
def test_no_text_leaves_the_helper_starting_a_formula_and_all_of_it_comes_back(text):
    cell = cells.neutral(text)
    assert not cell or cell[0] not in cells.FORMULA_STARTS
    assert cells.restore(cell) == text


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.dates()))
def test_values_that_are_not_text_pass_unchanged(value):
    assert cells.neutral(value) == value


def test_every_spreadsheet_writer_uses_the_helper():
    """A new XLSX or CSV export (issue 10 adds more) finds the helper here, or fails this test."""
    writers = [p for p in WORKFLOW.rglob("*.py")
               if "openpyxl import Workbook" in p.read_text() or "csv.writer" in p.read_text()]
    assert len(writers) >= 3
    for path in writers:
        text = path.read_text()
        assert "cells.row(" in text or "cells.neutral(" in text, path


def _formulas(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [(sheet.title, c.coordinate, c.value) for sheet in book for line in sheet.iter_rows() for c in line
            if c.data_type == "f" or (isinstance(c.value, str) and c.value[:1] in cells.FORMULA_STARTS)]


def _texts(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    return " ".join(str(c.value) for sheet in book for line in sheet.iter_rows() for c in line)


def test_the_figures_workbook_holds_no_formula(login, w):
    w.lead.name, w.session.name = HOSTILE[0], HOSTILE[2]
    db.session.commit()
    w.proposal("in_handling")
    response = login("office").get(f"/office/figures.xlsx?session={w.session.id}")
    assert response.status_code == 200
    assert _formulas(response.data) == []
    assert "'" + HOSTILE[0] in _texts(response.data)  # shown as the text it is
    assert response.headers["Cache-Control"] == "no-store"


def test_the_archive_index_holds_no_formula(login, w):
    w.proposer.name = HOSTILE[3]
    db.session.commit()
    world = archivable(w)
    w.proposal("in_handling", title=HOSTILE[1])
    archive = archives.build_now(world.world.session.id, lambda: NOW)
    download = login("office").get(f"/office/archives/{archive.id}/download")
    assert download.status_code == 200 and download.headers["Cache-Control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(download.data)) as package:
        index = package.read("index.xlsx")
    assert _formulas(index) == []
    assert "'" + HOSTILE[3] in _texts(index)


@pytest.fixture
def hostile_holiday(ctx):
    """New Year's Day named like a formula; the calendar is kept between tests, so restored."""
    day = db.session.get(CalendarDay, date(2026, 1, 1))
    name, day.name = day.name, HOSTILE[0]
    db.session.commit()
    yield
    db.session.get(CalendarDay, date(2026, 1, 1)).name = name
    db.session.commit()


def test_the_calendar_csv_holds_no_formula_and_reads_back(login, w, hostile_holiday):
    response = login("admin").get("/admin/calendar/2026.csv")
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff"))))
    assert all(not field[:1] or field[0] not in cells.FORMULA_STARTS for row in rows for field in row)
    _year, entries = parse_calendar_file(response.text)  # imported again as exported
    assert next(e for e in entries if e.day == date(2026, 1, 1)).name == HOSTILE[0]


@pytest.fixture
def reply_with_file(w):
    proposal = received(w)
    return draft(w, proposal, attachments=[Upload("测算表.pdf", PDF)])


def test_downloads_and_personal_api_answers_are_not_stored(app, login, api, w, reply_with_file):
    reply = reply_with_file
    file_id = reply.attachments[0].id
    clerk = login("clerk")
    for path in (f"/files/{file_id}", f"/replies/{reply.id}", f"/proposals/{reply.proposal_id}", "/"):
        assert clerk.get(path).headers["Cache-Control"] == "no-store", path
    token_client = api(w.clerk)
    for path in (f"replies/{reply.id}", f"attachments/{file_id}", "proposals", "me"):
        answer = token_client.get(path)
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store", path
    anonymous = app.test_client()
    assert anonymous.get("/public/").headers["Cache-Control"] == "no-cache"
    assert "no-store" not in anonymous.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_the_letter_download_is_not_stored(login, api, w):
    reply = approved(w)
    for fmt in ("pdf", "docx"):
        response = login("clerk").get(f"/replies/{reply.id}/letter.{fmt}")
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
        assert api(w.clerk).get(f"replies/{reply.id}/letter.{fmt}").headers["Cache-Control"] == "no-store"
