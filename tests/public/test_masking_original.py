"""Masking never alters the stored original (SPEC 3.5, issue 9 §6), whatever the redactor marks,
with masking on or off, through preview, saved marks, publishing, withdrawal and republishing: the
reply, its versions, the proposal, the people and the uploaded files stay byte for byte."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.factories import World
from tests.files_support import docx_with_personal_data, pdf_with_personal_data
from tests.public.support import MASKING_BODY, PUBLISHED_AT, credit_codes, sent_reply
from workflow.extensions import db
from workflow.models import Attachment, Proposal, Reply, ReplyVersion, User
from workflow.services import publication, publication_settings, uploads
from workflow.services.errors import Invalid
from workflow.services.uploads import Upload


def stored() -> list:
    """Every column of every row masking could touch, and the uploaded files' bytes."""
    db.session.expire_all()
    rows = []
    for model in (Reply, ReplyVersion, Proposal, User, Attachment):
        for row in db.session.execute(select(model).order_by(model.id)).scalars():
            rows.append((model.__name__, tuple(getattr(row, c.key) for c in model.__table__.columns)))
    files = [uploads.path_for(a.storage_name).read_bytes()
             for a in db.session.execute(select(Attachment).order_by(Attachment.id)).scalars()]
    return rows + files


def test_the_stored_original_never_changes(ctx) -> None:
    w = World()
    credit_codes(w)
    reply = sent_reply(w, body=MASKING_BODY, attachments=[
        Upload("材料.docx", docx_with_personal_data()), Upload("报告.pdf", pdf_with_personal_data())])
    document = publication.letter_text(reply).document
    before = stored()

    slices = st.tuples(st.integers(0, len(document) - 1), st.integers(1, 12)).map(
        lambda s: document[s[0]:s[0] + s[1]])
    phrases = st.lists(st.one_of(slices, st.text(min_size=1, max_size=8)), max_size=6)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(phrases, st.booleans())
    def marking(marks: list[str], masking: bool) -> None:
        publication_settings.save(w.admin, {"publication.masking": masking}, PUBLISHED_AT)
        try:
            publication.preview(w.approver, reply.id, marks)
            publication.save_marks(w.approver, reply.id, marks, PUBLISHED_AT)
        except Invalid:
            db.session.rollback()  # a phrase not in the letter, or too long: refused, nothing kept
        assert stored() == before

    marking()
    publication_settings.save(w.admin, {"publication.masking": True}, PUBLISHED_AT)
    row = publication.publish(w.office, reply.id, PUBLISHED_AT, phrases=["转贷资金池"])
    assert "杨文艳" not in row.body and stored() == before
    publication.withdraw(w.office, row.id, "重新核对", PUBLISHED_AT)
    publication.republish(w.office, reply.id, PUBLISHED_AT, phrases=["融资难"])
    assert stored() == before
