"""/office/jobs: the user's large exports and imports, run by a worker. A job's page shows a
progress bar (it reloads itself until the job ends; /progress answers the same as JSON),
then offers the file, the count imported, or every problem of a refused sheet."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from workflow.desk.workbook import XLSX
from workflow.domain.desk_job import JobState, percent
from workflow.services import desk_jobs
from workflow.services.errors import ServiceError
from workflow.web_forms import flash_error

bp = Blueprint("desk_jobs", __name__, url_prefix="/office/jobs")
bp.before_request(login_required(lambda: None))


@bp.get("/")
def index():
    return render_template("desk/jobs.html", jobs=desk_jobs.recent(current_user), percent=percent)


@bp.get("/<int:job_id>")
def show(job_id: int):
    job = desk_jobs.job_of(current_user, job_id)
    return render_template("desk/job.html", job=job, percent=percent(job.done, job.total),
                           running=job.state in (JobState.QUEUED, JobState.RUNNING))


@bp.get("/<int:job_id>/progress")
def progress(job_id: int):
    job = desk_jobs.job_of(current_user, job_id)
    return jsonify({"state": job.state, "done": job.done, "total": job.total, "percent": percent(job.done, job.total)})


@bp.get("/<int:job_id>/download")
def download(job_id: int):
    try:
        path, name = desk_jobs.download(current_user, job_id)
    except ServiceError as exc:
        flash_error(exc)
        return redirect(url_for("desk_jobs.show", job_id=job_id))
    return send_file(path, mimetype=XLSX, as_attachment=True, download_name=name)
