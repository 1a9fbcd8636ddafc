"""The home page: the user's work list (待办)."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from workflow.clock import utcnow
from workflow.services import worklist

bp = Blueprint("worklist", __name__)

SORTS = {
    "due": lambda i: (i.due is None, i.due.toordinal() if i.due else 0, i.proposal.id),
    "number": lambda i: (i.proposal.number or "", i.proposal.id),
    "title": lambda i: (i.proposal.title, i.proposal.id),
}


@bp.get("/")
@login_required
def index():
    now = utcnow()
    items = worklist.items(current_user, now)
    task = request.args.get("task") or None
    if task:
        items = [i for i in items if i.task == task]
    if request.args.get("overdue") == "1":
        items = [i for i in items if i.overdue(now)]
    sort = request.args.get("sort", "due")
    items.sort(key=SORTS.get(sort, SORTS["due"]))
    tasks = sorted({i.task for i in worklist.items(current_user, now)})
    return render_template("worklist/index.html", items=items, tasks=tasks, task=task, sort=sort)
