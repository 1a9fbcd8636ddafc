"""The office's topic list (参考选题目录, issue 12): topics per session, with the proposals each drew."""
from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from workflow.clock import utcnow
from workflow.extensions import db
from workflow.models import Session
from workflow.public.clue_forms import TopicForm
from workflow.services import topics
from workflow.services.errors import Forbidden
from workflow.web_forms import int_arg, submit_form

bp = Blueprint("topics", __name__, url_prefix="/office/topics")
bp.before_request(login_required(lambda: None))


def _form(topic=None) -> TopicForm:
    form = TopicForm(obj=topic)
    sessions = db.session.execute(select(Session).order_by(Session.year.desc(), Session.id)).scalars()
    form.session_id.choices = [(s.id, s.name) for s in sessions]
    return form


def _data(form: TopicForm) -> topics.TopicInput:
    session = getattr(form, "session_id", None)
    return topics.TopicInput(session.data if session else None, form.title.data or "", form.paragraph.data or "",
                             form.bureaus.data or "", bool(form.published.data), form.position.data or 0)


@bp.route("/", methods=["GET", "POST"])
def index():
    if not current_user.has_role("office"):
        raise Forbidden(_("Only the office keeps the topic list."))
    form = _form()
    done = submit_form(form, lambda: topics.create(current_user, _data(form), utcnow()), _("Topic added."),
                       url_for("topics.index"))
    if done:
        return done
    session_id = int_arg("session")
    return render_template("office/topics.html", form=form, figures=topics.figures(current_user, session_id),
                           session_id=session_id)


@bp.route("/<int:topic_id>", methods=["GET", "POST"])
def edit(topic_id: int):
    if not current_user.has_role("office"):
        raise Forbidden(_("Only the office keeps the topic list."))
    topic = topics.get(current_user, topic_id)
    form = _form(topic)
    del form.session_id  # a topic stays in its session
    done = submit_form(form, lambda: topics.update(current_user, topic_id, _data(form)), _("Topic saved."),
                       url_for("topics.index"))
    return done or render_template("office/topic_edit.html", form=form, topic=topic)
