"""The demo (make run) shows issue 11 where a user would look: every bureau has duties, the filed
proposal waiting for assignment has suggested bureaus, the proposal under review a likely duplicate,
and the reply awaiting approval answers every numbered suggestion."""
from datetime import UTC, datetime

from sqlalchemy import select

from workflow.demo import seed
from workflow.demo.directory import BUREAUS
from workflow.extensions import db
from workflow.models import Bureau, Proposal, Reply, User
from workflow.services import coverage, routing, similar


def test_the_demo_shows_the_text_features(ctx):
    seed.seed(datetime(2026, 11, 22, 2, 0, tzinfo=UTC))
    bureaus = db.session.execute(select(Bureau)).scalars().all()
    assert len(bureaus) == len(BUREAUS) >= 26 and all(b.duties and b.keywords and b.short_name for b in bureaus)
    office = db.session.execute(select(User).where(User.username == "office")).scalar_one()
    proposals = {p.title: p for p in db.session.execute(select(Proposal)).scalars()}

    waiting = proposals["关于完善小微企业融资担保体系的建议"]
    suggested = routing.suggest_for(office, waiting.id)
    assert waiting.state == "filed" and suggested.lead is not None
    assert suggested.lead.bureau.code in {"jrb", "jxj", "czj"}
    assert suggested.lead.duty_words or suggested.lead.neighbour_words
    assert "融资担保" in suggested.lead.keyword_words  # the demo's keywords name the matter

    reviewing = proposals["关于加强小微企业分级分类服务与管理的建议"]
    found = similar.duplicates(office, reviewing)
    first = proposals["关于加强小型微型企业分级服务与管理的建议"]
    assert reviewing.state == "under_review" and found[0].proposal.id == first.id and found[0].duplicate

    awaiting = db.session.execute(select(Reply).where(Reply.state == "awaiting_approval")).scalars().first()
    assert coverage.of_text(awaiting.proposal, awaiting.body).points
    assert not coverage.of_text(awaiting.proposal, awaiting.body).unanswered
