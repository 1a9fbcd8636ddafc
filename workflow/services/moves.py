"""Moving a proposal to a new state, with its event."""
from __future__ import annotations

from datetime import datetime

from workflow.domain.lifecycle import ProposalState
from workflow.models import Event, Proposal, User
from workflow.services import events


def move_proposal(
    proposal: Proposal, target: ProposalState, action: str, actor: User | None, now: datetime, note: str | None = None
) -> Event:
    event = events.record(
        action, now, actor, proposal_id=proposal.id, from_state=proposal.state, to_state=target, note=note
    )
    proposal.state = target  # the UPDATE checks and moves the version on (version_id_col)
    proposal.updated_at = now
    return event
