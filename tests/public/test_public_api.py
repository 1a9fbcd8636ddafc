"""The public half of the API (SPEC 8): GET /api/v1/public/replies and /public/replies/{id}, no
token, the same queries and the same answers as the portal's pages."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import World
from tests.public.support import MASKING_BODY, PUBLISHED_AT, Shelf, credit_codes, sent_reply
from workflow.services import publication

SME = "关于扶持小微企业成长升级的建议答复"
ROADS = "关于改善城区交通拥堵的建议答复"


@pytest.fixture
def shelf(ctx):
    shelf = Shelf(World())
    shelf.add(SME, "缓解小微企业融资难、融资贵。", when=PUBLISHED_AT)
    shelf.add(ROADS, "建设公共停车场，缓解停车难。", bureau=shelf.w.other, resolution="B",
              when=PUBLISHED_AT + timedelta(days=1))
    shelf.gone = shelf.add("关于撤回的答复", "这段文字不应再出现。", state="withdrawn",
                           when=PUBLISHED_AT + timedelta(days=2))
    return shelf


@pytest.fixture
def anonymous(app):
    client = app.test_client()

    def get(path: str, **kw):
        return client.get(f"/api/v1/{path}", headers={"Accept-Language": "en"}, **kw)

    return get


def test_the_list_needs_no_token(anonymous, shelf) -> None:
    response = anonymous("public/replies")
    assert response.status_code == 200
    body = response.get_json()
    assert [i["title"] for i in body["items"]] == [ROADS, SME]
    assert (body["total"], body["page"], body["pages"], body["total_is_lower_bound"]) == (2, 1, 1, False)
    first = body["items"][0]
    assert first["index_number"].endswith("/2026-00001") and first["publisher"] == "市教育局"
    assert first["disclosure"] == "主动公开" and first["resolution"] == "B"
    assert first["url"] == f"/api/v1/public/replies/{first['id']}"
    assert first["page_url"] == f"/public/replies/{first['id']}"


def test_search_and_highlight_as_on_the_page(anonymous, shelf) -> None:
    body = anonymous("public/replies", query_string={"q": "小微企业 融资"}).get_json()
    assert [i["title"] for i in body["items"]] == [SME]
    assert body["terms"] == ["小微企业", "融资"]
    assert body["items"][0]["title_html"] == "关于扶持<mark>小微企业</mark>成长升级的建议答复"
    assert "<mark>融资</mark>" in body["items"][0]["excerpt_html"]
    assert anonymous("public/replies", query_string={"q": "停车"}).get_json()["total"] == 1


@pytest.mark.parametrize("q", ["", '"*^():-', "<b>x</b>", "' OR 1=1 --", "字" * 5000, "NEAR(", "\\", "%_%"])
def test_any_query_answers_json(anonymous, shelf, q) -> None:
    response = anonymous("public/replies", query_string={"q": q})
    assert response.status_code == 200
    body = response.get_json()
    assert len(body["q"]) <= 100 and body["total"] == len(body["items"])


def test_filters_and_pages(anonymous, shelf) -> None:
    assert [i["title"] for i in anonymous("public/replies?resolution=A").get_json()["items"]] == [SME]
    assert [i["title"] for i in anonymous(f"public/replies?bureau={shelf.w.other.id}").get_json()["items"]] == [ROADS]
    assert anonymous("public/replies?year=2020").get_json()["items"] == []
    page = anonymous("public/replies?per_page=1&page=2").get_json()
    assert [i["title"] for i in page["items"]] == [SME] and page["pages"] == 2
    far = anonymous("public/replies?page=999999")
    assert far.status_code == 200 and far.get_json()["items"] == [] and far.get_json()["total"] == 2


@pytest.mark.parametrize("args", ["page=abc", "page=0", "per_page=1000", "year=x", "channel=both", "bureau=-1"])
def test_malformed_numbers_are_400_naming_the_field(anonymous, shelf, args) -> None:
    response = anonymous(f"public/replies?{args}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and error["field"] == args.split("=")[0]


def test_one_reply_with_its_masked_letter(anonymous, ctx) -> None:
    w = World()
    credit_codes(w)
    reply = sent_reply(w, body=MASKING_BODY)
    row = publication.publish(w.office, reply.id, PUBLISHED_AT)
    response = anonymous(f"public/replies/{row.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["index_number"] == row.index_number and body["doc_number"] == reply.doc_number
    assert body["salutation"] == "杨**委员：" and body["contact"].startswith("联系人：邵 *")
    assert "138****2345" in body["body"] and body["paragraphs"] == body["body"].split("\n")
    assert body["letter"] == {"pdf": f"/public/replies/{row.id}/letter.pdf",
                              "docx": f"/public/replies/{row.id}/letter.docx"}
    text = response.get_data(as_text=True)
    assert "杨文艳" not in text and "13858012345" not in text and "邵军" not in text


def test_unpublished_unknown_and_withdrawn(anonymous, shelf) -> None:
    unknown = anonymous("public/replies/424242")
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "not_found"
    assert anonymous("public/replies/99999999999").status_code == 404
    gone = anonymous(f"public/replies/{shelf.gone.id}")
    assert gone.status_code == 410
    error = gone.get_json()["error"]
    assert error["code"] == "withdrawn" and error["withdrawn_at"].startswith("2026-03-22")
    assert error["index_number"] == shelf.gone.index_number
    assert "这段文字" not in gone.get_data(as_text=True) and "关于撤回" not in gone.get_data(as_text=True)


def test_the_openapi_document_describes_the_public_routes(anonymous) -> None:
    doc = anonymous("openapi.json").get_json()
    listing = doc["paths"]["/api/v1/public/replies"]["get"]
    one = doc["paths"]["/api/v1/public/replies/{publication_id}"]["get"]
    assert listing["security"] == [] and one["security"] == []
    assert {p["name"] for p in listing["parameters"]} >= {"q", "page", "year", "session", "channel", "bureau",
                                                          "topic", "resolution"}
    assert set(one["responses"]) == {"200", "404", "410"}
    assert "PublicReply" in doc["components"]["schemas"]
