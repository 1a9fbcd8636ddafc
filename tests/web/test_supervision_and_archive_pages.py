"""The office's supervision form on the proposal page, and its archive page: start, follow, download."""
import io
import zipfile

from sqlalchemy import select

from tests.archive_support import archivable, read_zip
from tests.factories import NOW
from tests.handling_support import lead_of
from workflow.extensions import db
from workflow.models import Archive
from workflow.services import archives


def html(response) -> str:
    return response.get_data(as_text=True)


def test_the_office_writes_a_supervision_note_on_the_proposal_page(login, w):
    proposal = w.proposal("in_handling")
    office = login("office")
    page = html(office.get(f"/proposals/{proposal.id}"))
    assert 'data-testid="supervise-form"' in page and "督办意见" in page
    response = office.post(f"/office/proposals/{proposal.id}/supervise",
                           data={"body": "请于月底前报送办理进展。", "assignment_id": str(lead_of(proposal).id)})
    assert response.status_code == 302
    page = html(office.get(f"/proposals/{proposal.id}"))
    assert "督办意见已保存。" in page and "请于月底前报送办理进展。" in page

    clerk_page = html(login("clerk").get(f"/proposals/{proposal.id}"))
    assert "请于月底前报送办理进展。" in clerk_page and 'data-testid="supervise-form"' not in clerk_page
    assert "请于月底前报送办理进展。" not in html(login("coclerk").get(f"/proposals/{proposal.id}"))
    proposer_page = html(login("proposer").get(f"/proposals/{proposal.id}"))
    assert "请于月底前报送办理进展。" not in proposer_page and 'data-testid="supervision"' not in proposer_page


def test_an_empty_note_is_refused_with_its_reason(login, w):
    proposal = w.proposal("in_handling")
    office = login("office")
    office.post(f"/office/proposals/{proposal.id}/supervise", data={"body": "  "})
    assert "请填写督办意见。" in html(office.get(f"/proposals/{proposal.id}"))


def test_the_office_archives_a_session_and_downloads_the_zip(login, w):
    a = archivable(w)
    office = login("office")
    page = html(office.get("/office/archives/"))
    assert w.session.name in page and "尚无归档" in page
    response = office.post(f"/office/archives/sessions/{w.session.id}")
    assert response.status_code == 302
    archive = db.session.execute(select(Archive)).scalar_one()
    assert 'data-state="queued"' in html(office.get("/office/archives/"))  # tests enqueue nothing
    archives.run(archive.id, lambda: NOW)  # as the worker does

    page = html(office.get("/office/archives/"))
    assert 'data-state="done"' in page and f'data-testid="download-{archive.id}"' in page
    response = office.get(f"/office/archives/{archive.id}/download")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_data()
    response.close()
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    rows, texts = read_zip(data)
    assert rows[0][:3] == ["编号", "标题", "提出人"]  # the pages' language, Chinese by default
    assert a.reply.doc_number in texts[f"{a.closed.number}.pdf"]


def test_only_the_office_sees_the_archive_page(login, w):
    assert login("clerk").get("/office/archives/").status_code == 403
    assert login("admin").post(f"/office/archives/sessions/{w.session.id}").status_code == 403
    office = login("office")
    office.get("/office/archives/999999/download")
    assert "没有该归档。" in html(office.get("/office/archives/"))
