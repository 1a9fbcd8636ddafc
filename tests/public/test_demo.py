"""The demo (make run) publishes its sent public replies and withdraws one, so an anonymous
visitor finds them by searching 小微企业 and 融资 (issue 5, "Done when")."""
from datetime import UTC, datetime

from sqlalchemy import select

from workflow.demo import seed
from workflow.extensions import db
from workflow.models import Publication
from workflow.services import search
from workflow.services.search import PublicFilter


def test_the_demo_publishes_masks_and_withdraws(ctx, client):
    seed.seed(datetime(2026, 11, 22, 2, 0, tzinfo=UTC))
    rows = db.session.execute(select(Publication).order_by(Publication.id)).scalars().all()
    assert [r.state for r in rows] == ["published", "published", "withdrawn"]
    assert [r.serial for r in rows] == [1, 2, 3] and rows[0].index_number == "1133070000259288XD/2026-00001"
    jinhua, training, parks = rows
    assert jinhua.salutation == "何**代表：" and jinhua.channel == "npc"
    assert "欧阳**委员" in training.body and "138****2345" in training.body and "学员***反映" in training.body
    assert "欧阳明" not in training.body and "李建华" not in training.body
    assert training.contact.startswith("联系人：邵 *")
    for q in ("小微企业", "融资"):
        found = [hit.publication.id for hit in search.search(PublicFilter(q=q)).items]
        assert found == [training.id, jinhua.id], q
    assert client.get(f"/public/replies/{parks.id}").status_code == 410
    page = client.get(f"/public/replies/{training.id}").get_data(as_text=True)
    assert training.index_number in page and "欧阳**委员" in page
