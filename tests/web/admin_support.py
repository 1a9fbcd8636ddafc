"""Shared by the admin screen tests: logging in and finding the error next to a field."""
from __future__ import annotations

import re

PASSWORD = "secret-pw"  # what tests.factories.make_user gives everyone


def sign_in(client, user, password: str = PASSWORD):
    """Log in through the form (on this client), then switch to English so messages read as in
    the source. Unlike the `login` fixture of tests/web/conftest.py, it answers the response."""
    response = client.post("/login", data={"username": user.username, "password": password})
    client.post("/lang/en", data={"next": "/"})
    return response


def field_error(page: str, field_id: str) -> str:
    """The error message shown inside the .field wrapper of the input with this id."""
    match = re.search(
        r'<(?:div|fieldset|tr) class="[^"]*has-error[^"]*">(?:(?!</(?:div|fieldset|tr)>).)*?id="' + re.escape(field_id)
        + r'".*?<p class="error" role="alert">(.*?)</p>', page, re.S,
    )
    assert match, f"no error next to {field_id}"
    return match.group(1)
