"""The home page: the user's work list (待办), one page of it at a time."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from workflow.clock import utcnow
from workflow.services import worklist
from workflow.web import keep_work_counts
from workflow.web_forms import int_arg

bp = Blueprint("worklist", __name__)


@bp.get("/")
@login_required
def index():
    now = utcnow()
    sort = request.args.get("sort") if request.args.get("sort") in worklist.SORTS else "due"
    task = request.args.get("task") or None
    if task and not (len(task) <= 40 and task.replace("_", "").isalnum()):
        task = None
    f = worklist.WorkFilter(task=task, overdue=request.args.get("overdue") == "1", sort=sort,
                            page=int_arg("page") or 1)
    by_task, page = worklist.page(current_user, now, f)
    keep_work_counts(by_task)  # the header's badges: counted with the page, not again
    # A task chosen and done meanwhile stays in the choice, with an empty list.
    tasks = sorted(set(by_task) | ({task} if task else set()))
    return render_template("worklist/index.html", page=page, tasks=tasks, task=task, sort=sort, counts=by_task)
