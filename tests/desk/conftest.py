import pytest

from tests.factories import World


@pytest.fixture
def w(ctx):
    return World()
