"""The archive of a session: a ZIP of one PDF per numbered item and an XLSX index, recorded as a
row that goes queued → running → done (or failed), built here in-process as the CLI does."""

from datetime import timedelta

import pytest

from tests.archive_support import archivable, read_zip
from tests.factories import NOW
from workflow.extensions import db
from workflow.models import Archive
from workflow.services import archives
from workflow.services.errors import Forbidden, NotFound, StateConflict


@pytest.fixture
def a(ctx):
    from tests.factories import World

    return archivable(World())


def test_an_archive_is_finished_when_its_build_ends_not_when_it_starts(a):
    times = iter([NOW, NOW + timedelta(minutes=7)])
    archive = archives.build_now(a.world.session.id, lambda: next(times))
    assert (archive.requested_at, archive.finished_at) == (NOW, NOW + timedelta(minutes=7))


def test_the_archive_holds_every_numbered_item_and_an_index(a):
    archive = archives.build_now(a.world.session.id, lambda: NOW)
    assert (archive.state, archive.items, archive.error) == ("done", 2, None)
    assert archive.finished_at == NOW and archive.requested_by_id is None
    path, name = archives.download(a.world.office, archive.id)
    assert path.parent == archives.archive_dir() and path.parent.name == "archives"
    assert name.endswith(".zip") and a.world.session.name in name

    rows, texts = read_zip(path.read_bytes())
    header, *items = rows
    assert header[:3] == ["Number", "Title", "Proposer"]  # service tests run in English
    by_number = {row[0]: row for row in items}
    closed = by_number[a.closed.number]
    assert closed[1] == a.closed.title and closed[2] == "杨文艳"
    assert "市经信局" in closed[3] and "市财政局" in closed[3]
    assert closed[5] == a.reply.doc_number and closed[6] == "A 已解决或采纳"  # the category by its name
    assert "Satisfied" in closed[7] and "办理认真" in closed[7]
    assert by_number[a.open.number][5] is None  # no reply yet
    assert closed[11] == f"{a.closed.number}.pdf"

    assert set(texts) == {f"{a.closed.number}.pdf", f"{a.open.number}.pdf"}
    pdf = texts[f"{a.closed.number}.pdf"]
    for expected in (a.closed.number, a.closed.title, a.reply.doc_number, "我局会同市财政局设立转贷资金池。",
                     "电话沟通了办理思路。", "同意主办单位意见", "办理认真", "请按期答复。"):
        assert expected in pdf, expected
    assert a.open.title in texts[f"{a.open.number}.pdf"]


def test_each_request_is_a_new_archive(a):
    first = archives.request_archive(a.world.office, a.world.session.id, NOW)
    second = archives.request_archive(a.world.office, a.world.session.id, NOW)
    assert first.id != second.id and first.state == second.state == "queued"
    with pytest.raises(StateConflict, match="not ready"):
        archives.download(a.world.office, first.id)
    assert archives.run(first.id, lambda: NOW).state == "done"
    assert archives.run(first.id, lambda: NOW).state == "done"  # delivered twice: built once
    assert [x.id for x in archives.archives_of(a.world.office, a.world.session.id)] == [second.id, first.id]


def test_only_the_office_archives(a):
    with pytest.raises(Forbidden, match="Only the proposal office"):
        archives.request_archive(a.world.clerk, a.world.session.id, NOW)
    with pytest.raises(Forbidden):
        archives.download(a.world.admin, 1)
    with pytest.raises(NotFound, match="No such session"):
        archives.request_archive(a.world.office, 999999, NOW)


def test_a_failure_is_recorded_on_the_row(a, monkeypatch):
    written = []

    def broken(target, items):
        written.append(target)
        target.write_bytes(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(archives, "write_zip", broken)
    archive = archives.build_now(a.world.session.id, lambda: NOW)
    db.session.expire_all()
    row = db.session.get(Archive, archive.id)
    assert (row.state, row.error, row.file_name) == ("failed", "OSError", None)
    assert written and not written[0].exists()  # the partial file is gone
