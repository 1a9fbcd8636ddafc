"""Issue 11 over the API: similar proposals, suggested bureaus, the pre-check, reply coverage."""
from __future__ import annotations

from flask import Response, jsonify, url_for

from workflow.api import bp
from workflow.api.auth import caller
from workflow.api.parsing import ID, Field, Kind, json_body, parse
from workflow.domain.lifecycle import Channel
from workflow.services import coverage, precheck, routing, similar
from workflow.services.errors import Invalid

TEXT_FIELDS = (
    Field("title", Kind.STRING, "The title.", required=True, max_length=200),
    Field("body", Kind.STRING, "The text.", max_length=50_000),
    Field("channel", Kind.STRING, "cppcc or npc; the caller's channel when left out.", enum=tuple(Channel)),
    Field("session_id", Kind.INTEGER, "The session it is written for (marks results of the same session)."),
)


def _text_input() -> dict:
    values = parse(json_body(), TEXT_FIELDS)
    channel = values.get("channel") or caller().channel
    if channel is not None and channel not in set(Channel):
        raise Invalid({"channel": "cppcc, npc"})
    values["channel"] = channel
    return values


def _similar(item: similar.Similar) -> dict:
    p = item.proposal
    return {
        "id": p.id, "title": p.title, "number": p.number, "state": p.state, "channel": p.channel,
        "session": {"id": p.session_id, "name": p.session_name}, "same_session": item.same_session,
        "proposer": p.author, "score": item.score, "likely_duplicate": item.duplicate,
        "words": item.words,
        "url": url_for("api.get_proposal", proposal_id=p.id) if item.visible else None,
        "published_reply": url_for("public.show", publication_id=item.publication.id) if item.publication else None,
    }


@bp.post("/similar")
def similar_to_text() -> Response:
    values = _text_input()
    found = similar.for_text(caller(), values["title"], values.get("body", ""), values["channel"],
                             values.get("session_id"))
    return jsonify({"items": [_similar(s) for s in found]})


@bp.get(f"/proposals/<{ID}:proposal_id>/similar")
def similar_to_proposal(proposal_id: int) -> Response:
    return jsonify({"items": [_similar(s) for s in similar.for_proposal(caller(), proposal_id)]})


@bp.get(f"/proposals/<{ID}:proposal_id>/suggested-bureaus")
def suggested_bureaus(proposal_id: int) -> Response:
    result = routing.suggest_for(caller(), proposal_id)

    def row(r: routing.BureauScore) -> dict:
        return {
            "bureau": {"id": r.bureau.id, "code": r.bureau.code, "name": r.bureau.name,
                       "short_name": r.bureau.short_name},
            "score": r.score, "role": r.role, "duty_words": r.duty_words, "keyword_words": r.keyword_words,
            "neighbour_words": r.neighbour_words,
            "neighbours": [{"title": title, "similarity": score} for title, score in r.neighbours],
        }

    return jsonify({
        "lead": row(result.lead) if result.lead else None,
        "co": [row(r) for r in result.co],
        "ranking": [row(r) for r in result.ranking[:10]],
    })


@bp.post("/proposals/precheck")
def precheck_text() -> Response:
    values = _text_input()
    findings = precheck.run(values["title"], values.get("body", ""))
    return jsonify({"findings": [
        {"rule": f.rule.value, "message": precheck.message(f, values["channel"]), "detail": f.detail} for f in findings
    ]})


@bp.get(f"/replies/<{ID}:reply_id>/coverage")
def reply_coverage(reply_id: int) -> Response:
    found = coverage.of_reply(caller(), reply_id)
    return jsonify({
        "suggestions": [{
            "number": p.suggestion.number, "marker": p.suggestion.marker, "heading": p.suggestion.heading,
            "text": p.suggestion.text, "answered": p.answered, "quoted": p.quoted, "score": p.score,
            "passage": {"index": p.section.index, "text": p.section.text} if p.section and p.answered else None,
        } for p in found.points],
        "unanswered": [p.suggestion.number for p in found.unanswered],
    })


