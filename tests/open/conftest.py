import pytest

from tests.factories import World
from tests.public.support import credit_codes
from workflow.extensions import db


@pytest.fixture
def w(ctx):
    """A world whose CPPCC session shows its progress on the portal (issue 12)."""
    world = World()
    credit_codes(world)
    world.session.progress_public = True
    db.session.commit()
    return world


@pytest.fixture
def anonymous(app):
    client = app.test_client()

    def get(path: str, **kw):
        return client.get(path, headers={"Accept-Language": "en"}, **kw)

    return get
