"""Proposers' pages: the list, writing and editing drafts, a proposal's page, simple actions."""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from workflow.clock import utcnow
from workflow.desk.batch_routes import office_batch_form
from workflow.domain.assignment import available
from workflow.domain.lifecycle import AuthorKind, ProposalState
from workflow.extensions import db
from workflow.labels import STATE_LABELS
from workflow.models import Bureau, Category, NotFiledReason, Role, Session, User
from workflow.proposals.forms import DraftForm, ListFilterForm, NoteForm
from workflow.replies.views import handling_context
from workflow.services import (
    access,
    clues,
    progress,
    queries,
    reply_access,
    review,
    routing,
    similar,
    submission,
    supervision,
    topics,
)
from workflow.services.errors import Invalid, ServiceError
from workflow.web_forms import int_arg, run_button, small_int, submit_form

bp = Blueprint("proposals", __name__, url_prefix="/proposals")
bp.before_request(login_required(lambda: None))

SIMPLE_ACTIONS = {
    "submit": (lambda pid, note: submission.submit(current_user, pid, utcnow()), _l("Submitted.")),
    "withdraw": (lambda pid, note: submission.withdraw(current_user, pid, utcnow(), note), _l("Withdrawn.")),
    "confirm-cosign": (
        lambda pid, note: submission.answer_cosign(current_user, pid, True, utcnow(), note),
        _l("You confirmed your co-signature."),
    ),
    "decline-cosign": (
        lambda pid, note: submission.answer_cosign(current_user, pid, False, utcnow(), note),
        _l("You declined to co-sign."),
    ),
    "second": (lambda pid, note: submission.second(current_user, pid, utcnow()), _l("You seconded this suggestion.")),
    "agree-opinion-letter": (
        lambda pid, note: submission.consent_opinion_letter(current_user, pid, True, utcnow()),
        _l("Your answer is recorded."),
    ),
    "refuse-opinion-letter": (
        lambda pid, note: submission.consent_opinion_letter(current_user, pid, False, utcnow()),
        _l("Your answer is recorded."),
    ),
}



@bp.get("/")
def index():
    form = ListFilterForm(request.args)
    form.state.choices = [("", _("All states"))] + [(k, str(v)) for k, v in STATE_LABELS.items()][:11]
    form.channel.choices = [("", _("All channels")), ("cppcc", _("CPPCC")), ("npc", _("NPC"))]
    sessions = db.session.execute(select(Session).order_by(Session.year.desc(), Session.id)).scalars().all()
    form.session.choices = [("", _("All sessions"))] + [(str(s.id), s.name) for s in sessions]
    filters = queries.ProposalFilter(
        state=request.args.get("state") or None,
        session=int_arg("session"),
        channel=request.args.get("channel") or None,
        bureau=int_arg("bureau"),
        overdue=request.args.get("overdue") == "1",
        q=(request.args.get("q") or "").strip()[:100] or None,
        page=int_arg("page") or 1,
    )
    page = queries.proposals(current_user, filters, utcnow())
    batch_form, bureaus = office_batch_form() if current_user.has_role(Role.OFFICE) else (None, [])
    return render_template("proposals/index.html", form=form, page=page, batch_form=batch_form, bureaus=bureaus)


@bp.route("/new", methods=["GET", "POST"])
def new():
    if not current_user.has_role(Role.PROPOSER):
        flash(_("Only members and deputies write proposals."), "error")
        return redirect(url_for("proposals.index"))
    form = _draft_form()
    if request.method == "GET":
        _start_from(form)
    if request.form.get("then") == "check":
        return _editor(form, None)
    return submit_form(
        form, lambda: submission.create_draft(current_user, _draft_input(form), utcnow()), _("Draft saved."),
        lambda proposal: url_for("proposals.show", proposal_id=proposal.id),
    ) or _editor(form, None)


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
def edit(proposal_id: int):
    proposal = access.get_proposal(current_user, proposal_id)
    form = _draft_form(proposal)
    if request.method == "GET":
        form.cosigners.data = [c.user_id for c in proposal.cosigners]
        form.version.data = proposal.version
    if request.form.get("then") == "check":
        return _editor(form, proposal)
    saved = submit_form(
        form, lambda: submission.edit_draft(current_user, proposal.id, _draft_input(form), utcnow(),
                                            small_int(form.version.data) or 0),
        _("Draft saved."), url_for("proposals.show", proposal_id=proposal.id),
    )
    if saved and request.form.get("then") == "submit":
        return _run_action(proposal.id, "submit")
    return saved or _editor(form, proposal)


def _editor(form: DraftForm, proposal):
    """The editor with the aside for the text in the form (saved or just posted, not saved)."""
    context = _assist.assist_context(form.title.data or "", form.body.data or "", current_user.channel,
                             form.session_id.data, proposal.id if proposal else None)
    if proposal is None:  # where a new one may start from (issue 12)
        context |= {"topics": topics.published_for(current_user), "passed_clues": clues.passed_to(current_user)}
    return render_template("proposals/edit.html", form=form, proposal=proposal, **context)


def _start_from(form: DraftForm) -> None:
    """A new draft from a topic of the office's list or a clue passed to the member (?topic=, ?clue=)."""
    topic_id, clue_id = int_arg("topic"), int_arg("clue")
    if clue_id:
        clue = clues.to_take_up(current_user, clue_id)  # 404 / refusal for a clue that is not theirs to take up
        form.clue_id.data = clue.id
        form.title.data = clues.masked_text(clue, clue.subject)
        form.body.data = clues.masked_text(clue, clue.body)
    if topic_id:
        topic = topics.get(current_user, topic_id)
        form.topic_id.data = topic.id
        form.session_id.data = topic.session_id
        form.title.data = form.title.data or topic.title


