"""Does the reply answer every numbered suggestion? (issue 11) For the clerk's editor, the
approver's page and the API: each suggestion beside the section of the reply that answers it."""
from __future__ import annotations

from dataclasses import dataclass

from workflow.domain import coverage, richtext, suggestions, text_terms
from workflow.domain.coverage import Point
from workflow.models import Proposal, User
from workflow.services import reply_access


@dataclass(frozen=True)
class Coverage:
    points: list[Point]

    @property
    def unanswered(self) -> list[Point]:
        return [p for p in self.points if not p.answered]


def of_text(proposal: Proposal, reply_body_html: str) -> Coverage:
    """The coverage of a reply body (HTML, as the editor posts it) of this proposal."""
    found = suggestions.extract(proposal.body or "")
    if not found:
        return Coverage([])
    return Coverage(coverage.cover(found, richtext.paragraphs(reply_body_html or ""), text_terms.terms))


def of_reply(user: User, reply_id: int) -> Coverage:
    reply = reply_access.get_reply(user, reply_id)
    return of_text(reply.proposal, reply.body or "")
