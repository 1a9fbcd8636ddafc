"""GET /api/v1/public/replies and /api/v1/public/replies/{id} (SPEC 8): published replies only,
masked, no token; the same queries as the public portal.

Any `q` is answered (cut to its maximum length, its characters searched for as they are); a page
past the end is an empty list; an id that was never published is a 404 like an unknown one; a
withdrawn publication a 410 that says when, with none of its text.
"""
from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request, url_for

from workflow.api import bp
from workflow.api.auth import public
from workflow.api.errors import error_response
from workflow.api.parsing import ID, query_choice, query_int
from workflow.domain.lifecycle import Channel
from workflow.domain.publication import DISCLOSURE_SCOPE, INFORMATION_CLASS
from workflow.domain.reply_text import DISCLOSURE_TEXT
from workflow.models import Publication
from workflow.services import publication_files, search
from workflow.services.errors import Invalid
from workflow.services.search import Gone, Hit, PublicFilter

PER_PAGE_MAX = 100
TOPIC_MAX = 64
RESOLUTION_MAX = 8


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def metadata(row: Publication) -> dict[str, Any]:
    """The disclosure metadata block (索引号 … 解决类别)."""
    return {
        "index_number": row.index_number,
        "publisher": row.publisher,
        "letter_date": _iso(row.letter_date),
        "published_at": _iso(row.published_at),
        "disclosure": DISCLOSURE_TEXT["public"],
        "scope": DISCLOSURE_SCOPE,
        "information_class": INFORMATION_CLASS.get(row.channel, ""),
        "topic": row.topic,
        "doc_number": row.doc_number,
        "title": row.title,
        "resolution": row.resolution,
        "resolution_label": row.resolution_label,
    }


def summary(row: Publication) -> dict[str, Any]:
    return {
        "id": row.id,
        "url": url_for("api.public_reply", publication_id=row.id),
        "page_url": url_for("public.show", publication_id=row.id),
        "channel": row.channel,
        "year": row.year,
        "session": {"id": row.session_id, "name": row.session.name},
        "bureau": {"id": row.bureau_id, "name": row.issuer or row.publisher, "short_name": row.publisher},
        "proposal_number": row.proposal_number,
        **metadata(row),
    }


def hit(h: Hit) -> dict[str, Any]:
    return {**summary(h.publication), "title_html": h.title_html, "excerpt_html": h.excerpt_html}


def detail(row: Publication) -> dict[str, Any]:
    files = published_files(row)
    return {
        **summary(row),
        "salutation": row.salutation,
        "body": row.body,
        "paragraphs": row.paragraphs,
        "contact": row.contact,
        "letter": {
            "pdf": url_for("public.letter", publication_id=row.id, fmt="pdf"),
            "docx": url_for("public.letter", publication_id=row.id, fmt="docx"),
        },
        # Masked copies only (issue 9 §6): the originals never reach the public.
        "attachments": [file["url"] for file in files],
        "files": files,
    }


def published_files(row: Publication) -> list[dict[str, Any]]:
    return [
        {
            "name": file.filename,
            "url": url_for("public.attachment", publication_id=row.id, attachment_id=file.attachment_id),
            "kind": file.kind,
            "size": file.size,
            "text_copy": file.text_copy,
        }
        for file in publication_files.of(row)
    ]


def _text(name: str, limit: int) -> str | None:
    return (request.args.get(name) or "").strip()[:limit] or None


@bp.get("/public/replies")
@public
def public_replies() -> Response:
    errors: dict[str, str] = {}
    per_page = query_int(errors, "per_page", 1, PER_PAGE_MAX) or search.PAGE_SIZE
    filters = PublicFilter(
        q=request.args.get("q"),
        year=query_int(errors, "year", 1, 9999),
        session=query_int(errors, "session"),
        channel=query_choice(errors, "channel", Channel),
        bureau=query_int(errors, "bureau"),
        topic=_text("topic", TOPIC_MAX),
        resolution=_text("resolution", RESOLUTION_MAX),
        page=query_int(errors, "page") or 1,
    )
    if errors:
        raise Invalid(errors)
    results = search.search(filters, size=per_page)
    return jsonify({
        "q": results.query.text,
        "terms": list(results.query.terms),
        "items": [hit(h) for h in results.items],
        "page": results.page,
        "per_page": results.size,
        "total": results.total,
        "total_is_lower_bound": results.capped,
        "pages": results.pages,
    })