@bp.post("/<int:proposal_id>/autosave")
def autosave(proposal_id: int):
    """The editor's periodic save: the same service and version check as the Save button, so an
    autosave never overwrites someone else's change; answers JSON for static/js/app.js."""
    form = _draft_form(access.get_proposal(current_user, proposal_id))
    if not form.validate_on_submit():
        return jsonify({"error": {"code": "invalid", "fields": form.errors}}), 400
    try:
        proposal = submission.edit_draft(
            current_user, proposal_id, _draft_input(form), utcnow(), small_int(form.version.data) or 0
        )
    except Invalid as exc:
        return jsonify({"error": {"code": exc.code, "message": exc.message, "fields": exc.errors}}), 400
    except ServiceError as exc:
        return jsonify({"error": {"code": exc.code, "message": exc.message}}), exc.status
    return jsonify({"version": proposal.version, "saved_at": proposal.updated_at.isoformat()})


@bp.get("/<int:proposal_id>")
def show(proposal_id: int):
    proposal = access.get_proposal(current_user, proposal_id)
    actions = progress.proposal_actions(current_user, proposal)
    assignment_actions = {
        a.id: available(a.state, access.assignment_roles(current_user, a), proposal.state) for a in proposal.assignments
    }
    return render_template(
        "proposals/show.html",
        proposal=proposal,
        actions=actions,
        assignment_actions=assignment_actions,
        clocks=queries.clocks(proposal.id),
        events=queries.timeline(proposal.id, internal=reply_access.sees_handling(current_user, proposal.id)),
        supervision_notes=supervision.notes_for(current_user, proposal),
        duplicates=_duplicates(proposal),
        suggested=routing.suggest_for(current_user, proposal.id)
        if "assign" in actions and proposal.state == ProposalState.FILED else None,
        **handling_context(current_user, proposal),
        merged=review.merged_with(current_user, proposal),
        new_bureaus=_bureaus_to_reassign(assignment_actions),
        note_form=NoteForm(),
        categories=_categories(proposal.channel),
        reasons=db.session.execute(
            select(NotFiledReason).where(NotFiledReason.active.is_(True)).order_by(NotFiledReason.position)
        ).scalars().all(),
    )


def _bureaus_to_reassign(assignment_actions: dict) -> list:
    """The bureaus the office may name when it approves a reassignment request on this page."""
    if not any("approve-reassignment" in acts for acts in assignment_actions.values()):
        return []
    return db.session.execute(select(Bureau).where(Bureau.active.is_(True)).order_by(Bureau.code)).scalars().all()


def _duplicates(proposal) -> list:
    """At review, the office sees likely duplicates and merge candidates of the same session."""
    reviewing = proposal.state in (ProposalState.SUBMITTED, ProposalState.UNDER_REVIEW)
    if not (reviewing and current_user.has_role(Role.OFFICE)):
        return []
    return similar.duplicates(current_user, proposal)


@bp.post("/<int:proposal_id>/actions/<action>")
def act(proposal_id: int, action: str):
    if action not in SIMPLE_ACTIONS:
        return redirect(url_for("proposals.show", proposal_id=proposal_id))
    return _run_action(proposal_id, action)


def _run_action(proposal_id: int, action: str):
    run, message = SIMPLE_ACTIONS[action]
    form = NoteForm()
    if not form.validate_on_submit():
        flash(_("The form expired. Try again."), "error")
        return redirect(url_for("proposals.show", proposal_id=proposal_id))
    refusal = run_button(lambda: run(proposal_id, form.note.data), message)
    if refusal is not None and refusal.status == 404:
        return redirect(url_for("proposals.index"))
    return redirect(url_for("proposals.show", proposal_id=proposal_id))


def _draft_form(proposal=None) -> DraftForm:
    form = DraftForm(obj=proposal)
    channel = current_user.channel
    sessions = select(Session).where(Session.active.is_(True))
    if channel:
        sessions = sessions.where(Session.channel == channel)
    form.session_id.choices = [(s.id, s.name) for s in db.session.execute(sessions.order_by(Session.id)).scalars()]
    peers = select(User).where(User.id != current_user.id, User.active.is_(True), User.channel == channel)
    form.cosigners.choices = [
        (u.id, f"{u.name}（{u.group_name}）" if u.group_name else u.name)
        for u in db.session.execute(peers.order_by(User.name)).scalars()
        if u.has_role(Role.PROPOSER)
    ]
    return form


def _draft_input(form: DraftForm) -> submission.DraftInput:
    kind = form.author_kind.data
    return submission.DraftInput(
        title=form.title.data or "",
        body=form.body.data or "",
        session_id=form.session_id.data,
        author_kind=kind,
        collective_name=form.collective_name.data,
        cosigner_ids=list(form.cosigners.data or []) if kind == AuthorKind.JOINT else [],
        topic_id=_hidden_int(form.topic_id.data),
        clue_id=_hidden_int(form.clue_id.data),
    )


def _hidden_int(value) -> int | None:
    return small_int(str(value or "").strip())


def _categories(channel: str) -> list[Category]:
    query = select(Category).where(Category.channel == channel, Category.active.is_(True))
    return db.session.execute(query.order_by(Category.position, Category.id)).scalars().all()


from workflow.proposals import assist as _assist  # noqa: E402  (registers /proposals/assist on bp)
