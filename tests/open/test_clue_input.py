"""Bad input on the clue routes answers 400, never a 500 (PostgreSQL refuses NUL in text)."""
from __future__ import annotations


def test_nul_and_odd_types(w, app):
    client = app.test_client()
    base = {"subject": "题", "body": "内容", "contact": "13858012345"}
    for body in (base | {"body": "内\x00容"}, base | {"subject": 7}, base | {"files": "x"},
                 base | {"files": [{"content": 5}]}, ["not", "an", "object"]):
        assert client.post("/api/v1/public/clues", json=body).status_code == 400, body
    assert client.post("/public/clues/new", data=base | {"body": "内\x00容"}).status_code == 400
    assert client.get("/public/clues/%00").status_code in (400, 404)
    assert client.get("/api/v1/public/proposals?q=%00").status_code in (200, 400)
    assert client.get("/public/progress/?q=%00").status_code in (200, 400)
