"""A small session to archive, made with the real services: one item answered, rated and closed,
one still in handling; and readers for the ZIP it becomes."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import World
from tests.handling_support import LATER, lead_of, sent
from workflow.extensions import db
from workflow.models import Proposal, Reply
from workflow.services import feedback, supervision
from workflow.services.feedback import FeedbackInput


@dataclass
class ArchivedWorld:
    world: World
    closed: Proposal
    reply: Reply
    open: Proposal


def archivable(w: World) -> ArchivedWorld:
    reply = sent(w)
    feedback.rate(w.proposer, reply.id, FeedbackInput("satisfied", "satisfied", "satisfied", "办理认真"), LATER)
    supervision.write_note(w.office, reply.proposal_id, "请按期答复。", LATER, lead_of(reply.proposal).id)
    other = w.proposal("in_handling", title="关于加强农村公路养护的建议")
    db.session.refresh(reply)
    return ArchivedWorld(w, reply.proposal, reply, other)


def read_zip(data: bytes) -> tuple[list[list], dict[str, str]]:
    """The index's rows (header first) and each PDF's text without white space, by file name."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet = load_workbook(io.BytesIO(package.read("index.xlsx"))).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        texts = {
            name: "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(package.read(name))).pages)
            for name in package.namelist() if name.endswith(".pdf")
        }
    return rows, texts
