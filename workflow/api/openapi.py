"""GET /api/v1/openapi.json: an OpenAPI 3.1 description of the API.

Built as a plain dict. The action paths and their request bodies are generated from the dispatch
table (actions.py) and the token and draft bodies from the same field lists the routes parse, so
the document cannot drift from what the server accepts; a test checks every route is in it.
"""
from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from workflow.api import bp
from workflow.api.actions import ACTIONS, DRAFT_FIELDS, Action
from workflow.api.auth import CREDENTIALS, public
from workflow.api.errors import GENERIC
from workflow.api.parsing import Field
from workflow.api.proposals import PER_PAGE_MAX, Q_MAX
from workflow.domain.assignment import AssignmentRole, AssignmentState
from workflow.domain.clocks import ClockKind
from workflow.domain.lifecycle import AuthorKind, Channel, ProposalState

PREFIX = "/api/v1"
# collection in the URL -> (path parameter, schema of the resource)
RESOURCES = {
    "proposals": ("proposal_id", "Proposal"), "assignments": ("assignment_id", "Assignment"),
    "replies": ("reply_id", "Reply"), "extension-requests": ("request_id", "ExtensionRequest"),
}


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _nullable(type_: str, **extra: Any) -> dict:
    return {"type": [type_, "null"], **extra}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def _body(fields: tuple[Field, ...]) -> dict:
    schema = _object({f.name: f.schema() for f in fields}, [f.name for f in fields if f.required])
    schema["additionalProperties"] = False  # parsing.parse refuses unknown fields
    return {"required": any(f.required for f in fields), "content": _json(schema)}


def _responses(ok: str, ok_schema: dict | None, *errors: int) -> dict:
    responses: dict[str, Any] = {ok: {"description": "OK"}}
    if ok_schema is not None:
        responses[ok]["content"] = _json(ok_schema)
    responses.update({str(status): _ref("responses", f"E{status}") for status in errors})
    return responses


def _id_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}


IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"},
    "description": "Send the same key again (a retry after a timeout) and the request is not done twice: "
                   "409 `repeated`, with the `location` of what the first one did. Keys are the caller's own, "
                   "kept for a day.",
}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _action_operation(collection: str, action: Action) -> dict:
    param, schema = RESOURCES[collection]
    errors = [400, 401, 403, 404, 409] + ([412] if action.stale_check else [])
    operation: dict[str, Any] = {
        "operationId": f"{collection}_{action.name.replace('-', '_')}",
        "summary": action.summary,
        "tags": [collection],
        "parameters": [_id_param(param), IDEMPOTENCY_KEY],
        "responses": _responses("200", _ref("schemas", schema), *errors),
    }
    if action.fields:
        operation["requestBody"] = _body(action.fields)
    return operation


def _action_paths() -> dict[str, Any]:
    paths = {}
    for collection, table in ACTIONS.items():
        param, _schema = RESOURCES[collection]
        for action in table.values():
            path = f"{PREFIX}/{collection}/{{{param}}}/actions/{action.name}"
            paths[path] = {"post": _action_operation(collection, action)}
    return paths


def _list_parameters() -> list[dict]:
    return [
        _query("state", {"type": "string", "enum": list(ProposalState)}, "Only proposals in this state."),
        _query("session", {"type": "integer", "minimum": 1}, "Only this session (会次)."),
        _query("bureau", {"type": "integer", "minimum": 1}, "Only those assigned to this bureau."),
        _query("channel", {"type": "string", "enum": list(Channel)}, "cppcc (提案) or npc (建议)."),
        _query("overdue", {"type": "boolean"},
               "Only those with a running clock past its due date (a window past its end is closed, not overdue)."),
        _query("q", {"type": "string", "maxLength": Q_MAX}, "Search title, number and text."),
        _query("page", {"type": "integer", "minimum": 1, "default": 1}, "Page number."),
        _query("per_page", {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX, "default": 20}, "Page size."),
    ]


