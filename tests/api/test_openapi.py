"""The OpenAPI document covers every route, and the dispatch table covers every transition."""
from __future__ import annotations

import re

import pytest

from workflow.api.actions import ACTIONS, ASSIGNMENT_ACTIONS, EXTENSION_ACTIONS, PROPOSAL_ACTIONS, REPLY_ACTIONS
from workflow.domain.assignment import ASSIGNMENT
from workflow.domain.extension import EXTENSION
from workflow.domain.lifecycle import PROPOSAL
from workflow.domain.opinion import OPINION
from workflow.domain.reply import REPLY

IGNORED_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture
def doc(api):
    response = api().get("openapi.json")  # public: no token
    assert response.status_code == 200
    return response.get_json()


def _api_rules(app):
    """(OpenAPI path, method) for every /api/v1 route; <action> expands to the table's names."""
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        paths = [path]
        if "{action}" in path:
            collection = path.split("/")[3]
            paths = [path.replace("{action}", name) for name in ACTIONS[collection]]
        for expanded in paths:
            for method in rule.methods - IGNORED_METHODS:
                yield expanded, method.lower()


def test_every_route_is_documented(app, doc):
    routes = set(_api_rules(app))
    assert len(routes) >= 8 + len(PROPOSAL_ACTIONS) + len(ASSIGNMENT_ACTIONS)
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    assert routes - documented == set()
    assert documented - routes == set()  # and nothing documented that does not exist


def test_the_dispatch_table_covers_every_transition():
    assert set(PROPOSAL_ACTIONS) == {t.action for t in PROPOSAL.transitions}
    # A co-handling opinion's actions are the assignment's in the URL (assignments/13/actions/submit-opinion).
    assert set(ASSIGNMENT_ACTIONS) == {t.action for t in ASSIGNMENT.transitions + OPINION.transitions}
    assert set(REPLY_ACTIONS) == {t.action for t in REPLY.transitions}
    assert set(EXTENSION_ACTIONS) == {t.action for t in EXTENSION.transitions}


def test_document_structure(doc):
    assert doc["openapi"].startswith("3.1")
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": "From POST /auth/token.",
    }
    assert doc["security"] == [{"bearerAuth": []}]
    assert doc["paths"]["/api/v1/auth/token"]["post"]["security"] == []
    error = doc["components"]["schemas"]["Error"]
    assert set(error["properties"]["error"]["required"]) == {"code", "message"}
    assert {"field", "fields", "state"} <= set(error["properties"]["error"]["properties"])
    names = [p["name"] for p in doc["paths"]["/api/v1/proposals"]["get"]["parameters"]]
    assert names == ["state", "session", "bureau", "channel", "overdue", "q", "page", "per_page"]


def test_action_bodies_come_from_the_table(doc):
    file_op = doc["paths"]["/api/v1/proposals/{proposal_id}/actions/file"]["post"]
    schema = file_op["requestBody"]["content"]["application/json"]["schema"]
    assert set(schema["properties"]) == {"category_id", "is_key", "key_leader", "version"}
    assert schema["properties"]["category_id"]["type"] == ["integer", "null"]
    assert schema["additionalProperties"] is False
    assert "412" in file_op["responses"]

    consent = doc["paths"]["/api/v1/proposals/{proposal_id}/actions/consent-opinion-letter"]["post"]
    assert consent["requestBody"]["content"]["application/json"]["schema"]["required"] == ["consent"]
    assert "412" not in consent["responses"]

    assign = doc["paths"]["/api/v1/proposals/{proposal_id}/actions/assign"]["post"]
    bureaus = assign["requestBody"]["content"]["application/json"]["schema"]["properties"]["bureaus"]
    assert bureaus["items"]["properties"]["role"]["enum"] == ["lead", "co", "separate"]
    assert "requestBody" not in doc["paths"]["/api/v1/proposals/{proposal_id}/actions/submit"]["post"]


def test_every_reference_resolves(doc):
    text = repr(doc)
    for kind, name in set(re.findall(r"#/components/(\w+)/(\w+)", text)):
        assert name in doc["components"][kind], (kind, name)
    operation_ids = [op["operationId"] for ops in doc["paths"].values() for op in ops.values()]
    assert len(operation_ids) == len(set(operation_ids))
