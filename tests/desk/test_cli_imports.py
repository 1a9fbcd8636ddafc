"""flask proposals import FILE: every problem listed, a non-zero exit and nothing saved on a bad
sheet; the whole sheet imported on a good one, numbered rows filed and the series moved on."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.desk_support import PROPOSAL_HEADER, proposal_rows, xlsx
from tests.factories import NOW
from workflow.extensions import db
from workflow.models import Proposal, ProposalTerms
from workflow.services import review, submission
from workflow.services.submission import DraftInput


@pytest.fixture
def runner(ctx):
    return ctx.test_cli_runner()


def _count() -> int:
    return db.session.execute(select(func.count(Proposal.id))).scalar_one()


def test_a_bad_sheet_exits_non_zero_with_every_problem(runner, w, tmp_path):
    rows = proposal_rows(w, 3)
    rows[0][4], rows[1][8], rows[2][0] = "无名氏", "", "不存在的会议"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx(PROPOSAL_HEADER, rows))
    result = runner.invoke(args=["proposals", "import", str(path)])
    assert result.exit_code == 2
    assert "line 2 [提出人]: “无名氏”不是本类型的委员或代表。" in result.stderr
    assert "line 3 [正文]: “正文”为空。" in result.stderr
    assert "line 4 [会次]: 没有名为“不存在的会议”的会次。" in result.stderr
    assert _count() == 0


def test_a_good_sheet_is_imported_and_numbered_rows_filed(runner, w, tmp_path):
    path = tmp_path / "good.xlsx"
    path.write_bytes(xlsx(PROPOSAL_HEADER, proposal_rows(w, 12, numbered=True)))
    checked = runner.invoke(args=["proposals", "import", str(path), "--check"])
    assert checked.exit_code == 0 and _count() == 0
    result = runner.invoke(args=["proposals", "import", str(path), "--by", "office"])
    assert result.exit_code == 0, result.stderr
    assert "imported 12 items" in result.stdout
    numbers = set(db.session.execute(select(Proposal.number).where(Proposal.state == "filed")).scalars())
    assert numbers == {f"第{i}号" for i in range(1, 13)}
    # Each item's words are stored for search and similar items, as the editor stores them.
    assert db.session.execute(select(func.count(ProposalTerms.proposal_id))).scalar_one() == 12
    # The next item filed in the system goes on after the paper's numbers.
    draft = submission.create_draft(w.proposer, DraftInput("关于新事的提案", "正文", w.session.id), NOW)
    submission.submit(w.proposer, draft.id, NOW)
    review.start_review(w.office, draft.id, NOW)
    assert review.file(w.office, draft.id, NOW, w.category.id).number == "第13号"
    again = runner.invoke(args=["proposals", "import", str(path)])
    assert again.exit_code == 2 and "本会次已有编号第1号" in again.stderr and _count() == 13