@bp.get(f"/public/replies/<{ID}:publication_id>")
@public
def public_reply(publication_id: int) -> Response:
    try:
        row = search.get_published(publication_id)
    except Gone as gone:
        return error_response(410, gone.message, gone.code, withdrawn_at=_iso(gone.publication.withdrawn_at),
                              index_number=gone.publication.index_number)
    return jsonify(detail(row))


# --- OpenAPI -------------------------------------------------------------------------------------

def openapi_paths() -> dict[str, Any]:
    from workflow.api.openapi import PREFIX, _id_param, _json, _query, _ref, _responses

    no_token: list = []
    listing = [
        _query("q", {"type": "string"}, "Words to find in titles and texts, separated by spaces; all must occur. "
               "Any text is accepted: it is cut to 100 characters and searched for literally."),
        _query("year", {"type": "integer", "minimum": 1}, "Year of publication."),
        _query("session", {"type": "integer", "minimum": 1}, "Session (会次) id."),
        _query("channel", {"type": "string", "enum": list(Channel)}, "cppcc (提案) or npc (建议)."),
        _query("bureau", {"type": "integer", "minimum": 1}, "Publishing bureau id."),
        _query("topic", {"type": "string", "maxLength": TOPIC_MAX}, "主题分类, exactly."),
        _query("resolution", {"type": "string", "maxLength": RESOLUTION_MAX}, "解决类别 code, e.g. A."),
        _query("page", {"type": "integer", "minimum": 1, "default": 1}, "Page number; past the end: no items."),
        _query("per_page", {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX, "default": search.PAGE_SIZE},
               "Page size."),
    ]
    gone = {"description": "Withdrawn: `withdrawn_at` says when; none of the text.",
            "content": _json(_ref("schemas", "Error"))}
    return {
        f"{PREFIX}/public/replies": {
            "get": {
                "operationId": "public_replies_list", "tags": ["public"], "security": no_token,
                "summary": "Published replies, newest first, masked; search and filters. No token.",
                "parameters": listing,
                "responses": _responses("200", _ref("schemas", "PublicReplyList"), 400),
            },
        },
        f"{PREFIX}/public/replies/{{publication_id}}": {
            "get": {
                "operationId": "public_replies_get", "tags": ["public"], "security": no_token,
                "summary": "One published reply: the disclosure metadata and the masked letter. No token.",
                "parameters": [_id_param("publication_id")],
                "responses": {**_responses("200", _ref("schemas", "PublicReply"), 404), "410": gone},
            },
        },
    }


def openapi_schemas() -> dict[str, Any]:
    from workflow.api.openapi import _nullable, _object

    s, i = {"type": "string"}, {"type": "integer"}
    summary_ = {
        "id": i, "url": s, "page_url": s, "channel": {"enum": list(Channel)}, "year": i,
        "session": _object({"id": i, "name": s}),
        "bureau": _object({"id": i, "name": s, "short_name": s}),
        "proposal_number": _nullable("string"), "index_number": s, "publisher": s,
        "letter_date": {"type": "string", "format": "date"}, "published_at": {"type": "string", "format": "date-time"},
        "disclosure": s, "scope": {"type": "string", "description": "公开范围, e.g. 面向社会."},
        "information_class": {"type": "string", "description": "信息分类: 政协委员提案 or 人大代表建议."},
        "topic": s, "doc_number": s, "title": s, "resolution": s,
        "resolution_label": _nullable("string"),
    }
    return {
        "PublicReplySummary": _object({**summary_, "title_html": s, "excerpt_html": {
            "type": "string", "description": "HTML: the text escaped, the query's words in <mark>."}}),
        "PublicReplyList": _object({
            "q": s, "terms": {"type": "array", "items": s},
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/PublicReplySummary"}},
            "page": i, "per_page": i, "total": i, "pages": i,
            "total_is_lower_bound": {"type": "boolean", "description": "The count stopped at 1000 matches."},
        }),
        "PublicReply": _object({
            **summary_, "salutation": s, "body": s, "paragraphs": {"type": "array", "items": s},
            "contact": _nullable("string"), "letter": _object({"pdf": s, "docx": s}),
            "attachments": {"type": "array", "items": s, "description": "URLs of the attachments' masked copies."},
            "files": {"type": "array", "items": _object({
                "name": s, "url": s, "kind": {"enum": ["pdf", "docx", "xlsx"]}, "size": i,
                "text_copy": {"type": "boolean", "description": "A PDF's text set again: its layout is not kept."},
            })},
        }),
    }
