"""Clues from citizens, inside (issue 12): the office screens them and passes them to members; a
member reads the ones passed to them (masked) and starts a proposal from one."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from workflow.clock import utcnow
from workflow.domain.clues import display_code
from workflow.extensions import db
from workflow.models import ClueFile, Role, Topic, User
from workflow.public.clue_forms import DeclineForm, MergeForm, PassForm
from workflow.public_labels import CLUE_ACTION_LABELS, CLUE_STATE_LABELS
from workflow.services import clues, uploads
from workflow.web_forms import int_arg, run_button, small_int

bp = Blueprint("clues", __name__, url_prefix="/clues")
bp.before_request(login_required(lambda: None))


@bp.get("/")
def index():
    state = request.args.get("state") or None
    page = clues.listing(current_user, state, int_arg("page") or 1)
    return render_template("clues/index.html", page=page, state=state, state_labels=CLUE_STATE_LABELS,
                           masked=lambda clue, text: text if clues.sees_original(current_user)
                           else clues.masked_text(clue, text))


@bp.get("/<int:clue_id>")
def show(clue_id: int):
    clue = clues.get(current_user, clue_id)
    office = clues.sees_original(current_user)
    pass_form = PassForm(topic=clue.topic)
    if office:
        members = select(User).where(User.active.is_(True), User.channel.is_not(None)).order_by(User.name)
        pass_form.member.choices = [(u.id, f"{u.name}（{u.group_name}）" if u.group_name else u.name)
                                    for u in db.session.execute(members.limit(2000)).scalars()
                                    if u.has_role(Role.PROPOSER)]
    return render_template(
        "clues/show.html", clue=clue, office=office, code=display_code(clue.code),
        subject=clue.subject if office else clues.masked_text(clue, clue.subject),
        body=clue.body if office else clues.masked_text(clue, clue.body),
        actions=clues.available(current_user, clue), state_labels=CLUE_STATE_LABELS,
        action_labels=CLUE_ACTION_LABELS, pass_form=pass_form,
        topic_titles=[t.title for t in db.session.execute(
            select(Topic).where(Topic.published.is_(True)).order_by(Topic.id.desc()).limit(200)).scalars()]
        if office else [], merge_form=MergeForm(), decline_form=DeclineForm(),
    )


@bp.post("/<int:clue_id>/actions/<action>")
def act(clue_id: int, action: str):
    now = utcnow()
    if action == "accept":
        call = lambda: clues.accept(current_user, clue_id, now)  # noqa: E731
    elif action == "pass":
        form = PassForm()
        call = lambda: clues.pass_on(current_user, clue_id, form.topic.data or "",  # noqa: E731
                                     _int(request.form.get("member")), now)
    elif action == "merge":
        call = lambda: clues.merge(current_user, clue_id, _int(request.form.get("target")), now)  # noqa: E731
    elif action == "decline":
        call = lambda: clues.decline(current_user, clue_id, request.form.get("reason") or "", now)  # noqa: E731
    else:
        abort(404)
    run_button(call, _("Done: %(action)s.", action=CLUE_ACTION_LABELS[action]))
    return redirect(url_for("clues.show", clue_id=clue_id))


@bp.get("/<int:clue_id>/files/<int:file_id>")
def file(clue_id: int, file_id: int):
    """The sender's files: the office's alone (they cannot be masked)."""
    clue = clues.get(current_user, clue_id)
    found = db.session.get(ClueFile, file_id)
    if not clues.sees_original(current_user) or found is None or found.clue_id != clue.id:
        abort(404)
    response = send_file(uploads.path_for(found.storage_name), mimetype=found.mimetype, as_attachment=True,
                         download_name=found.filename)
    response.headers["Cache-Control"] = "no-store"
    return response


def _int(value: str | None) -> int | None:
    return small_int((value or "").strip())
