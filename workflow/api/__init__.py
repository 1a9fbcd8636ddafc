"""The JSON API, /api/v1 (SPEC 8)."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
