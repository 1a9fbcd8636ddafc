"""Bringing an item through handling with the real services, for the tests of issue 3."""
from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

from tests.factories import NOW, World
from workflow.domain.deadlines import local_date
from workflow.extensions import db
from workflow.models import Assignment, Proposal, Reply
from workflow.services import approval, assignment, contacts, drafting, opinions, review
from workflow.services.assignment import BureauChoice
from workflow.services.contacts import ContactInput
from workflow.services.drafting import DraftInput
from workflow.services.opinions import OpinionInput

LATER = NOW + timedelta(days=7)
BODY = "<p>您提出的建议收悉。现答复如下：</p><p>一、关于融资难问题</p><p>我局会同市财政局设立转贷资金池。</p>"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office_package(part: str) -> bytes:
    """A minimal OOXML package: word/document.xml makes a DOCX, xl/workbook.xml an XLSX. Its entries
    carry a fixed date, so the same package has the same bytes in every process (pytest-xdist's
    workers must collect identical parameters)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in (("[Content_Types].xml", "<Types/>"), (part, "<x/>")):
            package.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


DOCX = office_package("word/document.xml")
XLSX = office_package("xl/workbook.xml")


def lead_of(proposal: Proposal) -> Assignment:
    return next(a for a in proposal.assignments if a.role == "lead")


def co_of(proposal: Proposal) -> Assignment:
    return next(a for a in proposal.assignments if a.role == "co")


def received(w: World, **kw) -> Proposal:
    """A proposal assigned to the lead and the co bureau, both signed for."""
    proposal = w.proposal("in_handling", **kw)
    assignment.receive(w.clerk, lead_of(proposal).id, NOW)
    assignment.receive(w.coclerk, co_of(proposal).id, NOW)
    return proposal


def add_contact(w: World, proposal: Proposal, when: date | None = None):
    return contacts.add_contact(
        w.clerk, lead_of(proposal).id,
        ContactInput(when or local_date(LATER), "phone", "杨文艳、邵军", "电话沟通了办理思路。"), LATER,
    )


def submit_opinion(w: World, proposal: Proposal):
    return opinions.save(w.coclerk, co_of(proposal).id, OpinionInput("同意主办单位意见，财政资金予以保障。"), LATER,
                         then_submit=True)


def complete(**overrides) -> DraftInput:
    values = dict(
        title="关于对测试cppcc会议第1号提案答复的函", salutation="杨文艳委员：", body=BODY, resolution="A",
        disclosure="public", contact_name="邵军", contact_phone="0579-82468101", copy_to=["市财政局"],
    )
    values.update(overrides)
    return DraftInput(**values)


def draft(w: World, proposal: Proposal, **overrides) -> Reply:
    return drafting.save_draft(w.clerk, lead_of(proposal).id, complete(**overrides), LATER)


def awaiting_approval(w: World, **kw) -> Reply:
    proposal = received(w, **kw)
    add_contact(w, proposal)
    submit_opinion(w, proposal)
    reply = draft(w, proposal)
    return approval.submit(w.clerk, reply.id, LATER)


def approved(w: World, **kw) -> Reply:
    reply = awaiting_approval(w, **kw)
    return approval.approve(w.approver, reply.id, LATER)


def reply_sent(w: World, proposal: Proposal) -> Reply:
    """A submitted proposal taken through review, filing and the lead bureau's handling to its
    reply sent, each step by the real service."""
    review.start_review(w.office, proposal.id, NOW)
    review.file(w.office, proposal.id, NOW, w.category.id)
    assignment.assign(w.office, proposal.id, [BureauChoice(w.lead.id, "lead")], NOW)
    assignment.receive(w.clerk, lead_of(proposal).id, NOW)
    add_contact(w, proposal)
    reply = draft(w, proposal)
    approval.submit(w.clerk, reply.id, LATER)
    approval.approve(w.approver, reply.id, LATER)
    return approval.send(w.clerk, reply.id, LATER)


def sent(w: World, **kw) -> Reply:
    reply = approved(w, **kw)
    reply = approval.send(w.clerk, reply.id, LATER)
    db.session.refresh(reply.proposal)
    return reply
