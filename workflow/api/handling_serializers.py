"""Issue 3's resources as JSON: replies with versions and feedback, contacts, co-opinions,
extension requests, attachments. Used by GET and by every action's answer."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for

from workflow.api.serializers import _iso, bureau, person
from workflow.models import Assignment, Attachment, Contact, CoOpinion, ExtensionRequest, Proposal, Reply, User
from workflow.replies.views import reply_actions
from workflow.services import extensions, opinions, publication, reply_access


def attachment(row: Attachment) -> dict[str, Any]:
    return {
        "id": row.id, "filename": row.filename, "kind": row.kind, "mimetype": row.mimetype, "size": row.size,
        "sha256": row.sha256, "url": url_for("api.get_attachment", attachment_id=row.id),
        "created_at": _iso(row.created_at),
    }


def contact(row: Contact) -> dict[str, Any]:
    return {
        "id": row.id, "assignment_id": row.assignment_id, "contacted_on": _iso(row.contacted_on), "way": row.way,
        "participants": row.participants, "notes": row.notes, "created_by": person(row.created_by),
        "created_at": _iso(row.created_at), "attachments": [attachment(a) for a in row.attachments],
    }


def opinion(row: CoOpinion) -> dict[str, Any]:
    return {
        "id": row.id, "assignment_id": row.assignment_id, "bureau": bureau(row.assignment.bureau), "state": row.state,
        "body": row.body, "return_note": row.return_note, "version": row.version,
        "submitted_at": _iso(row.submitted_at), "attachments": [attachment(a) for a in row.attachments],
    }


def extension(row: ExtensionRequest, caller: User) -> dict[str, Any]:
    return {
        "id": row.id, "url": url_for("api.get_extension_request", request_id=row.id),
        "assignment_id": row.assignment_id, "proposal_id": row.proposal_id, "bureau": bureau(row.assignment.bureau),
        "state": row.state, "reason": row.reason, "current_due": _iso(row.current_due),
        "asked_due": _iso(row.asked_due), "granted_due": _iso(row.granted_due), "decision_note": row.decision_note,
        "requested_by": person(row.requested_by), "requested_at": _iso(row.requested_at),
        "decided_at": _iso(row.decided_at), "version": row.version,
        "actions": extensions.available(caller, row),
    }


def reply_summary(row: Reply) -> dict[str, Any]:
    return {
        "id": row.id, "url": url_for("api.get_reply", reply_id=row.id), "proposal_id": row.proposal_id,
        "assignment_id": row.assignment_id, "bureau": bureau(row.bureau), "kind": row.kind, "round": row.round,
        "state": row.state, "title": row.title, "doc_number": row.doc_number, "resolution": row.resolution,
        "sent_at": _iso(row.sent_at), "feedback_outcome": row.feedback_outcome, "version": row.version,
    }


def publication_summary(row: Reply) -> dict[str, Any] | None:
    """Where the reply stands on the public portal (SPEC 3.5)."""
    published = publication.publication_of(row.id)
    if published is None:
        return None
    return {"id": published.id, "state": published.state, "index_number": published.index_number,
            "published_at": _iso(published.published_at), "withdrawn_at": _iso(published.withdrawn_at),
            "url": url_for("api.public_reply", publication_id=published.id)}


def reply_detail(row: Reply, caller: User, now: datetime) -> dict[str, Any]:
    inside = reply_access.sees_inside(caller, row)  # the drafting stays with the office and the bureau
    data = {
        **reply_summary(row),
        "salutation": row.salutation, "body": row.body, "disclosure": row.disclosure,
        "disclosure_reason": row.disclosure_reason, "contact_name": row.contact_name,
        "contact_phone": row.contact_phone, "copy_to": list(row.copy_to or []), "return_note": row.return_note if inside else None,
        "approved_by": person(row.approved_by), "approved_at": _iso(row.approved_at),
        "attachments": [attachment(a) for a in row.attachments],
        "cosigns": [
            {"bureau": bureau(c.assignment.bureau), "state": c.state, "note": c.note if inside else None,
             "answered_at": _iso(c.answered_at)}
            for c in row.cosigns
        ],
        "feedback": [
            {"user": person(f.user), "rating": f.rating, "attitude": f.attitude, "result": f.result,
             "comments": f.comments, "decides": f.decides, "created_at": _iso(f.created_at)}
            for f in row.feedback
        ],
        "letter": {
            "docx": url_for("api.reply_letter", reply_id=row.id, fmt="docx"),
            "pdf": url_for("api.reply_letter", reply_id=row.id, fmt="pdf"),
        } if row.numbered else None,
        "actions": reply_actions(caller, row) + publication.available(caller, row),
        "publication": publication_summary(row),
    }
    if inside:
        data["versions"] = [
            {"number": v.number, "author": person(v.author), "created_at": _iso(v.created_at), "title": v.title}
            for v in row.versions
        ]
        data["approved_version"] = row.approved_version
    return data


def proposal_handling(p: Proposal, caller: User) -> dict[str, Any]:
    """Added to the proposal's detail: what the caller may see of its handling."""
    return {
        "replies": [reply_summary(r) for r in reply_access.replies_of(caller, p.id)],
        "contacts": [contact(c) for c in reply_access.contacts_of(caller, p.id)],
        "opinions": [opinion(o) for o in reply_access.opinions_of(caller, p.id)],
        "extension_requests": [extension(e, caller) for e in reply_access.extensions_of(caller, p.id)],
        "close_reason": p.close_reason, "close_note": p.close_note, "closed_at": _iso(p.closed_at),
    }


def assignment_handling(a: Assignment, caller: User) -> dict[str, Any]:
    """Added to an assignment: its round, opinion actions and the caller-visible reply ids."""
    own = [r for r in reply_access.replies_of(caller, a.proposal_id) if r.assignment_id == a.id]
    found = opinions.opinion_of(a)
    visible = found is not None and found.id in {o.id for o in reply_access.opinions_of(caller, a.proposal_id)}
    return {
        "round": a.round,
        "reply_ids": [r.id for r in own],
        "opinion": opinion(found) if visible else None,
    }
