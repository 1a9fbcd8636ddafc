"""Service tests read refusal messages in English, the source language; the Chinese default is
tested through the pages (tests/web/test_translations.py)."""
import pytest
from flask_babel import force_locale


@pytest.fixture(autouse=True)
def _english_messages(ctx):
    with force_locale("en"):
        yield
