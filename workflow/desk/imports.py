"""/office/imports/<kind>: download the blank sheet, upload it filled in, see every row with its
problems before anything is saved, then import it all or nothing.

The uploaded file waits between the preview and the import under a generated name that carries
the user's id (UPLOAD_DIR/imports), never the client's file name; the import reads and checks it
again, since the database may have moved meanwhile, and removes it once imported."""
from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from workflow.clock import utcnow
from workflow.desk.sheet_templates import blank
from workflow.desk.workbook import XLSX, SheetUnreadable, read_rows
from workflow.domain.desk_job import ASYNC_ROWS, JobKind
from workflow.domain.sheet import Column
from workflow.extensions import db
from workflow.models import Role
from workflow.services import desk_jobs, sheet_import
from workflow.services.errors import Invalid, ServiceError
from workflow.services.sheet_import import SheetRefused
from workflow.web_forms import flash_error

bp = Blueprint("desk_imports", __name__, url_prefix="/office/imports")
bp.before_request(login_required(lambda: None))

TOKEN = re.compile(r"[0-9a-f]{32}")
KEEP_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ImportKind:
    title: object
    role: Role
    columns: Callable[[], Sequence[Column]]
    check: Callable
    run: Callable
    done: object  # flashed with the count
    back: str  # endpoint the imported rows are seen at
    job: JobKind  # the worker's job for a large sheet


def _kinds() -> dict[str, ImportKind]:
    from workflow.domain import proposal_sheet
    from workflow.services import proposal_import

    kinds = {
        "proposals": ImportKind(_l("Import proposals typed in from paper"), Role.OFFICE, lambda: proposal_sheet.COLUMNS,
                                proposal_import.check, proposal_import.import_sheet,
                                _l("%(n)d items imported."), "proposals.index", JobKind.IMPORT_PROPOSALS),
    }
    kinds.update(_roster_kinds())
    return kinds


def _roster_kinds() -> dict[str, ImportKind]:
    try:
        from workflow.desk.roster_kinds import KINDS
    except ImportError:  # pragma: no cover (the roster arrives in its own module)
        return {}
    return KINDS


def _kind(name: str) -> ImportKind:
    kind = _kinds().get(name)
    if kind is None:
        abort(404)
    if not current_user.has_role(kind.role):
        abort(403)
    return kind


@bp.get("/<kind>")
def page(kind: str):
    found = _kind(kind)
    return render_template("desk/import.html", say=sheet_import.say, kind=kind, spec=found, check=None, token=None)


@bp.get("/<kind>/template.xlsx")
def template(kind: str):
    found = _kind(kind)
    content = blank(str(found.title)[:31], found.columns())
    return Response(content, mimetype=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{kind}-template.xlsx"'})


@bp.post("/<kind>")
def preview(kind: str):
    """Check the uploaded sheet and show every row; keep the file for the import."""
    found = _kind(kind)
    upload = request.files.get("file")
    content = upload.read(sheet_import.MAX_BYTES + 1) if upload else b""
    try:
        check = found.check(current_user, content)
    except Invalid as exc:
        flash_error(exc)
        return render_template("desk/import.html", say=sheet_import.say, kind=kind, spec=found, check=None, token=None), 400
    token = _keep(content) if check.ok else None
    return render_template("desk/import.html", say=sheet_import.say, kind=kind, spec=found, check=check, token=token,
                           problems=sheet_import.said(check, found.columns()),
                           status=200 if check.ok else 400), 200 if check.ok else 400


@bp.post("/<kind>/confirm")
def confirm(kind: str):
    found = _kind(kind)
    token = request.form.get("token", "")
    path = _kept(token)
    if path is None:
        flash(_("The uploaded sheet is gone; upload it again."), "error")
        return redirect(url_for("desk_imports.page", kind=kind))
    content = path.read_bytes()
    if _row_count(content) > ASYNC_ROWS:  # a large sheet goes to a worker; the page follows it
        job = desk_jobs.queue_import(current_user, found.job, content, utcnow())
        path.unlink(missing_ok=True)
        return redirect(url_for("desk_jobs.show", job_id=job.id))
    try:
        created = found.run(current_user, content, utcnow())
    except SheetRefused as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return render_template("desk/import.html", say=sheet_import.say, kind=kind, spec=found, check=exc.check, token=None,
                               problems=sheet_import.said(exc.check, found.columns())), 400
    except ServiceError as exc:
        db.session.rollback()
        flash_error(exc)
        return redirect(url_for("desk_imports.page", kind=kind))
    path.unlink(missing_ok=True)
    flash(str(found.done) % {"n": len(created)}, "success")
    return redirect(url_for(found.back))


def _row_count(content: bytes) -> int:
    try:
        return len(read_rows(content)[1])
    except SheetUnreadable:
        return 0


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _keep(content: bytes) -> str:
    """Keep the checked sheet for the import; sheets checked and never imported go after a day."""
    folder = _folder()
    stale = time.time() - KEEP_SECONDS
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    (_folder() / f"{current_user.id}-{token}.xlsx").write_bytes(content)
    return token


def _kept(token: str) -> Path | None:
    if not TOKEN.fullmatch(token or ""):
        return None
    path = _folder() / f"{current_user.id}-{token}.xlsx"
    return path if path.is_file() else None
