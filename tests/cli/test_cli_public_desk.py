"""flask progress open|close|list and flask clues count (issue 12)."""
from __future__ import annotations

from tests.factories import NOW, World
from workflow.extensions import db
from workflow.services import clues


def test_open_and_close(app, ctx):
    w = World()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["progress", "open", str(w.session.id)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert w.session.progress_public
    assert f"{w.session.id}\topen" in runner.invoke(args=["progress", "list"]).output
    runner.invoke(args=["progress", "close", str(w.session.id)])
    db.session.expire_all()
    assert not w.session.progress_public
    assert runner.invoke(args=["progress", "open", "999999"]).exit_code != 0
    clues.send(clues.ClueInput("题", "内容", "13858012345"), NOW)
    assert "received\t1" in runner.invoke(args=["clues", "count"]).output
