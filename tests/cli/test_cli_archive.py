"""flask archive session <id>: the archive built in this process."""
import pytest

from tests.archive_support import archivable, read_zip
from tests.factories import World
from workflow.extensions import db
from workflow.models import Archive


@pytest.fixture
def runner(ctx):
    return ctx.test_cli_runner()


def test_archive_session_builds_the_zip(runner, ctx):
    a = archivable(World())
    result = runner.invoke(args=["archive", "session", str(a.world.session.id)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    row = db.session.execute(db.select(Archive)).scalar_one()
    assert row.state == "done" and row.requested_by_id is None
    assert f"archive {row.id}: 2 items in " in result.output and row.file_name in result.output
    path = result.output.strip().split(" items in ")[1]
    rows, texts = read_zip(open(path, "rb").read())
    assert len(rows) == 3 and a.reply.doc_number in texts[f"{a.closed.number}.pdf"]


def test_archive_session_refuses_an_unknown_session(runner):
    result = runner.invoke(args=["archive", "session", "999999"])
    assert result.exit_code != 0 and "该会次不存在。" in result.output
