"""Uploads (SPEC 7): real type by magic bytes, size limit, generated names, nothing half-saved."""
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.factories import World
from tests.handling_support import DOCX, JPEG, LATER, PDF, PNG, XLSX, lead_of, office_package, received
from workflow.extensions import db
from workflow.models import Attachment, Contact
from workflow.services import uploads
from workflow.services.contacts import ContactInput, add_contact
from workflow.services.errors import Invalid
from workflow.services.uploads import Upload


@pytest.fixture
def w(ctx):
    return World()


def contact_with(w, files):
    p = received(w)
    return add_contact(w.clerk, lead_of(p).id, ContactInput(date(2026, 3, 12), "phone", attachments=files), LATER)


def stored_files(app) -> list[Path]:
    return [p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()]


def test_files_are_stored_under_generated_names_never_the_clients(w, app):
    before = set(stored_files(app))
    contact = contact_with(w, [Upload("../../../tmp/evil.pdf", PDF), Upload("照片.PNG", PNG), Upload("表.xlsx", XLSX),
                               Upload("函.docx", DOCX), Upload("现场.jpg", JPEG)])
    rows = contact.attachments
    assert [(r.filename, r.kind) for r in rows] == [
        ("evil.pdf", "pdf"), ("照片.png", "png"), ("表.xlsx", "xlsx"), ("函.docx", "docx"), ("现场.jpg", "jpeg"),
    ]
    new = set(stored_files(app)) - before
    assert {p.name for p in new} == {r.storage_name for r in rows}
    for row in rows:
        assert len(row.storage_name) == 32 and row.storage_name.isalnum()
        path = uploads.path_for(row.storage_name)
        assert path.parent.parent == Path(app.config["UPLOAD_DIR"]) and path.read_bytes()[:4] in (
            PDF[:4], PNG[:4], DOCX[:4], JPEG[:4])
    assert not Path("/tmp/evil.pdf").exists()
    with pytest.raises(ValueError):
        uploads.path_for("../x")


@pytest.mark.parametrize(("name", "data"), [
    ("report.pdf", b"MZ\x90\x00\x03 not a pdf"),
    ("page.pdf", b"<html><script>alert(1)</script>"),
    ("archive.docx", office_package("content.xml")),
    ("empty.pdf", b""),
])
def test_the_type_comes_from_the_bytes_not_the_name(w, name, data):
    with pytest.raises(Invalid) as caught:
        contact_with(w, [Upload(name, data)])
    assert name in caught.value.errors["attachments"]
    assert db.session.execute(select(Contact)).first() is None  # nothing half-saved


def test_oversize_files_are_refused(w, app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 1000)
    with pytest.raises(Invalid) as caught:
        contact_with(w, [Upload("small.pdf", PDF), Upload("big.pdf", PDF + b"0" * 1000)])
    assert "big.pdf" in caught.value.errors["attachments"] and "MB" in caught.value.errors["attachments"]
    assert db.session.execute(select(Attachment)).first() is None


def test_the_allowed_types_are_configurable(w, app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_TYPES", ("pdf",))
    with pytest.raises(Invalid) as caught:
        contact_with(w, [Upload("photo.png", PNG)])
    assert "(PDF)" in caught.value.errors["attachments"]


def test_too_many_files_at_once(w):
    with pytest.raises(Invalid):
        contact_with(w, [Upload(f"{i}.pdf", PDF) for i in range(uploads.MAX_FILES + 1)])


def test_a_failed_transaction_leaves_no_file_behind(w, app):
    p = received(w)
    before = set(stored_files(app))
    staged = uploads.check([Upload("a.pdf", PDF), Upload("b.png", PNG)])
    with pytest.raises(RuntimeError):
        with uploads.storing(w.clerk, p.id, LATER) as store:
            for item in staged:
                store(item, contact_id=None)
            raise RuntimeError("the commit failed")
    assert set(stored_files(app)) == before
