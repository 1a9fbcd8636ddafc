"""Items brought where the security tests need them, through the real services."""
from __future__ import annotations

from tests.factories import NOW, World
from tests.handling_support import LATER, PDF, add_contact, co_of, complete, draft, lead_of, submit_opinion
from workflow.extensions import db
from workflow.models import Proposal, Reply
from workflow.services import approval, assignment, drafting, review, submission
from workflow.services.assignment import BureauChoice
from workflow.services.uploads import Upload


def joint_in_handling(w: World) -> Proposal:
    """杨文艳's joint proposal, co-signed by 戴培红, filed, assigned to the lead and the co bureau
    and signed for by both."""
    proposal = w.draft(w.proposer, author_kind="joint", cosigner_ids=[w.proposer2.id])
    submission.submit(w.proposer, proposal.id, NOW)
    submission.answer_cosign(w.proposer2, proposal.id, True, NOW)
    review.start_review(w.office, proposal.id, NOW)
    review.file(w.office, proposal.id, NOW, w.category.id)
    assignment.assign(w.office, proposal.id, [BureauChoice(w.lead.id, "lead"), BureauChoice(w.co.id, "co")], NOW)
    db.session.refresh(proposal)
    assignment.receive(w.clerk, lead_of(proposal).id, NOW)
    assignment.receive(w.coclerk, co_of(proposal).id, NOW)
    return proposal


def sent_after_two_drafts(w: World) -> Reply:
    """A reply of the joint proposal, saved twice (two versions to compare; the first had a file
    the second took off), returned once with the approver's comments, then approved and sent to
    the proposer and the co-signer."""
    proposal = joint_in_handling(w)
    add_contact(w, proposal)
    submit_opinion(w, proposal)
    reply = draft(w, proposal, body="<p>第一稿：内部措辞，尚未定稿。</p>", attachments=[Upload("内部测算.pdf", PDF)])
    internal_file = reply.attachments[0].id
    reply = approval.submit(w.clerk, reply.id, LATER)
    reply = approval.return_(w.approver, reply.id, "内部意见：第二段口径不妥", LATER)
    reply = drafting.save(w.clerk, reply.id, complete(remove_attachment_ids=[internal_file]), LATER, reply.version)
    reply = approval.submit(w.clerk, reply.id, LATER)
    reply = approval.approve(w.approver, reply.id, LATER)
    reply = approval.send(w.clerk, reply.id, LATER)
    db.session.refresh(reply)
    reply.internal_file_id = internal_file  # for the test's eyes only
    return reply
