"""The world of the authorization matrix (tests/security/test_authorization_matrix.py): one item in
each place where access is decided, built once per module through the real services, and the
people who stand in each relation to it.

The actors, by the relation they have to the items below:
- `anon`: nobody logged in (the public);
- `own`: 杨文艳 (proposer), author of every proposal here;
- `cosigner`: 戴培红 (proposer2), confirmed co-signer of the sent joint proposal, and named
  co-signer of a joint draft not yet submitted (issue 9 §11: she must not see that draft);
- `member`: 何明 (deputy), a member with no tie to any item;
- `clerk` and `approver`: the lead bureau (same bureau);
- `co_clerk`: the co bureau's clerk (a co bureau of the items);
- `other_clerk`: a clerk of a bureau with no assignment here (other bureau);
- `office` and `admin`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tests.factories import NOW, World
from tests.handling_support import LATER, PDF, lead_of, received
from tests.public.support import credit_codes, published
from tests.security.support import sent_after_two_drafts
from workflow.extensions import db
from workflow.models import Archive, MailboxMessage, Notification
from workflow.services import clues, extensions, publication, topics
from workflow.services.uploads import Upload

ACTORS = ("anon", "own", "cosigner", "member", "clerk", "approver", "co_clerk", "other_clerk", "office", "admin")
USERNAMES = {
    "own": "proposer", "cosigner": "proposer2", "member": "deputy", "clerk": "clerk", "approver": "approver",
    "co_clerk": "coclerk", "other_clerk": "otherclerk", "office": "office", "admin": "admin",
}
WITHDRAWAL_REASON = "内部原因：误将联系人手机号公开"
MISSING = 2_000_000  # an id no row has


@dataclass
class MatrixWorld:
    w: World
    ids: dict[str, int] = field(default_factory=dict)

    def url(self, template: str) -> str:
        return template.format(**self.ids)


def build() -> MatrixWorld:
    w = World()
    credit_codes(w)
    w.session.progress_public = True  # the portal shows the session's progress (issue 12)
    # The sent joint proposal: two drafts of its reply (to compare), comments, a file taken off.
    reply = sent_after_two_drafts(w)
    proposal = reply.proposal
    lead = lead_of(proposal)
    co = next(a for a in proposal.assignments if a.role == "co")
    # Its publication, withdrawn with an internal reason (issue 9 §11: members must not read it).
    withdrawn = publication.publish(w.office, reply.id, LATER)
    publication.withdraw(w.office, withdrawn.id, WITHDRAWAL_REASON, LATER)
    live = published(w)  # another item's reply, published on the portal
    # An item in handling with an extension request waiting for the bureau's leader.
    waiting = received(w)
    ext = extensions.request(w.clerk, lead_of(waiting).id, "需要会同多部门调研", date(2026, 6, 30), LATER)
    draft = w.draft(w.proposer, title="个人草稿")
    joint = w.draft(w.proposer, title="联名草稿", author_kind="joint", cosigner_ids=[w.proposer2.id])
    # A citizen's clue with a file, passed on to the author (issue 12); a published topic.
    clue = clues.send(clues.ClueInput("路灯长期不亮", "路灯坏了三个月。联系我：13858012345", "13858012345",
                                      [Upload("现场.pdf", PDF)]), NOW)
    clues.accept(w.office, clue.id, NOW)
    clues.pass_on(w.office, clue.id, "城市管理", w.proposer.id, NOW)
    topic = topics.create(w.office, topics.TopicInput(w.session.id, "推动小微企业高质量发展", "围绕融资担保提出举措。",
                                                      "市经信局", True), NOW)
    db.session.commit()
    notification = db.session.query(Notification.id).order_by(Notification.id).limit(1).scalar()
    message = db.session.query(MailboxMessage.id).order_by(MailboxMessage.id).limit(1).scalar()
    archive = db.session.query(Archive.id).limit(1).scalar()
    ids = dict(
        proposal=proposal.id, lead=lead.id, co=co.id, reply=reply.id, file=reply.internal_file_id,
        wpub=withdrawn.id, pub=live.id, pubfile=MISSING, ext=ext.id, waiting=waiting.id,
        draft=draft.id, joint=joint.id, session=w.session.id, bureau=w.lead.id, user=w.proposer.id,
        category=w.category.id, notification=notification or MISSING, message=message or MISSING,
        archive=archive or MISSING, missing=MISSING, clue=clue.id, cluefile=clue.files[0].id, cluecode=clue.code,
        topic=topic.id,
    )
    return MatrixWorld(w, ids)
