"""The reply letter as the proposer receives it: DOCX and PDF of the approved text with its
document number (SPEC 5), rendered by workflow/letters."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from workflow.domain import richtext
from workflow.domain.deadlines import local_date
from workflow.domain.reply_text import DISCLOSURE_TEXT, contact_line
from workflow.extensions import db
from workflow.letters.docx import render_docx
from workflow.letters.letter import ReplyLetter
from workflow.letters.pdf import render_pdf
from workflow.models import Attachment, Reply, User
from workflow.services.errors import StateConflict
from workflow.services.reply_access import get_reply

RENDERERS = {"docx": render_docx, "pdf": render_pdf}
MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def letter_of(reply: Reply) -> ReplyLetter:
    """The letter from the approved version: later corrections of the category by the office
    change the figures, not the letter as it was sent."""
    version = next(v for v in reply.versions if v.number == reply.approved_version)
    return ReplyLetter(
        issuer=reply.bureau.name,
        doc_number=reply.doc_number,
        title=version.title,
        salutation=version.salutation,
        body="\n".join(richtext.paragraphs(version.body)),
        date=local_date(reply.approved_at),
        resolution=version.resolution,
        disclosure=DISCLOSURE_TEXT.get(version.disclosure or ""),
        copy_to=tuple(version.copy_to or ()),
        contact=contact_line(version.contact_name, version.contact_phone),
        attachments=attachment_names(version.attachment_ids or []),
    )


def attachment_names(ids: list[int]) -> tuple[str, ...]:
    """The file names of the letter's 附件, in the order they were attached."""
    if not ids:
        return ()
    names = dict(db.session.execute(select(Attachment.id, Attachment.filename).where(Attachment.id.in_(ids))).all())
    return tuple(names[i] for i in ids if i in names)


def render(actor: User, reply_id: int, fmt: str) -> tuple[bytes, str, str]:
    """(bytes, mimetype, file name) of the letter, for those who may see the reply, once it has
    its document number."""
    reply = get_reply(actor, reply_id)
    if not reply.numbered:
        raise StateConflict(_("The letter exists once the reply is approved and numbered."), reply.state)
    data = RENDERERS[fmt](letter_of(reply))
    return data, MIMETYPES[fmt], f"{reply.doc_number}.{fmt}"
