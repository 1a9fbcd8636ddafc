"""schemathesis against /api/v1/openapi.json (issue 13): requests generated from the document, sent
to the app through WSGI as the office and as a clerk, must never answer 5xx and must answer as the
document says (status codes, content types, headers, bodies). Bounded: a few examples per
operation, so the suite stays fast; SCHEMATHESIS_EXAMPLES raises it for a longer run."""
from __future__ import annotations

import os
from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import World
from tests.handling_support import LATER, lead_of, received
from tests.public.support import credit_codes, published
from workflow.clock import utcnow
from workflow.extensions import db
from workflow.services import extensions, users

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


@pytest.fixture
def world(app) -> dict:
    """Items the generated requests find: the path ids are theirs (random ids would only meet
    404s), a token per role. No app context stays held: each request gets its own, as in production."""
    with app.app_context():
        w = World()
        credit_codes(w)
        row = published(w)
        waiting = received(w)
        ext = extensions.request(w.clerk, lead_of(waiting).id, "需要会同多部门调研", date(2026, 6, 30), LATER)
        reply = row.reply
        ids = {"proposal_id": reply.proposal_id, "assignment_id": reply.assignment_id, "reply_id": reply.id,
               "request_id": ext.id, "publication_id": row.id,
               "attachment_id": reply.attachments[0].id if reply.attachments else 1}
        tokens = {role: users.issue_token(getattr(w, role), utcnow(), 1) for role in ("office", "clerk")}
        db.session.remove()
    return {"ids": ids, "tokens": tokens}


@pytest.fixture
def api_schema(app, world):
    config = SchemathesisConfig.from_dict({
        "parameters": {f"path.{k}": v for k, v in world["ids"].items()},
        "phases": {"coverage": {"enabled": False}},  # its boundary cases are thousands of requests
    })
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)


# Revoking the token would leave every later request a 401 (tests/api/test_auth.py covers it).
schema = schemathesis.pytest.from_fixture("api_schema").exclude(method="DELETE", path="/api/v1/auth/token")


BOUNDS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))


def _call(case, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


@schema.parametrize()
@BOUNDS
def test_api_answers_the_office_as_documented(case, world):
    _call(case, world["tokens"]["office"])


@schema.parametrize()
@BOUNDS
def test_api_answers_a_clerk_as_documented(case, world):
    _call(case, world["tokens"]["clerk"])
