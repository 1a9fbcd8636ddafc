"""The JSON API, /api/v1 (SPEC 8), over the same services as the pages."""
from flask import Blueprint
from flask_babel import get_locale

from workflow.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Bearer tokens, not cookies, authenticate here (see auth.py), so there is no CSRF to guard
# against, and programs cannot fetch a CSRF token anyway.
csrf.exempt(bp)

# The modules register their routes on `bp` as they are imported.
from workflow.api import (  # noqa: E402,F401
    assignments,
    auth,
    errors,
    figures,
    openapi,
    proposals,
    public,
    public_clues,
    replies,
    text,
)

errors.register(bp)


@bp.after_request
def _content_language(response):
    """Say which language the messages are in (chosen from Accept-Language), so a client can tell."""
    locale = get_locale()
    if locale is not None:
        response.headers["Content-Language"] = str(locale).replace("_", "-")
    return response
