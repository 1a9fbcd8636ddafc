"""The portal's pages of issue 12: progress in the open (/public/progress/), clues from citizens
(/public/clues/: send one, follow it by its tracking code). No login."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from workflow.clock import utcnow
from workflow.domain.clues import display_code, normalize_code
from workflow.domain.public_progress import PublicStage
from workflow.extensions import db, limiter
from workflow.models import Bureau
from workflow.public.clue_forms import ClueForm, ClueLookupForm, ProgressFilterForm
from workflow.public_labels import CLUE_STATUS_LABELS, PUBLIC_STAGE_LABELS
from workflow.services import clues, open_progress, uploads
from workflow.services.errors import Invalid
from workflow.web_forms import apply_errors, int_arg

bp = Blueprint("portal", __name__)
CLUE_SCOPE = "clues"  # the portal's form and the API count together


def clue_limit() -> str:
    """Clues per address (Flask-Limiter; kept in Redis when REDIS_URL is set)."""
    return current_app.config["CLUE_LIMIT"]


def progress_filter() -> open_progress.ProgressFilter:
    return open_progress.ProgressFilter(
        q=(request.args.get("q") or "").strip()[:open_progress.Q_MAX] or None,
        session=int_arg("session"), bureau=int_arg("bureau"),
        stage=request.args.get("stage") if request.args.get("stage") in set(PublicStage) else None,
        page=int_arg("page") or 1,
    )


@bp.get("/public/progress/")
def progress():
    filters = progress_filter()
    page = open_progress.listing(filters)
    form = ProgressFilterForm(request.args)
    every = [("", _("All"))]
    sessions = open_progress.open_sessions()
    form.session.choices = every + [(str(s.id), s.name) for s in sessions]
    form.stage.choices = every + [(k, str(v)) for k, v in PUBLIC_STAGE_LABELS.items()]
    bureaus = db.session.execute(db.select(Bureau).order_by(Bureau.id).limit(500)).scalars()
    form.bureau.choices = every + [(str(b.id), b.name) for b in bureaus]
    return render_template("public/progress.html", page=page, form=form, filters=filters, sessions=sessions,
                           stage_labels=PUBLIC_STAGE_LABELS)


@bp.get("/public/progress/<int:proposal_id>")
def progress_item(proposal_id: int):
    item = open_progress.get(proposal_id)  # 404 unless filed and its session shows progress
    return render_template("public/progress_item.html", item=item, stage_labels=PUBLIC_STAGE_LABELS)


@bp.get("/public/clues/")
def clues_home():
    """Send a clue, or follow one by its code."""
    form = ClueLookupForm(request.args)
    if form.code.data:
        code = normalize_code(form.code.data)
        if code:
            return redirect(url_for("portal.clue_status", code=display_code(code)))
        form.code.errors = [_("A tracking code has 10 letters and digits, e.g. ABCDE-23456.")]
    return render_template("public/clues.html", form=form)


@bp.route("/public/clues/new", methods=["GET", "POST"])
@limiter.shared_limit(clue_limit, scope=CLUE_SCOPE, methods=["POST"])
def new_clue():
    form = ClueForm()
    if form.validate_on_submit():
        files = [uploads.read_limited(f.stream, f.filename) for f in request.files.getlist(form.files.name)
                 if f and f.filename]
        data = clues.ClueInput(form.subject.data, form.body.data, form.contact.data, files,
                               honeypot=form.website.data or "")
        try:
            clue = clues.send(data, utcnow())
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            flash(_("Thank you. Keep your tracking code to follow what becomes of your clue."), "success")
            return redirect(url_for("portal.clue_status", code=display_code(clue.code)))
    elif request.method == "POST" and form.website.data:
        form.website.errors = [_("This field must stay empty.")]
    status = 400 if request.method == "POST" else 200
    return render_template("public/clue_new.html", form=form), status


@bp.get("/public/clues/<code>")
def clue_status(code: str):
    found = clues.status(code)  # 404 for a code that is not one
    return render_template("public/clue_status.html", clue=found, code=display_code(found.code),
                           status_labels=CLUE_STATUS_LABELS)
