"""What the archive says of an item: the proposal, its assignments, contacts, co-opinions,
replies, feedback, supervision notes and timeline, as plain text ready to print."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReplyRecord:
    bureau: str
    state: str
    doc_number: str
    resolution: str
    title: str
    text: str  # the approved text when numbered, else the current draft
    sent_on: str
    feedback: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ItemRecord:
    number: str
    title: str
    proposer: str
    state: str
    category: str
    submitted_on: str
    filed_on: str
    closed_on: str
    body: str
    assignments: list[str]
    contacts: list[str]
    opinions: list[str]
    replies: list[ReplyRecord]
    supervision: list[str]
    timeline: list[str]

    @property
    def bureaus(self) -> str:
        return "；".join(self.assignments)

    @property
    def feedback(self) -> str:
        return "；".join(f for r in self.replies for f in r.feedback)
