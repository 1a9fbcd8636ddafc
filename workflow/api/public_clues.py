"""Issue 12 in the API, no token: `GET /api/v1/public/proposals` and `/{id}` (progress in the
open), `POST /api/v1/public/clues` (201 with the tracking code) and `GET /api/v1/public/clues/{code}`."""
from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Response, jsonify, request, url_for
from flask_babel import gettext as _

from workflow.api import bp
from workflow.api.auth import public
from workflow.api.parsing import ID, query_choice, query_int
from workflow.clock import utcnow
from workflow.domain.clues import display_code
from workflow.domain.lifecycle import Channel
from workflow.domain.public_progress import PublicStage
from workflow.extensions import limiter
from workflow.public.progress import CLUE_SCOPE, clue_limit
from workflow.public_labels import CLUE_STATUS_LABELS, PUBLIC_STAGE_LABELS
from workflow.services import clues, open_progress, uploads
from workflow.services.errors import Invalid

PER_PAGE_MAX = 100


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def progress_json(item: open_progress.ProgressItem) -> dict[str, Any]:
    lead = item.lead[0] if item.lead else None
    return {
        "id": item.id,
        "url": url_for("api.public_proposal", proposal_id=item.id),
        "page_url": url_for("portal.progress_item", proposal_id=item.id),
        "number": item.number,
        "title": item.title,
        "channel": item.channel,
        "session": {"id": item.session_id, "name": item.session_name},
        "category": item.category,
        "stage": str(item.stage),
        "stage_label": str(PUBLIC_STAGE_LABELS[item.stage]),
        "lead_bureau": {"id": lead.id, "name": lead.name} if lead else None,
        "bureaus": [{"id": b.id, "name": b.name, "role": b.role} for b in item.bureaus],
        "filed_at": _iso(item.filed_at),
        "closed_at": _iso(item.closed_at),
        "replies": [{"id": r.id, "title": r.title, "url": url_for("api.public_reply", publication_id=r.id),
                     "page_url": url_for("public.show", publication_id=r.id)} for r in item.replies],
    }


@bp.get("/public/proposals")
@public
def public_proposals() -> Response:
    errors: dict[str, str] = {}
    per_page = query_int(errors, "per_page", 1, PER_PAGE_MAX) or open_progress.PAGE_SIZE
    filters = open_progress.ProgressFilter(
        q=(request.args.get("q") or "").strip()[:open_progress.Q_MAX] or None,
        session=query_int(errors, "session"), channel=query_choice(errors, "channel", Channel),
        bureau=query_int(errors, "bureau"), stage=query_choice(errors, "stage", PublicStage),
        page=query_int(errors, "page") or 1,
    )
    if errors:
        raise Invalid(errors)
    page = open_progress.listing(filters, size=per_page)
    return jsonify({"items": [progress_json(i) for i in page.items], "page": page.page, "per_page": page.size,
                    "total": page.total, "pages": page.pages})


@bp.get(f"/public/proposals/<{ID}:proposal_id>")
@public
def public_proposal(proposal_id: int) -> Response:
    return jsonify(progress_json(open_progress.get(proposal_id)))


def status_json(found: clues.Status) -> dict[str, Any]:
    return {
        "code": display_code(found.code),
        "url": url_for("api.public_clue", code=display_code(found.code)),
        "page_url": url_for("portal.clue_status", code=display_code(found.code)),
        "subject": found.subject,
        "received_at": _iso(found.received_at),
        "status": str(found.status),
        "status_label": str(CLUE_STATUS_LABELS[found.status]),
        "reason": found.reason,
        "proposal_number": found.proposal_number,
        "proposal_url": url_for("api.public_proposal", proposal_id=found.proposal_id) if found.proposal_id else None,
    }