def _paths() -> dict[str, Any]:
    public_auth: list = []  # an empty security requirement: no token needed
    paths: dict[str, Any] = {
        f"{PREFIX}/auth/token": {
            "post": {
                "operationId": "auth_issue_token", "summary": "Exchange a username and password for a token.",
                "tags": ["auth"], "security": public_auth, "requestBody": _body(CREDENTIALS),
                "responses": _responses("200", _ref("schemas", "Token"), 400, 401, 429),
            },
            "delete": {
                "operationId": "auth_revoke_token", "summary": "Revoke the token this request presents.",
                "tags": ["auth"], "responses": {"204": {"description": "Revoked."}, "401": _ref("responses", "E401")},
            },
        },
        f"{PREFIX}/me": {
            "get": {"operationId": "me", "summary": "The caller: roles and bureau.", "tags": ["auth"],
                    "responses": _responses("200", _ref("schemas", "Me"), 401)},
        },
        f"{PREFIX}/proposals": {
            "get": {
                "operationId": "proposals_list", "summary": "The proposals the caller may see.", "tags": ["proposals"],
                "parameters": _list_parameters(),
                "responses": _responses("200", _ref("schemas", "ProposalList"), 400, 401),
            },
            "post": {
                "operationId": "proposals_create", "summary": "Write a new draft.", "tags": ["proposals"],
                "parameters": [IDEMPOTENCY_KEY], "requestBody": _body(DRAFT_FIELDS),
                "responses": _responses("201", _ref("schemas", "Proposal"), 400, 401, 403, 409),
            },
        },
        f"{PREFIX}/proposals/{{proposal_id}}": {
            "get": {
                "operationId": "proposals_get", "summary": "One proposal with assignments, clocks, timeline, actions.",
                "tags": ["proposals"], "parameters": [_id_param("proposal_id")],
                "responses": _responses("200", _ref("schemas", "Proposal"), 401, 404),
            },
        },
        f"{PREFIX}/assignments/{{assignment_id}}": {
            "get": {
                "operationId": "assignments_get", "summary": "One assignment with its clocks and actions.",
                "tags": ["assignments"], "parameters": [_id_param("assignment_id")],
                "responses": _responses("200", _ref("schemas", "Assignment"), 401, 404),
            },
        },
        f"{PREFIX}/openapi.json": {
            "get": {"operationId": "openapi", "summary": "This document.", "tags": ["meta"], "security": public_auth,
                    "responses": {"200": {"description": "OK", "content": _json({"type": "object"})}}},
        },
    }
    created = paths[f"{PREFIX}/proposals"]["post"]["responses"]["201"]
    created["headers"] = {"Location": {"schema": {"type": "string"}, "description": "The new proposal's URL."}}
    paths.update(_action_paths())
    return paths


