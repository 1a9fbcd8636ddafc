"""One item in each stage of its life, built through the real services, to be cloned at scale by
bench/pages_data.py: every state, clock, event and notice is what the system itself writes.

Each template starts `age` days before `now` and moves on a few days per step, so its clocks
fall where such an item's would. The lead bureau is the directory's first bureau, the co bureau
its second, the second separate bureau its third; the proposers are the first of each channel.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from workflow.domain.deadlines import local_date
from workflow.extensions import db
from workflow.models import Assignment, Proposal, Reply
from workflow.services import (
    approval,
    assignment,
    contacts,
    decisions,
    drafting,
    extensions,
    feedback,
    opinions,
    publication,
    review,
    settings,
    submission,
)
from workflow.services.assignment import BureauChoice
from workflow.services.contacts import ContactInput
from workflow.services.feedback import FeedbackInput
from workflow.services.opinions import OpinionInput

DAY = timedelta(days=1)
BODY = ("<p>您提出的建议收悉。经研究，现答复如下：</p><p>一、关于融资难问题。我局会同市财政局设立转贷资金池，"
        "累计为小微企业提供转贷资金十二亿元。</p><p>二、关于税费负担。落实减税降费政策，全年减免税费三点二亿元。</p>"
        "<p>感谢您对我市工作的关心和支持！</p>")
PROPOSAL_BODY = "近年来，我市小微企业发展迅速，但仍面临融资难、融资贵、用工难等问题。建议：一、完善融资担保体系；二、落实减税降费。"


@dataclass(frozen=True)
class Template:
    name: str
    current: int  # weight among the current session's items
    past: int  # weight among earlier sessions' items (finished items only)
    age: int  # days before `now` the item was written
    build: Callable  # (Builder, start) -> list of the proposal ids it made


class Builder:
    """The people and places a template works with (bench/pages_data.Directory)."""

    def __init__(self, directory, now: datetime):
        self.d, self.now = directory, now
        self.lead, self.co, self.other = directory.bureaus[:3]
        self.proposer, self.cosigner = directory.proposers["cppcc"][:2]
        self.deputy = directory.proposers["npc"][0]
        self.office = directory.office

    def clerk(self, bureau):
        return self.d.clerks[bureau.id]

    def approver(self, bureau):
        return self.d.approvers[bureau.id]

    # --- the first half -------------------------------------------------------------------------

    def draft(self, at, author=None, cosigners=()):
        author = author or self.proposer
        data = submission.DraftInput(
            title="关于扶持小微企业成长升级的建议", body=PROPOSAL_BODY, session_id=self.d.current[author.channel].id,
            author_kind="joint" if cosigners else "individual", cosigner_ids=[c.id for c in cosigners],
        )
        return submission.create_draft(author, data, at)

    def submitted(self, at, author=None):
        proposal = self.draft(at, author)
        submission.submit(proposal.proposer, proposal.id, at + DAY)
        return proposal

    def under_review(self, at, author=None):
        proposal = self.submitted(at, author)
        review.start_review(self.office, proposal.id, at + 2 * DAY)
        return proposal

    def filed(self, at, author=None, **kw):
        proposal = self.under_review(at, author)
        review.file(self.office, proposal.id, at + 3 * DAY, self.d.categories[proposal.channel].id, **kw)
        return proposal

    def assigned(self, at, author=None, separate=False, **kw):
        proposal = self.filed(at, author, **kw)
        if separate:
            choices = [BureauChoice(self.lead.id, "separate"), BureauChoice(self.other.id, "separate")]
        else:
            choices = [BureauChoice(self.lead.id, "lead"), BureauChoice(self.co.id, "co")]
        assignment.assign(self.office, proposal.id, choices, at + 4 * DAY)
        db.session.refresh(proposal)
        return proposal

    def received(self, at, author=None, **kw):
        proposal = self.assigned(at, author, **kw)
        for part in proposal.assignments:
            assignment.receive(self.clerk(part.bureau), part.id, at + 5 * DAY)
        return proposal

    # --- handling -------------------------------------------------------------------------------

    def part(self, proposal: Proposal, role: str = "lead") -> Assignment:
        db.session.refresh(proposal)
        return next(a for a in proposal.assignments if a.role == role and a.state != "withdrawn")

    def contacted(self, proposal, at):
        lead = self.part(proposal, self._answering_role(proposal))
        contacts.add_contact(self.clerk(lead.bureau), lead.id,
                             ContactInput(local_date(at), "phone", "杨文艳、邵军", "电话沟通了办理思路。"), at)

    def opinion(self, proposal, at):
        co = self.part(proposal, "co")
        opinions.save(self.clerk(co.bureau), co.id, OpinionInput("同意主办单位意见，财政资金予以保障。"), at,
                      then_submit=True)

    def reply(self, proposal, at, disclosure="public", resolution="A", part=None) -> Reply:
        part = part or self.part(proposal, self._answering_role(proposal))
        data = drafting.prefill(self.clerk(part.bureau), part)
        data.body, data.resolution, data.disclosure = BODY, resolution, disclosure
        data.disclosure_reason = None if disclosure == "public" else "涉及个人隐私"
        data.contact_name, data.contact_phone = "邵军", "0579-82468101"
        return drafting.save_draft(self.clerk(part.bureau), part.id, data, at)

    def awaiting_approval(self, at, author=None, **kw) -> Reply:
        reply_kw = _reply_kw(kw)
        proposal = self.received(at, author, **kw)
        self.contacted(proposal, at + 10 * DAY)
        if any(a.role == "co" for a in proposal.assignments):
            self.opinion(proposal, at + 20 * DAY)
        reply = self.reply(proposal, at + 30 * DAY, **reply_kw)
        return approval.submit(self.clerk(reply.bureau), reply.id, at + 31 * DAY, confirm_missing_opinions=True)

    def approved(self, at, author=None, **kw) -> Reply:
        reply = self.awaiting_approval(at, author, **kw)
        return approval.approve(self.approver(reply.bureau), reply.id, at + 32 * DAY)

    def sent(self, at, author=None, **kw) -> Reply:
        reply = self.approved(at, author, **kw)
        return approval.send(self.clerk(reply.bureau), reply.id, at + 33 * DAY)

    def rated(self, at, rating="satisfied", author=None, **kw) -> Reply:
        reply = self.sent(at, author, **kw)
        rater = reply.proposal.proposer
        feedback.rate(rater, reply.id, FeedbackInput(rating, rating, rating, "答复认真。"), at + 36 * DAY)
        return reply

    def published(self, reply: Reply, at):
        publication.publish(self.office, reply.id, at)

    @staticmethod
    def _answering_role(proposal) -> str:
        return "lead" if any(a.role == "lead" for a in proposal.assignments) else "separate"


def _reply_kw(kw: dict) -> dict:
    return {k: kw.pop(k) for k in ("disclosure", "resolution") if k in kw}


def _ids(*proposals) -> list[int]:
    return [p.id for p in proposals]


def _with_setting(key: str, build: Callable) -> Callable:
    def built(b: Builder, at):
        settings.put(key, True)
        db.session.commit()
        try:
            return build(b, at)
        finally:
            settings.put(key, False)
            db.session.commit()
    return built


# --- the templates ---------------------------------------------------------------------------------

def _cosign_pending(b: Builder, at):
    proposal = b.draft(at, cosigners=[b.cosigner])
    submission.submit(b.proposer, proposal.id, at + DAY)
    return _ids(proposal)


def _not_filed(answered: bool):
    def build(b: Builder, at):
        proposal = b.under_review(at)
        review.reject(b.office, proposal.id, at + 3 * DAY, "没有具体建议内容的")
        if answered:
            submission.consent_opinion_letter(b.proposer, proposal.id, True, at + 5 * DAY)
        return _ids(proposal)
    return build


def _reassignment_requested(b: Builder, at):
    proposal = b.assigned(at)
    co = b.part(proposal, "co")
    assignment.request_reassignment(b.clerk(co.bureau), co.id, "不属于我局职责", at + 5 * DAY)
    return _ids(proposal)


def _opinion_to_sign_off(b: Builder, at):
    proposal = b.received(at)
    b.opinion(proposal, at + 15 * DAY)
    return _ids(proposal)


def _reply_cosigning(b: Builder, at):
    proposal = b.received(at)
    b.contacted(proposal, at + 10 * DAY)
    b.opinion(proposal, at + 20 * DAY)
    reply = b.reply(proposal, at + 30 * DAY)
    approval.submit(b.clerk(reply.bureau), reply.id, at + 31 * DAY)
    return _ids(proposal)


def _extension(endorsed: bool):
    def build(b: Builder, at):
        proposal = b.received(at)
        lead = b.part(proposal)
        clock = extensions.answer_clock(lead)
        row = extensions.request(b.clerk(lead.bureau), lead.id, "涉及多个部门，需要更多时间。",
                                 clock.due_date + 30 * DAY, at + 20 * DAY)
        if endorsed:
            extensions.endorse(b.approver(lead.bureau), row.id, at + 21 * DAY)
        return _ids(proposal)
    return build


def _unsatisfied(b: Builder, at):
    return _ids(b.rated(at, "unsatisfied", disclosure="not_public").proposal)


def _rehandling(b: Builder, at):
    reply = b.rated(at, "unsatisfied", disclosure="not_public")
    decisions.order_rehandling(b.office, reply.proposal_id, "请重新办理", at + 40 * DAY)
    return [reply.proposal_id]


def _closed(public: bool, author=None):
    def build(b: Builder, at):
        reply = b.rated(at, author=author or b.proposer, disclosure="public" if public else "not_public",
                        resolution="AB"[at.day % 2])
        if public:
            b.published(reply, at + 40 * DAY)
        return [reply.proposal_id]
    return build


def _closed_npc(b: Builder, at):
    return _closed(True, b.deputy)(b, at)


def _withdrawn(b: Builder, at):
    proposal = b.submitted(at)
    submission.withdraw(b.proposer, proposal.id, at + 2 * DAY, "另行提交")
    return _ids(proposal)


def _merged(b: Builder, at):
    target = b.filed(at)
    other = b.under_review(at)
    review.merge(b.office, other.id, at + 3 * DAY, target.id)
    assignment.assign(b.office, target.id, [BureauChoice(b.lead.id, "lead")], at + 4 * DAY)
    return _ids(target, other)


TEMPLATES: tuple[Template, ...] = (
    Template("draft", 2, 0, 3, lambda b, at: _ids(b.draft(at))),
    Template("awaiting_cosigners", 1, 0, 3, _cosign_pending),
    Template("submitted", 2, 0, 4, lambda b, at: _ids(b.submitted(at))),
    Template("under_review", 2, 0, 6, lambda b, at: _ids(b.under_review(at))),
    Template("filed", 2, 0, 8, lambda b, at: _ids(b.filed(at))),
    Template("not_filed_asked", 1, 0, 10, _not_filed(False)),
    Template("pending_receipt", 4, 0, 6, lambda b, at: _ids(b.assigned(at))),
    Template("reassignment_requested", 1, 0, 8, _reassignment_requested),
    Template("received", 12, 0, 25, lambda b, at: _ids(b.received(at))),
    Template("separate", 2, 0, 25, lambda b, at: _ids(b.received(at, separate=True))),
    Template("opinion_to_sign_off", 2, 0, 25, _with_setting("co_opinion_signoff", _opinion_to_sign_off)),
    Template("reply_cosigning", 2, 0, 40, _with_setting("co_signature_before_approval", _reply_cosigning)),
    Template("awaiting_approval", 4, 0, 40, lambda b, at: [b.awaiting_approval(at).proposal_id]),
    Template("key_awaiting_approval", 1, 0, 40,
             lambda b, at: [b.awaiting_approval(at, is_key=True, key_leader="王副市长").proposal_id]),
    Template("approved", 2, 0, 42, lambda b, at: [b.approved(at).proposal_id]),
    Template("extension_asked", 1, 0, 30, _extension(False)),
    Template("extension_endorsed", 1, 0, 30, _extension(True)),
    Template("sent_public", 6, 0, 45, lambda b, at: [b.sent(at).proposal_id]),
    Template("sent_not_public", 3, 0, 45, lambda b, at: [b.sent(at, disclosure="not_public").proposal_id]),
    Template("unsatisfied", 2, 0, 50, _unsatisfied),
    Template("rehandling", 1, 0, 60, _rehandling),
    Template("merged", 1, 0, 10, _merged),
    Template("closed_published", 20, 45, 70, _closed(True)),
    Template("closed_published_npc", 8, 15, 70, _closed_npc),
    Template("closed_not_public", 10, 25, 70, _closed(False)),
    Template("not_filed", 4, 10, 30, _not_filed(True)),
    Template("withdrawn", 2, 4, 20, _withdrawn),
)


def build_all(directory, now: datetime) -> dict[str, list[int]]:
    """Every template once; answers each template's proposal ids."""
    builder = Builder(directory, now)
    return {t.name: t.build(builder, now - t.age * DAY) for t in TEMPLATES}