@bp.post("/public/clues")
@limiter.shared_limit(clue_limit, scope=CLUE_SCOPE)
@public
def public_clue_send() -> Response:
    """JSON: subject, body, contact, optional files [{name, content (base64)}], and the honeypot
    `website`, which must be absent or empty."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Invalid({"body": _("Send a JSON object.")})

    def text(name: str) -> str:
        value = body.get(name, "")
        if not isinstance(value, str):
            raise Invalid({name: _("Must be text.")})
        return value

    files = body.get("files") or []
    if not isinstance(files, list) or len(files) > clues.FILES_MAX:
        raise Invalid({"files": _("At most %(n)d files at a time.", n=clues.FILES_MAX)})
    found = []
    for entry in files:
        if not isinstance(entry, dict) or not isinstance(entry.get("content"), str):
            raise Invalid({"files": _("Each file needs a name and its content in base64.")})
        try:
            data = base64.b64decode(entry["content"], validate=True)
        except (binascii.Error, ValueError):
            raise Invalid({"files": _("Each file needs a name and its content in base64.")}) from None
        name = entry.get("name") if isinstance(entry.get("name"), str) else None
        found.append(uploads.Upload(name, data))
    clue = clues.send(clues.ClueInput(text("subject"), text("body"), text("contact"), found,
                                      honeypot=text("website")), utcnow())
    response = jsonify(status_json(clues.status(clue.code)))
    response.status_code = 201
    response.headers["Location"] = url_for("api.public_clue", code=display_code(clue.code))
    return response


@bp.get("/public/clues/<code>")
@public
def public_clue(code: str) -> Response:
    return jsonify(status_json(clues.status(code)))


# --- OpenAPI -------------------------------------------------------------------------------------

def openapi_paths() -> dict[str, Any]:
    from workflow.api.openapi import PREFIX, _id_param, _json, _object, _query, _ref, _responses

    no_token: list = []
    s = {"type": "string"}
    listing = [
        _query("q", {"type": "string", "maxLength": open_progress.Q_MAX}, "Words of the number or the title."),
        _query("session", {"type": "integer", "minimum": 1}, "Session (会次) id."),
        _query("channel", {"type": "string", "enum": list(Channel)}, "cppcc (提案) or npc (建议)."),
        _query("bureau", {"type": "integer", "minimum": 1}, "A bureau handling it (lead, co or separate)."),
        _query("stage", {"type": "string", "enum": list(PublicStage)},
               "assigned 交办, handling 办理中, replied 已答复, closed 已办结."),
        _query("page", {"type": "integer", "minimum": 1, "default": 1}, "Page number."),
        _query("per_page", {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX,
                            "default": open_progress.PAGE_SIZE}, "Page size."),
    ]
    code = {"name": "code", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 32},
            "description": "The tracking code, e.g. ABCDE-23456 (dash and case do not matter)."}
    send = _object({
        "subject": {"type": "string", "maxLength": clues.SUBJECT_MAX},
        "body": {"type": "string", "maxLength": clues.BODY_MAX},
        "contact": {"type": "string", "maxLength": clues.CONTACT_MAX, "description": "Never shown."},
        "files": {"type": "array", "maxItems": clues.FILES_MAX,
                  "items": _object({"name": s, "content": {"type": "string", "contentEncoding": "base64"}},
                                   ["content"])},
        "website": {"type": "string", "maxLength": 0, "description": "Must stay empty (a honeypot)."},
    }, ["subject", "body", "contact"])
    return {
        f"{PREFIX}/public/proposals": {"get": {
            "operationId": "public_proposals_list", "tags": ["public"], "security": no_token,
            "summary": "Progress in the open: filed items of the sessions that show it, masked. No token.",
            "parameters": listing,
            "responses": _responses("200", _ref("schemas", "PublicProgressList"), 400),
        }},
        f"{PREFIX}/public/proposals/{{proposal_id}}": {"get": {
            "operationId": "public_proposals_get", "tags": ["public"], "security": no_token,
            "summary": "One filed item's progress: bureaus, stage, published replies. No token.",
            "parameters": [_id_param("proposal_id")],
            "responses": _responses("200", _ref("schemas", "PublicProgress"), 404),
        }},
        f"{PREFIX}/public/clues": {"post": {
            "operationId": "public_clues_send", "tags": ["public"], "security": no_token,
            "summary": "Send a clue for proposals (提案线索); answers its tracking code. Limited per address.",
            "requestBody": {"required": True, "content": _json(send)},
            "responses": _responses("201", _ref("schemas", "PublicClueStatus"), 400, 429),
        }},
        f"{PREFIX}/public/clues/{{code}}": {"get": {
            "operationId": "public_clues_get", "tags": ["public"], "security": no_token,
            "summary": "What became of a clue. No token.",
            "parameters": [code],
            "responses": _responses("200", _ref("schemas", "PublicClueStatus"), 404),
        }},
    }


def openapi_schemas() -> dict[str, Any]:
    from workflow.api.openapi import _nullable, _object

    s, i = {"type": "string"}, {"type": "integer"}
    bureau = _object({"id": i, "name": s})
    item = _object({
        "id": i, "url": s, "page_url": s, "number": s, "title": {"type": "string", "description": "Masked."},
        "channel": {"enum": list(Channel)}, "session": _object({"id": i, "name": s}),
        "category": _nullable("string"), "stage": {"enum": list(PublicStage)}, "stage_label": s,
        "lead_bureau": {"oneOf": [bureau, {"type": "null"}]},
        "bureaus": {"type": "array", "items": _object({"id": i, "name": s, "role": {"enum": ["lead", "co", "separate"]}})},
        "filed_at": _nullable("string", format="date-time"), "closed_at": _nullable("string", format="date-time"),
        "replies": {"type": "array", "items": _object({"id": i, "title": s, "url": s, "page_url": s})},
    })
    return {
        "PublicProgress": item,
        "PublicProgressList": _object({"items": {"type": "array", "items": {"$ref": "#/components/schemas/PublicProgress"}},
                                       "page": i, "per_page": i, "total": i, "pages": i}),
        "PublicClueStatus": _object({
            "code": s, "url": s, "page_url": s, "subject": {"type": "string", "description": "Masked."},
            "received_at": {"type": "string", "format": "date-time"},
            "status": {"enum": ["received", "passed", "writing", "taken_up", "declined"]}, "status_label": s,
            "reason": _nullable("string"), "proposal_number": _nullable("string"), "proposal_url": _nullable("string"),
        }),
    }
