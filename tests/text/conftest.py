import pytest
from flask_babel import force_locale

from tests.factories import World


@pytest.fixture
def w(ctx):
    with force_locale("en"):
        yield World()
