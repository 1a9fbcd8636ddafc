"""GET /api/v1/figures (SPEC 6, 8; issue 9 §8): the office's figures as JSON, the same filters as the
page: totals, one row per answering bureau, and the co bureaus' co-handling. Rates are percentages
with one decimal, or null where there is nothing to measure. `satisfied` counts 满意 alone,
`basically_satisfied` 基本满意, `satisfied_or_basically` both; `satisfaction_rate` is SPEC 6's
满意率 over both."""
from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from workflow.api import bp
from workflow.api.auth import caller
from workflow.api.parsing import query_bool, query_choice, query_int
from workflow.clock import utcnow
from workflow.domain.figures import CoCounts, Counts
from workflow.domain.lifecycle import Channel
from workflow.services import figures_cache
from workflow.services.errors import Invalid
from workflow.services.figures import FigureFilter

COUNTS = ("assigned", "replied", "filed", "closed", "overdue", "sent", "on_time", "contacted", "feedback", "satisfied",
          "basically_satisfied")
RATES = ("completion_rate", "on_time_rate", "contact_rate", "satisfied_rate", "basically_satisfied_rate",
         "satisfaction_rate", "average_days")
CO_COUNTS = ("assigned", "given", "on_time")


def _number(value) -> float | None:
    return None if value is None else float(value)


def counts(c: Counts, codes: list[str]) -> dict[str, Any]:
    return {
        **{name: getattr(c, name) for name in COUNTS},
        "satisfied_or_basically": c.content,
        **{name: _number(getattr(c, name)) for name in RATES},
        "categories": {code: {"count": c.categories.get(code, 0), "share": _number(c.share(code))} for code in codes},
    }


def co_counts(c: CoCounts) -> dict[str, Any]:
    return {**{name: getattr(c, name) for name in CO_COUNTS}, "on_time_rate": _number(c.on_time_rate)}


@bp.get("/figures")
def get_figures() -> Response:
    errors: dict[str, str] = {}
    f = FigureFilter(
        session=query_int(errors, "session"), channel=query_choice(errors, "channel", Channel),
        bureau=query_int(errors, "bureau"), category=query_int(errors, "category"), key_only=query_bool(errors, "key"),
    )
    if errors:
        raise Invalid(errors)
    result = figures_cache.figures_for(caller(), f, utcnow())
    codes = [c.code for c in result.categories]
    return jsonify({
        "as_of": result.at.isoformat(),
        "filter": {"session": f.session, "channel": f.channel, "bureau": f.bureau, "category": f.category,
                   "key": f.key_only},
        "categories": [{"code": c.code, "label": c.label} for c in result.categories],
        "totals": counts(result.totals, codes),
        "bureaus": [{"bureau": {"id": r.bureau.id, "name": r.bureau.name}, **counts(r.counts, codes)} for r in result.rows],
        "co_handling": {
            "totals": co_counts(result.co_totals),
            "bureaus": [{"bureau": {"id": r.bureau.id, "name": r.bureau.name}, **co_counts(r.counts)}
                        for r in result.co_rows],
        },
    })


def openapi_paths() -> dict[str, Any]:
    def query(name: str, schema: dict, description: str) -> dict:
        return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}

    positive = {"type": "integer", "minimum": 1}
    return {
        "/api/v1/figures": {
            "get": {
                "operationId": "figures", "tags": ["figures"],
                "summary": "The office's figures: totals and one row per bureau that answers (lead or separate). "
                           "Office and administrators only.",
                "parameters": [
                    query("session", positive, "Only this session (会次)."),
                    query("channel", {"type": "string", "enum": list(Channel)}, "cppcc (提案) or npc (建议)."),
                    query("bureau", positive, "Only this bureau's row."),
                    query("category", positive, "Only items of this category (分类)."),
                    query("key", {"type": "boolean"}, "Only key items (重点)."),
                ],
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Figures"}}}},
                    **{str(s): {"$ref": f"#/components/responses/E{s}"} for s in (400, 401, 403)},
                },
            },
        },
    }


def openapi_schemas() -> dict[str, Any]:
    rate = {"type": ["number", "null"], "description": "Percent, one decimal; null: nothing to measure."}
    category = {"type": "object", "properties": {"count": {"type": "integer"}, "share": rate}}
    counts_schema = {
        "type": "object",
        "properties": {
            **{name: {"type": "integer"} for name in COUNTS},
            "satisfied_or_basically": {"type": "integer", "description": "满意 and 基本满意 together."},
            **{name: rate for name in RATES},
            "categories": {"type": "object", "additionalProperties": category},
        },
    }
    co_schema = {
        "type": "object",
        "properties": {**{name: {"type": "integer"} for name in CO_COUNTS}, "on_time_rate": rate},
        "description": "Co-handling: co assignments, opinions given to the lead bureau, given on time.",
    }
    return {
        "FigureCounts": counts_schema,
        "CoHandlingCounts": co_schema,
        "Figures": {
            "type": "object",
            "properties": {
                "as_of": {"type": "string", "format": "date-time"},
                "filter": {"type": "object"},
                "categories": {"type": "array", "items": {"type": "object", "properties": {
                    "code": {"type": "string"}, "label": {"type": "string"}}}},
                "totals": {"$ref": "#/components/schemas/FigureCounts"},
                "bureaus": {"type": "array", "items": {"allOf": [
                    {"$ref": "#/components/schemas/FigureCounts"},
                    {"type": "object", "properties": {"bureau": {"$ref": "#/components/schemas/Bureau"}}},
                ]}},
                "co_handling": {"type": "object", "properties": {
                    "totals": {"$ref": "#/components/schemas/CoHandlingCounts"},
                    "bureaus": {"type": "array", "items": {"allOf": [
                        {"$ref": "#/components/schemas/CoHandlingCounts"},
                        {"type": "object", "properties": {"bureau": {"$ref": "#/components/schemas/Bureau"}}},
                    ]}},
                }},
            },
        },
    }
