import pytest

from tests.factories import World
from tests.public.support import credit_codes


@pytest.fixture
def w(ctx):
    """A world whose bureaus have the unified social credit codes 索引号 are made of."""
    world = World()
    credit_codes(world)
    return world

