"""Published attachments are offered only as masked copies, or not at all by setting (issue 9 §6),
through the public pages and the API; the originals never reach the public."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from tests.factories import World
from tests.files_support import (
    PERSONAL,
    docx_with_personal_data,
    pdf_with_personal_data,
    pdf_without_text,
    png,
    xlsx_with_personal_data,
    zip_text,
)
from tests.public.support import PUBLISHED_AT, credit_codes, sent_reply
from workflow.extensions import db
from workflow.models import PublishedFile
from workflow.services import publication, publication_files, publication_settings, settings, uploads
from workflow.services.uploads import Upload

FILES = {
    "杨文艳委员建议材料.docx": docx_with_personal_data(),
    "名单.xlsx": xlsx_with_personal_data(),
    "调研报告.pdf": pdf_with_personal_data(),
    "扫描件.pdf": pdf_without_text(),
    "现场照片.png": png(),
}


def readable_text(kind: str, data: bytes) -> str:
    """All a reader of the downloaded file can get at."""
    if kind == "pdf":
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() for page in reader.pages) + str(reader.metadata)
    return zip_text(data)


@pytest.fixture
def reply(ctx):
    w = World()
    credit_codes(w)
    sent = sent_reply(w, body="<p>杨文艳委员：如何明确责任分工已与您商定。</p>",
                      attachments=[Upload(name, data) for name, data in FILES.items()])
    sent.w = w
    return sent


def attachment_ids(reply) -> dict[str, int]:
    return {a.filename: a.id for a in reply.attachments}


def test_the_portal_offers_masked_copies_and_never_an_original(client, reply) -> None:
    ids = attachment_ids(reply)
    row = publication.publish(reply.w.office, reply.id, PUBLISHED_AT)
    html = client.get(f"/public/replies/{row.id}").get_data(as_text=True)
    assert "杨**委员建议材料（脱敏）.docx" in html and "名单（脱敏）.xlsx" in html
    assert "调研报告（脱敏文字版）.pdf" in html
    assert "扫描件" not in html and "现场照片" not in html and "杨文艳委员建议材料" not in html
    for name, kind in (("杨文艳委员建议材料.docx", "docx"), ("名单.xlsx", "xlsx"), ("调研报告.pdf", "pdf")):
        response = client.get(f"/public/replies/{row.id}/files/{ids[name]}")
        assert response.status_code == 200, name
        assert response.data != FILES[name]
        text = readable_text(kind, response.data)
        assert [value for value in PERSONAL if value in text] == [], name
        assert "杨文艳" not in response.headers["Content-Disposition"]
    for name in ("扫描件.pdf", "现场照片.png"):  # nothing to mask by rule: not offered at all
        assert client.get(f"/public/replies/{row.id}/files/{ids[name]}").status_code == 404


def test_the_api_lists_the_masked_copies_only(client, reply) -> None:
    ids = attachment_ids(reply)
    row = publication.publish(reply.w.office, reply.id, PUBLISHED_AT)
    body = client.get(f"/api/v1/public/replies/{row.id}").get_json()
    assert [(f["name"], f["kind"], f["text_copy"]) for f in body["files"]] == [
        ("杨**委员建议材料（脱敏）.docx", "docx", False), ("名单（脱敏）.xlsx", "xlsx", False),
        ("调研报告（脱敏文字版）.pdf", "pdf", True),
    ]
    assert body["attachments"] == [f["url"] for f in body["files"]]
    for file in body["files"]:
        data = client.get(file["url"]).data
        assert data not in FILES.values() and len(data) == file["size"]
    assert f"/files/{ids['现场照片.png']}" not in str(body)


def test_copies_are_masked_with_the_redactors_phrases(client, reply) -> None:
    ids = attachment_ids(reply)
    row = publication.publish(reply.w.office, reply.id, PUBLISHED_AT, phrases=["如何明确责任分工"])
    docx = client.get(f"/public/replies/{row.id}/files/{ids['杨文艳委员建议材料.docx']}").data
    assert "如何明确责任分工" not in zip_text(docx)
    assert "经电话沟通（手机138****2345），***已商定。" in [p.text for p in Document(io.BytesIO(docx)).paragraphs]


def test_the_setting_can_publish_no_attachments(client, reply, login) -> None:
    publication_settings.save(reply.w.admin, {"publication.attachments": "none"}, PUBLISHED_AT)
    ids = attachment_ids(reply)
    office = login("office")
    preview = office.get(f"/publishing/replies/{reply.id}").get_data(as_text=True)
    assert "附件不公开" in preview
    row = publication.publish(reply.w.office, reply.id, PUBLISHED_AT)
    assert db.session.query(PublishedFile).count() == 0
    assert all(client.get(f"/public/replies/{row.id}/files/{i}").status_code == 404 for i in ids.values())
    assert client.get(f"/api/v1/public/replies/{row.id}").get_json()["files"] == []


def test_republishing_replaces_the_copies_and_removes_the_old_files(client, reply) -> None:
    ids = attachment_ids(reply)
    row = publication.publish(reply.w.office, reply.id, PUBLISHED_AT)
    old_paths = [uploads.path_for(f.storage_name) for f in publication_files.of(row)]
    assert len(old_paths) == 3 and all(p.exists() for p in old_paths)
    publication.withdraw(reply.w.office, row.id, "附件需再核", PUBLISHED_AT)
    publication.republish(reply.w.office, reply.id, PUBLISHED_AT, attachment_ids=[ids["名单.xlsx"]],
                          phrases=["如何明确责任分工"])
    assert not any(p.exists() for p in old_paths)
    copies = publication_files.of(row)
    assert [c.attachment_id for c in copies] == [ids["名单.xlsx"]]
    xlsx = client.get(f"/public/replies/{row.id}/files/{ids['名单.xlsx']}").data
    assert "如何明确责任分工" not in zip_text(xlsx) and "***" in zip_text(xlsx)
    assert client.get(f"/public/replies/{row.id}/files/{ids['调研报告.pdf']}").status_code == 404


def test_a_failed_publication_leaves_no_copy_on_disk(reply) -> None:
    row = publication.publish(reply.w.office, reply.id, PUBLISHED_AT)
    before = set(Path(uploads.path_for("00").parent.parent).rglob("*"))
    with pytest.raises(RuntimeError), publication_files.copies() as copies:
        copies.make(row, reply, [a.id for a in reply.attachments], publication.attachment_masker(reply), PUBLISHED_AT)
        raise RuntimeError("the transaction failed")
    db.session.rollback()
    assert {p for p in Path(uploads.path_for("00").parent.parent).rglob("*") if p.is_file()} == {
        p for p in before if p.is_file()}
    assert len(publication_files.of(row)) == 3  # the committed copies stay


def test_the_original_files_stay_as_uploaded(reply) -> None:
    stored = {a.id: uploads.path_for(a.storage_name).read_bytes() for a in reply.attachments}
    publication.publish(reply.w.office, reply.id, PUBLISHED_AT, phrases=["如何明确责任分工"])
    assert {a.id: uploads.path_for(a.storage_name).read_bytes() for a in reply.attachments} == stored
    assert settings.get("publication.attachments") is None  # the default: masked copies


def test_the_redactor_checks_each_masked_copy_before_publishing(reply, login) -> None:
    ids = attachment_ids(reply)
    approver = login("approver")
    page = approver.get(f"/publishing/replies/{reply.id}").get_data(as_text=True)
    for name in ("杨文艳委员建议材料.docx", "名单.xlsx", "调研报告.pdf"):
        assert f"/publishing/replies/{reply.id}/files/{ids[name]}/masked" in page
    assert f"/files/{ids['现场照片.png']}/masked" not in page
    copy = approver.get(f"/publishing/replies/{reply.id}/files/{ids['杨文艳委员建议材料.docx']}/masked")
    assert copy.status_code == 200 and "%E6%9D%A8%2A%2A" in copy.headers["Content-Disposition"]  # 杨**
    assert [value for value in PERSONAL if value in zip_text(copy.data)] == []
    assert approver.get(f"/publishing/replies/{reply.id}/files/{ids['现场照片.png']}/masked").status_code == 404
    assert login("proposer").get(
        f"/publishing/replies/{reply.id}/files/{ids['名单.xlsx']}/masked").status_code in (403, 404)
    assert db.session.query(PublishedFile).count() == 0  # looking publishes nothing
