"""The demo (make run) publishes its sent public replies and withdraws one, so an anonymous
visitor finds them by searching 小微企业 and 融资 (issue 5, "Done when")."""
from datetime import UTC, datetime

from sqlalchemy import select

from tests.files_support import zip_text
from workflow.demo import seed
from workflow.extensions import db
from workflow.models import Publication
from workflow.services import publication_files, search
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


def test_the_demo_shows_the_public_metadata_and_masked_attachments(ctx, client):
    """Issue 9 §6 and §7 where a visitor of the demo portal looks."""
    seed.seed(datetime(2026, 11, 22, 2, 0, tzinfo=UTC))
    jinhua, training, _ = db.session.execute(select(Publication).order_by(Publication.id)).scalars().all()
    assert "如何明确小微企业园认定标准，对任何明显不符合条件" in jinhua.body  # 何明 is masked nowhere in it
    assert jinhua.publisher == "市经信局" and jinhua.issuer == "金华市经济和信息化局"
    page = client.get(f"/public/replies/{jinhua.id}").get_data(as_text=True)
    assert "人大代表建议" in page and "面向社会" in page
    files = publication_files.of(training)
    assert [f.filename for f in files] == ["培训补贴学员名单（欧阳**委员转来）（脱敏）.docx"]
    copy = client.get(f"/public/replies/{training.id}/files/{files[0].attachment_id}").data
    text = zip_text(copy)
    assert "欧阳明" not in text and "13857912345" not in text.replace(" ", "") and "19880506" not in text
    assert "李建华" not in text and "周晓燕" in text  # the approver's mark holds in the attachment too
    assert "欧阳**委员" in text and "138 **** 2345" in text and "0579-82469726" in text
    assert "培训现场照片" not in client.get(f"/public/replies/{training.id}").get_data(as_text=True)
