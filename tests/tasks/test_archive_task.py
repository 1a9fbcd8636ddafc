"""The office's archive request is built by a real worker, and the row says done."""
import time

import pytest

from tests.archive_support import archivable, read_zip
from tests.factories import NOW, World
from workflow.extensions import db
from workflow.models import Archive
from workflow.services import archives

pytestmark = pytest.mark.worker


def test_a_worker_builds_the_requested_archive(app, ctx, worker, monkeypatch):
    monkeypatch.setitem(app.config, "ENQUEUE_TASKS", True)  # as in production: sent on commit
    a = archivable(World())
    archive = archives.request_archive(a.world.office, a.world.session.id, NOW)  # sent to the broker on commit
    row = _when_finished(archive.id)
    assert (row.state, row.items, row.error) == ("done", 2, None)
    rows, texts = read_zip(archives.download(a.world.office, row.id)[0].read_bytes())
    assert len(rows) == 3 and a.reply.doc_number in texts[f"{a.closed.number}.pdf"]


def _when_finished(archive_id: int, timeout: float = 60) -> Archive:
    deadline = time.monotonic() + timeout
    while True:
        db.session.expire_all()  # the worker thread committed in its own session
        row = db.session.get(Archive, archive_id)
        if row.state in ("done", "failed") or time.monotonic() > deadline:
            return row
        time.sleep(0.2)