def _schemas() -> dict[str, Any]:
    s, i, b = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
    dt, d = {"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}
    person = {"anyOf": [_ref("schemas", "Person"), {"type": "null"}]}
    bureau = {"anyOf": [_ref("schemas", "Bureau"), {"type": "null"}]}
    actions = {"type": "array", "items": s, "description": "The actions the caller may take now."}
    summary = {
        "id": i, "url": s, "number": _nullable("string"), "title": s, "state": {"enum": list(ProposalState)},
        "channel": {"enum": list(Channel)}, "session": _object({"id": i, "name": s}), "author_kind":
        {"enum": list(AuthorKind)}, "proposer": person, "is_key": b, "version": i, "created_at": dt,
        "updated_at": dt, "submitted_at": _nullable("string", format="date-time"),
        "filed_at": _nullable("string", format="date-time"),
    }
    return {
        "Error": _object(
            {"error": _object({
                "code": s, "message": {"type": "string", "description": "In the caller's language (Accept-Language)."},
                "field": {"type": "string", "description": "The request field at fault (400)."},
                "fields": {"type": "object", "additionalProperties": s, "description": "Every field at fault."},
                "state": {"type": "string", "description": "The item's current state (409)."},
                "location": {"type": ["string", "null"],
                             "description": "Where the first request with this Idempotency-Key led (409 `repeated`)."},
            }, ["code", "message"])},
            ["error"],
        ),
        "Token": _object({"token": s, "token_type": {"const": "Bearer"}, "expires_at": dt}, ["token", "expires_at"]),
        "Person": _object({"id": i, "name": s, "group_name": _nullable("string")}),
        "Bureau": _object({"id": i, "code": s, "name": s, "short_name": _nullable("string")}),
        "Me": _object({"id": i, "username": s, "name": s, "roles": {"type": "array", "items": s}, "bureau": bureau,
                       "channel": _nullable("string"), "group_name": _nullable("string"),
                       "locale": _nullable("string")}),
        "Clock": _object({
            "id": i, "kind": {"enum": list(ClockKind)}, "assignment_id": _nullable("integer"), "start_date": d,
            "period": _nullable("string"), "due_date": d, "provisional": b, "running": b,
            "stopped_at": _nullable("string", format="date-time"), "overdue": b,
            "closed": b,  # a window (reassign_window) past its end: closed, never overdue
        }),
        "Event": _object({
            "id": i, "actor": person, "action": s, "from_state": _nullable("string"), "to_state": _nullable("string"),
            "note": _nullable("string"), "changes": {"type": ["object", "null"]},
            "assignment_id": _nullable("integer"), "bureau": bureau, "created_at": dt,
        }),
        "Assignment": _object({
            "id": i, "url": s, "proposal_id": i, "bureau": _ref("schemas", "Bureau"),
            "role": {"enum": list(AssignmentRole)}, "state": {"enum": list(AssignmentState)}, "assigned_at": dt,
            "received_at": _nullable("string", format="date-time"), "reassignment_reason": _nullable("string"),
            "decision_note": _nullable("string"), "version": i,
            "clocks": {"type": "array", "items": _ref("schemas", "Clock")}, "actions": actions,
            "proposal": _object({"id": i, "number": _nullable("string"), "title": s, "state": s, "version": i}),
        }),
        "ProposalSummary": _object(summary),
        "Proposal": _object({
            **summary, "body": s, "collective_name": _nullable("string"), "group_name": _nullable("string"),
            "category": {"anyOf": [_object({"id": i, "name": s}), {"type": "null"}]},
            "key_leader": _nullable("string"),
            "merged_into": {"anyOf": [_object({"id": i, "number": _nullable("string")}), {"type": "null"}]},
            "merged": {"type": "array", "items": _object({"id": i, "title": s, "state": s})},
            "not_filed_reason": _nullable("string"), "opinion_letter_consent": _nullable("boolean"),
            "cosigners": {"type": "array", "items": _object({
                "user": person, "state": {"enum": ["pending", "confirmed", "declined"]}, "note": _nullable("string"),
                "responded_at": _nullable("string", format="date-time")})},
            "seconders": {"type": "array", "items": _object({"user": person, "created_at": dt})},
            "assignments": {"type": "array", "items": _ref("schemas", "Assignment")},
            "clocks": {"type": "array", "items": _ref("schemas", "Clock")},
            "timeline": {"type": "array", "items": _ref("schemas", "Event")},
            "actions": actions,
        }),
        "ProposalList": _object({
            "items": {"type": "array", "items": _ref("schemas", "ProposalSummary")},
            "page": i, "per_page": i, "total": i, "pages": i,
            "total_is_lower_bound": {"type": "boolean",
                                     "description": "The count stopped at 10,000 proposals (1,000 with `q`): more pass the filter."},
        }, ["items", "page", "per_page", "total"]),
    }


ERROR_DESCRIPTIONS = {
    400: "Invalid input; `field` and `fields` name what to correct.",
    401: "No token, or it expired or was revoked.",
    403: "Not allowed for this user.",
    404: "No such item, or the caller may not see it.",
    409: "Not allowed in the item's current state (`wrong_state`; `state` says which), changed by someone "
         "else at the same moment (`changed`: nothing was saved, read it again), or already done with this "
         "Idempotency-Key (`repeated`).",
    412: "Stale `version`: someone changed the item since you read it.",
    429: "Too many attempts; wait a minute.",
}


def document() -> dict[str, Any]:
    from workflow.api import figures as figures_api  # and the office's figures
    from workflow.api import public as public_api  # the portal's read-only routes describe themselves
    from workflow.api import public_clues as progress_api  # issue 12: progress in the open, clues
    from workflow.api import replies as replies_api  # so do issue 3's GET routes
    from workflow.api import text as text_api  # and issue 11's

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Proposal-reply workflow API",
            "version": "1",
            "description": "The same rules as the web pages: both call the same services. Errors are "
            '{"error": {"code", "message"}}, the message in the language of Accept-Language (zh or en).',
        },
        "security": [{"bearerAuth": []}],
        "paths": {**_paths(), **public_api.openapi_paths(), **replies_api.openapi_paths(), **figures_api.openapi_paths(),
                  **text_api.openapi_paths(), **progress_api.openapi_paths()},
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "description": "From POST /auth/token."}},
            "schemas": {**_schemas(), **public_api.openapi_schemas(), **replies_api.openapi_schemas(),
                        **figures_api.openapi_schemas(), **text_api.openapi_schemas(),
                        **progress_api.openapi_schemas()},
            "responses": {
                f"E{status}": {
                    "description": f"{GENERIC[status][0]}: {text}",
                    "content": _json(_ref("schemas", "Error")),
                }
                for status, text in ERROR_DESCRIPTIONS.items()
            },
        },
    }


@bp.get("/openapi.json")
@public
def openapi() -> Response:
    return jsonify(document())
