"""/replies, /extension-requests and /attachments: issue 3's resources and their actions."""
from __future__ import annotations

import io

from flask import Response, jsonify, send_file

from workflow.api import bp
from workflow.api.actions import ACTIONS, EXTENSION_ACTIONS, run_action
from workflow.api.auth import caller
from workflow.api.handling_serializers import extension, reply_detail
from workflow.api.parsing import ID
from workflow.clock import utcnow
from workflow.services import reply_access, reply_letters, uploads


@bp.get(f"/replies/<{ID}:reply_id>")
def get_reply(reply_id: int) -> Response:
    return jsonify(reply_detail(reply_access.get_reply(caller(), reply_id), caller(), utcnow()))


@bp.post(f"/replies/<{ID}:reply_id>/actions/<action>")
def reply_action(reply_id: int, action: str) -> Response:
    now, _result = run_action(ACTIONS["replies"], action, caller(), lambda: reply_access.get_reply(caller(), reply_id))
    # Re-read through the visibility filter: a co bureau that co-signed may no longer see a draft.
    return jsonify(reply_detail(reply_access.get_reply(caller(), reply_id), caller(), now))


@bp.get(f"/replies/<{ID}:reply_id>/letter.docx", defaults={"fmt": "docx"})
@bp.get(f"/replies/<{ID}:reply_id>/letter.pdf", defaults={"fmt": "pdf"})
def reply_letter(reply_id: int, fmt: str) -> Response:
    data, mimetype, name = reply_letters.render(caller(), reply_id, fmt)
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)


@bp.get(f"/extension-requests/<{ID}:request_id>")
def get_extension_request(request_id: int) -> Response:
    return jsonify(extension(reply_access.get_extension(caller(), request_id), caller()))


@bp.post(f"/extension-requests/<{ID}:request_id>/actions/<action>")
def extension_action(request_id: int, action: str) -> Response:
    run_action(EXTENSION_ACTIONS, action, caller(), lambda: reply_access.get_extension(caller(), request_id))
    return jsonify(extension(reply_access.get_extension(caller(), request_id), caller()))


@bp.get(f"/attachments/<{ID}:attachment_id>")
def get_attachment(attachment_id: int) -> Response:
    row = reply_access.get_attachment(caller(), attachment_id)
    return send_file(uploads.path_for(row.storage_name), mimetype=row.mimetype, as_attachment=True,
                     download_name=row.filename)


def openapi_paths() -> dict:
    """The GET routes above, for openapi.py (the action routes come from the dispatch table)."""
    from workflow.api.openapi import _id_param, _ref, _responses

    def get(op: str, summary: str, param: str, schema: str | None, tag: str, binary: str | None = None) -> dict:
        operation = {"operationId": op, "summary": summary, "tags": [tag], "parameters": [_id_param(param)]}
        if binary:
            operation["responses"] = _responses("200", None, 401, 404, 409)
            operation["responses"]["200"]["content"] = {binary: {"schema": {"type": "string", "format": "binary"}}}
        else:
            operation["responses"] = _responses("200", _ref("schemas", schema), 401, 404)
        return {"get": operation}

    prefix = "/api/v1"
    return {
        f"{prefix}/replies/{{reply_id}}": get(
            "replies_get", "One reply: fields, attachments, feedback, versions (for its bureau and the office), "
            "actions.", "reply_id", "Reply", "replies"),
        f"{prefix}/replies/{{reply_id}}/letter.docx": get(
            "replies_letter_docx", "The approved letter as DOCX (GB/T 9704), with its document number.",
            "reply_id", None, "replies", reply_letters.MIMETYPES["docx"]),
        f"{prefix}/replies/{{reply_id}}/letter.pdf": get(
            "replies_letter_pdf", "The approved letter as PDF.", "reply_id", None, "replies",
            reply_letters.MIMETYPES["pdf"]),
        f"{prefix}/extension-requests/{{request_id}}": get(
            "extension_requests_get", "One extension request with the actions the caller may take.",
            "request_id", "ExtensionRequest", "extension-requests"),
        f"{prefix}/attachments/{{attachment_id}}": get(
            "attachments_get", "An attachment's bytes, for those who may see what it belongs to.",
            "attachment_id", None, "attachments", "application/octet-stream"),
    }


def openapi_schemas() -> dict:
    s, i = {"type": "string"}, {"type": "integer"}
    ns = {"type": ["string", "null"]}
    dt = {"type": ["string", "null"], "format": "date-time"}
    d = {"type": ["string", "null"], "format": "date"}
    ref = {"$ref": "#/components/schemas/Attachment"}
    actions = {"type": "array", "items": s, "description": "The actions the caller may take now."}
    return {
        "Attachment": {"type": "object", "properties": {
            "id": i, "filename": s, "kind": {"enum": ["pdf", "docx", "xlsx", "jpeg", "png"]}, "mimetype": s,
            "size": i, "sha256": s, "url": s, "created_at": dt}},
        "Reply": {"type": "object", "properties": {
            "id": i, "url": s, "proposal_id": i, "assignment_id": i, "kind": {"enum": ["answer", "follow_up"]},
            "round": i, "state": s, "title": s, "salutation": s, "body": {"type": "string", "description": "HTML"},
            "doc_number": ns, "resolution": ns, "disclosure": ns, "disclosure_reason": ns, "contact_name": ns,
            "contact_phone": ns, "copy_to": {"type": "array", "items": s}, "return_note": ns, "sent_at": dt,
            "approved_at": dt, "feedback_outcome": ns, "version": i, "attachments": {"type": "array", "items": ref},
            "feedback": {"type": "array", "items": {"type": "object"}}, "cosigns": {"type": "array"},
            "letter": {"type": ["object", "null"]}, "versions": {"type": "array"}, "actions": actions,
            "publication": {"type": ["object", "null"], "description": "On the public portal: id, state, "
                            "index_number, published_at, withdrawn_at, url (SPEC 3.5)."}}},
        "ExtensionRequest": {"type": "object", "properties": {
            "id": i, "url": s, "assignment_id": i, "proposal_id": i, "state": s, "reason": s, "current_due": d,
            "asked_due": d, "granted_due": d, "decision_note": ns, "requested_at": dt, "decided_at": dt, "version": i,
            "actions": actions}},
    }