def openapi_paths() -> dict:
    from workflow.api.openapi import _body, _id_param, _ref, _responses

    prefix = "/api/v1"
    return {
        f"{prefix}/similar": {"post": {
            "operationId": "similar_to_text", "tags": ["text"],
            "summary": "Proposals like a text being written (this and earlier sessions), ranked, with scores.",
            "requestBody": _body(TEXT_FIELDS), "responses": _responses("200", _ref("schemas", "SimilarList"), 400, 401),
        }},
        f"{prefix}/proposals/{{proposal_id}}/similar": {"get": {
            "operationId": "proposals_similar", "tags": ["text"], "parameters": [_id_param("proposal_id")],
            "summary": "Proposals like this one, ranked, with scores.",
            "responses": _responses("200", _ref("schemas", "SimilarList"), 401, 404),
        }},
        f"{prefix}/proposals/{{proposal_id}}/suggested-bureaus": {"get": {
            "operationId": "proposals_suggested_bureaus", "tags": ["text"], "parameters": [_id_param("proposal_id")],
            "summary": "For the office: the suggested lead and co bureaus, with scores and the words that made them.",
            "responses": _responses("200", _ref("schemas", "SuggestedBureaus"), 401, 403, 404),
        }},
        f"{prefix}/proposals/precheck": {"post": {
            "operationId": "proposals_precheck", "tags": ["text"],
            "summary": "What a proposal office would send back: advice, never a block.",
            "requestBody": _body(TEXT_FIELDS), "responses": _responses("200", _ref("schemas", "Precheck"), 400, 401),
        }},
        f"{prefix}/replies/{{reply_id}}/coverage": {"get": {
            "operationId": "replies_coverage", "tags": ["text"], "parameters": [_id_param("reply_id")],
            "summary": "Each numbered suggestion of the proposal with the passage of the reply that answers it.",
            "responses": _responses("200", _ref("schemas", "Coverage"), 401, 404),
        }},
    }


def openapi_schemas() -> dict:
    s, i, n, b = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}
    ns = {"type": ["string", "null"]}
    words = {"type": "array", "items": s}
    bureau_row = {"type": "object", "properties": {
        "bureau": {"$ref": "#/components/schemas/Bureau"}, "score": n,
        "role": {"type": ["string", "null"], "enum": ["lead", "co", None]}, "duty_words": words,
        "keyword_words": words, "neighbour_words": words,
        "neighbours": {"type": "array", "items": {"type": "object", "properties": {"title": s, "similarity": n}}}}}
    return {
        "SimilarList": {"type": "object", "properties": {"items": {"type": "array", "items": {
            "type": "object", "properties": {
                "id": i, "title": s, "number": ns, "state": s, "channel": s, "session": {"type": "object"},
                "same_session": b, "proposer": s, "score": {"type": "number", "description": "Cosine similarity, 0..1."},
                "likely_duplicate": b, "words": words,
                "url": {"type": ["string", "null"], "description": "Only when the caller may open it."},
                "published_reply": {"type": ["string", "null"], "description": "The public page of its reply."}}}}}},
        "SuggestedBureaus": {"type": "object", "properties": {
            "lead": {"anyOf": [bureau_row, {"type": "null"}]}, "co": {"type": "array", "items": bureau_row},
            "ranking": {"type": "array", "items": bureau_row}}},
        "Precheck": {"type": "object", "properties": {"findings": {"type": "array", "items": {
            "type": "object", "properties": {
                "rule": {"enum": ["title_form", "too_short", "no_suggestions", "outside_remit", "personal_data"]},
                "message": s, "detail": {"type": "object"}}}}}},
        "Coverage": {"type": "object", "properties": {
            "suggestions": {"type": "array", "items": {"type": "object", "properties": {
                "number": i, "marker": s, "heading": s, "text": s, "answered": b, "quoted": b, "score": n,
                "passage": {"type": ["object", "null"]}}}},
            "unanswered": {"type": "array", "items": i}}},
    }
