"""The search of the list of proposals (queries.filtered_proposals, issue 13): a proposal is found
exactly when its number, title or text holds the term as written, whatever gives the candidates
(on PostgreSQL, the GIN index of each proposal's stored characters and pairs, migration 0020)."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import World
from workflow.clock import utcnow
from workflow.services import queries

TEXTS = [
    ("关于加快发展普惠托育服务的建议", "建议增加托育机构，完善补贴。"),
    ("关于推进垃圾分类的提案", "垃圾分类要从小区做起：ABC-12 项目"),
    ("关于规范共享单车停放的建议", "共享单车乱停放，50%的人说不便"),
    ("关于居家养老服务的建议", "居家养老_服务中心要覆盖每个社区"),
]
# Characters of the texts, characters in none of them, and the LIKE syntax a term must not be.
LETTERS = "".join(sorted({c for pair in TEXTS for c in "".join(pair)})) + "税城X%_\\"


@pytest.fixture
def world(ctx):
    w = World()
    w.proposal("filed", title=TEXTS[0][0], body=TEXTS[0][1])  # filed: it has a number, 第1号
    for title, body in TEXTS[1:]:
        w.draft(title=title, body=body, now=utcnow())
    return w


def found(world, term: str) -> set[str]:
    query = queries.filtered_proposals(world.proposer, queries.ProposalFilter(q=term), utcnow())
    from workflow.extensions import db

    return {p.title for p in db.session.execute(query).scalars()}


def expected(world, term: str) -> set[str]:
    from workflow.extensions import db
    from workflow.models import Proposal

    rows = db.session.execute(db.select(Proposal)).scalars()
    return {p.title for p in rows if term in (p.number or "") or term in p.title or term in p.body}


@pytest.mark.parametrize("term", ["托育", "托", "垃圾分类", "ABC-1", "C-1", "50%", "_服务", "第1号", "不存在的词",
                                  "单车停放", "。", "养老服务", "关于", "%", "\\"])
def test_a_term_finds_exactly_the_proposals_that_hold_it(world, term):
    assert found(world, term) == expected(world, term)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_piece_of_a_text_or_any_term_finds_the_same(world, data):
    title, body = data.draw(st.sampled_from(TEXTS))
    text = title + body
    start = data.draw(st.integers(0, len(text) - 1))
    piece = text[start:start + data.draw(st.integers(1, 6))]
    term = data.draw(st.one_of(st.just(piece), st.text(alphabet=LETTERS, min_size=1, max_size=4)))
    assert found(world, term) == expected(world, term)
