"""The desk's lists as workbooks: 提案建议一览表, 交办清单, 逾期清单, 办理情况汇总表. Headers in the
user's language, dates as dates, counts as numbers, a caption row naming the filter and the day,
the header frozen below it. Due dates that are provisional carry their mark (due_label)."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from workflow.desk.workbook import Col, sheet_bytes
from workflow.domain.assignment import AssignmentRole
from workflow.domain.deadlines import local_date
from workflow.due_label import due_label
from workflow.labels import ASSIGNMENT_ROLE_LABELS, CLOCK_LABELS, RATING_LABELS, STATE_LABELS, label
from workflow.models import Clock, Proposal
from workflow.services.list_exports import AssignmentLine, HandlingLine, OverdueLine, local_day
from workflow.terms import term


def _due(clock: Clock | None) -> str:
    return due_label(clock.due_date, clock.provisional) if clock else ""


def _caption(name: str, filter_text: str, now: datetime) -> str:
    parts = [name, filter_text, _("as of %(day)s", day=local_date(now).isoformat())]
    return " · ".join(p for p in parts if p)


def _proposer(p: Proposal) -> str:
    return p.collective_name or p.proposer.name


def _bureaus(p: Proposal, roles: set[str]) -> str:
    return "、".join(a.bureau.label for a in p.assignments if a.role in roles and a.state != "withdrawn")


def proposal_list(items: list[Proposal], dues: dict[int, Clock], filter_text: str, now: datetime,
                  channel: str | None = None, progress=None) -> bytes:
    title = _("List of %(items)s", items=term(channel, "item"))
    cols = [
        Col(_("Number"), 12), Col(_("Channel"), 10), Col(_("Session"), 26), Col(_("Title"), 44, "wrap"),
        Col(_("Proposer"), 14), Col(term(channel, "group"), 16), Col(_("Co-signers"), 24, "wrap"),
        Col(_("Subject category"), 10), Col(term(channel, "key_item"), 8), Col(_("State"), 10),
        Col(_("Lead or separate bureaus"), 24, "wrap"), Col(_("Co-handling bureaus"), 24, "wrap"),
        Col(_("Submitted on"), 12, "date"), Col(_("Filed on"), 12, "date"), Col(_("Reply due"), 14),
    ]
    rows = [[
        p.number or "", term(p.channel, "item"), p.session.name, p.title, _proposer(p), p.group_name or "",
        "、".join(c.user.name for c in p.cosigners if c.state == "confirmed"),
        p.category.name if p.category else "", _("Yes") if p.is_key else "", label(STATE_LABELS, p.state),
        _bureaus(p, {AssignmentRole.LEAD, AssignmentRole.SEPARATE}), _bureaus(p, {AssignmentRole.CO}),
        local_day(p.submitted_at), local_day(p.filed_at), _due(dues.get(p.id)),
    ] for p in items]
    return sheet_bytes(title, cols, rows, caption=_caption(title, filter_text, now), progress=progress)


def assignment_list(lines: list[AssignmentLine], bureau_name: str | None, filter_text: str, now: datetime,
                    progress=None) -> bytes:
    title = _("Assignment list")
    cols = [
        Col(_("Number"), 12), Col(_("Title"), 44, "wrap"), Col(_("Proposer"), 14), Col(_("Bureau"), 20),
        Col(_("Handling role"), 10), Col(_("State"), 12), Col(_("Assigned on"), 12, "date"),
        Col(_("Signed for on"), 12, "date"), Col(_("Due"), 14), Col(_("Key item"), 8),
    ]
    def row(line: AssignmentLine) -> list:
        a = line.assignment
        return [
            a.proposal.number or "", a.proposal.title, _proposer(a.proposal), a.bureau.name,
            label(ASSIGNMENT_ROLE_LABELS, a.role), label(STATE_LABELS, a.state), local_day(a.assigned_at),
            local_day(a.received_at), _due(line.reply_clock), _("Yes") if a.proposal.is_key else "",
        ]

    text = " · ".join(p for p in (bureau_name or _("All bureaus"), filter_text) if p)
    # All bureaus on the first sheet; when several, then a sheet of each bureau's own, to send it.
    per_bureau: dict[int, list] = {}
    for line in lines:
        per_bureau.setdefault(line.assignment.bureau_id, []).append(line)
    extra, names = [], {title.casefold()}
    if len(per_bureau) > 1:
        for group in per_bureau.values():
            name = _unique(group[0].assignment.bureau.label, names)
            extra.append((name, cols, [row(line) for line in group]))
    return sheet_bytes(title, cols, [row(line) for line in lines], caption=_caption(title, text, now),
                       extra=extra, progress=progress)


def _unique(name: str, taken: set[str]) -> str:
    """A sheet name of at most 31 characters, none of []:*?/\\, not yet used in the workbook."""
    base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:28] or "-"
    candidate, n = base, 2
    while candidate.casefold() in taken:
        candidate, n = f"{base}{n}", n + 1
    taken.add(candidate.casefold())
    return candidate


def overdue_list(lines: list[OverdueLine], filter_text: str, now: datetime, progress=None) -> bytes:
    title = _("Overdue list")
    cols = [
        Col(_("Number"), 12), Col(_("Title"), 44, "wrap"), Col(_("Proposer"), 14), Col(_("Bureau"), 20),
        Col(_("Handling role"), 10), Col(_("Deadline"), 18), Col(_("Due"), 14),
        Col(_("Working days overdue"), 12, "int"), Col(_("Key item"), 8),
    ]
    rows = [[
        line.proposal.number or "", line.proposal.title, _proposer(line.proposal),
        line.assignment.bureau.name if line.assignment else "",
        label(ASSIGNMENT_ROLE_LABELS, line.assignment.role) if line.assignment else "",
        label(CLOCK_LABELS, line.clock.kind), _due(line.clock), line.days_over,
        _("Yes") if line.proposal.is_key else "",
    ] for line in lines]
    return sheet_bytes(title, cols, rows, caption=_caption(title, filter_text, now), progress=progress)


def handling_summary(lines: list[HandlingLine], filter_text: str, now: datetime, progress=None) -> bytes:
    title = _("Handling summary")
    cols = [
        Col(_("Number"), 12), Col(_("Title"), 44, "wrap"), Col(_("Proposer"), 14), Col(_("Bureau"), 20),
        Col(_("Handling role"), 10), Col(_("State"), 12), Col(_("Reply due"), 14), Col(_("Replied on"), 12, "date"),
        Col(_("Document number"), 22), Col(_("Resolution category"), 10), Col(_("Feedback"), 12),
    ]
    rows = [[
        line.proposal.number or "", line.proposal.title, _proposer(line.proposal), line.assignment.bureau.name,
        label(ASSIGNMENT_ROLE_LABELS, line.assignment.role), label(STATE_LABELS, line.proposal.state),
        _due(line.reply_clock), local_day(line.reply.sent_at) if line.reply else None,
        line.reply.doc_number or "" if line.reply else "", line.reply.resolution or "" if line.reply else "",
        label(RATING_LABELS, line.rating) if line.rating else "",
    ] for line in lines]
    return sheet_bytes(title, cols, rows, caption=_caption(title, filter_text, now), progress=progress)
