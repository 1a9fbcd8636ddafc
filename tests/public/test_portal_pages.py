"""The public portal's pages (issue 5): no login, list and search, filters, paging, a reply with its
metadata block and masked text, letter downloads, 404 and 410, the Atom feed, the sitemap."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

from tests.factories import World
from tests.letters.format_checks import assert_letter_format
from tests.public.support import MASKING_BODY, PUBLISHED_AT, Shelf, credit_codes, sent_reply
from workflow.extensions import db
from workflow.models import Publication
from workflow.services import publication

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def shelf(ctx):
    shelf = Shelf(World())
    shelf.add("关于扶持小微企业成长升级的建议答复", "缓解小微企业融资难、融资贵。", when=PUBLISHED_AT)
    shelf.add("关于改善城区交通拥堵的建议答复", "建设公共停车场，缓解停车难。", bureau=shelf.w.other,
              topic="城乡建设/交通", resolution="B", when=PUBLISHED_AT + timedelta(days=1))
    shelf.add("关于发展居家养老服务的建议答复", "推进养老服务中心建设。", channel="npc", year=2025, resolution="C",
              when=PUBLISHED_AT + timedelta(days=2))
    shelf.gone = shelf.add("关于撤回的答复", "这段文字不应再出现。", state="withdrawn",
                           when=PUBLISHED_AT + timedelta(days=3))
    return shelf


@pytest.fixture
def real(ctx):
    """A reply published through the services, with a letter to download."""
    w = World()
    credit_codes(w)
    reply = sent_reply(w, body=MASKING_BODY)
    row = publication.publish(w.office, reply.id, PUBLISHED_AT, phrases=["张三丰"])
    return w, reply, row


def page_text(response) -> str:
    return response.get_data(as_text=True)


def result_titles(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r'<h3 lang="zh-CN"><a [^>]+>(.*?)</a></h3>', html)]


def test_the_list_needs_no_login_and_is_newest_first(client, shelf) -> None:
    response = client.get("/public/")
    assert response.status_code == 200
    html = page_text(response)
    assert result_titles(html) == ["关于发展居家养老服务的建议答复", "关于改善城区交通拥堵的建议答复", "关于扶持小微企业成长升级的建议答复"]
    assert "关于撤回的答复" not in html


def test_pages_are_chinese_with_landmarks_and_no_inline_code(client, shelf) -> None:
    html = page_text(client.get("/public/"))
    assert '<html lang="zh-CN">' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer", 'role="search"', "<h1", "<h2"):
        assert landmark in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert 'class="skip" href="#main"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and " style=" not in html  # CSP: no inline code
    assert "default-src 'self'" in client.get("/public/").headers["Content-Security-Policy"]


def test_search_highlights_and_escapes(client, shelf) -> None:
    html = page_text(client.get("/public/", query_string={"q": "小微企业 融资"}))
    assert result_titles(html) == ["关于扶持小微企业成长升级的建议答复"]
    assert "<mark>小微企业</mark>" in html and "<mark>融资</mark>" in html
    assert "1 reply matches" in html or "1 条" in html or "小微企业 融资" in html


@pytest.mark.parametrize(
    "q",
    ["", " ", '"*^():-', "<script>alert('x')</script>", "小微企业" * 1000, "' OR 1=1 --", "NEAR(a b)",
     "%", "_", "😀"],  # a NUL is refused with 400 before the page (tests/security/test_bad_input.py)
)
def test_any_query_answers_a_normal_page(client, shelf, q) -> None:
    response = client.get("/public/", query_string={"q": q})
    assert response.status_code == 200
    html = page_text(response)
    assert "<script>alert" not in html
    assert 'data-testid="result-count"' in html


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"year": "2025"}, ["关于发展居家养老服务的建议答复"]),
        ({"channel": "npc"}, ["关于发展居家养老服务的建议答复"]),
        ({"topic": "城乡建设/交通"}, ["关于改善城区交通拥堵的建议答复"]),
        ({"resolution": "A"}, ["关于扶持小微企业成长升级的建议答复"]),
        ({"year": "abc", "channel": "nope", "bureau": "99999999999", "page": "-3"}, None),  # ignored, not errors
    ],
)
def test_filters(client, shelf, args, expected) -> None:
    response = client.get("/public/", query_string=args)
    assert response.status_code == 200
    titles = result_titles(page_text(response))
    assert titles == (expected if expected is not None else result_titles(page_text(client.get("/public/"))))


def test_filter_by_bureau_and_session(client, shelf) -> None:
    w = shelf.w
    assert result_titles(page_text(client.get(f"/public/?bureau={w.other.id}"))) == ["关于改善城区交通拥堵的建议答复"]
    assert len(result_titles(page_text(client.get(f"/public/?session={w.session.id}")))) == 2


def test_paging_past_the_end_is_an_empty_page(client, shelf) -> None:
    for i in range(20):
        shelf.add(f"关于第{i}号建议的答复", "正文。")
    first, second = client.get("/public/"), client.get("/public/?page=2")
    assert len(result_titles(page_text(first))) == 20 and len(result_titles(page_text(second))) == 3
    assert "page=2" in page_text(first)
    far = client.get("/public/?page=999999")
    assert far.status_code == 200 and result_titles(page_text(far)) == []
    assert 'data-testid="no-results"' in page_text(far)


def test_a_reply_page_shows_the_metadata_block_and_the_masked_text(client, real) -> None:
    w, reply, row = real
    response = client.get(f"/public/replies/{row.id}")
    assert response.status_code == 200
    html = page_text(response)
    for label in ("索引号", "发布机构", "成文日期", "发布日期", "公开方式", "主题分类", "文件编号", "标题", "解决类别"):
        assert label in html
    for value in (row.index_number, "市经信局", row.letter_date.isoformat(), "2026-03-20", "主动公开",
                  "综合政务/政协", reply.doc_number, "已解决或采纳"):
        assert value in html, value
    assert "杨**委员：" in html and "138****2345" in html and "***先生" in html
    for secret in ("杨文艳", "13858012345", "330282199003071238", "yangwy@163.com", "张三丰", "邵军"):
        assert secret not in html, secret
    assert f'href="/public/replies/{row.id}/letter.pdf"' in html and f'href="/public/replies/{row.id}/letter.docx"' in html


def test_the_letter_downloads_are_masked(client, real) -> None:
    _w, _reply, row = real
    pdf = client.get(f"/public/replies/{row.id}/letter.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    docx = client.get(f"/public/replies/{row.id}/letter.docx")
    assert docx.status_code == 200 and "attachment" in docx.headers["Content-Disposition"]
    xml = zipfile.ZipFile(io.BytesIO(docx.data)).read("word/document.xml").decode("utf-8")
    text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
    assert "杨**委员" in text and "138****2345" in text
    assert_letter_format(pdf.data, docx.data, row.doc_number)
    assert "杨文艳" not in text and "13858012345" not in text and "张三丰" not in text


def test_never_published_is_the_same_404_as_nonexistent(client, ctx) -> None:
    w = World()
    credit_codes(w)
    reply = sent_reply(w)  # sent, public, not published: its id means nothing to the portal
    missing = client.get("/public/replies/999999")
    unpublished = client.get(f"/public/replies/{reply.id}")
    assert missing.status_code == unpublished.status_code == 404
    # The same page, but for the path the language switch returns to and the CSRF token, which is
    # signed with the second it was made in.
    def same(response, reply_id) -> str:
        html = page_text(response).replace(f"/{reply_id}", "/ID")
        return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', html)

    assert same(missing, 999999) == same(unpublished, reply.id)
    assert client.get(f"/public/replies/{reply.id}/letter.pdf").status_code == 404
    assert client.get("/public/replies/99999999999").status_code == 404


def test_a_withdrawn_reply_answers_410_saying_when_without_its_text(client, shelf) -> None:
    gone = shelf.gone
    for path in (f"/public/replies/{gone.id}", f"/public/replies/{gone.id}/letter.pdf"):
        response = client.get(path)
        assert response.status_code == 410
        assert response.headers["Cache-Control"] == "no-cache"  # asked again: it may be published again
        html = page_text(response)
        assert 'data-testid="withdrawn"' in html
        assert gone.index_number in html and "2026-03-23" in html
        assert "这段文字不应再出现" not in html and "关于撤回的答复" not in html and gone.withdraw_reason not in html


def test_the_atom_feed(client, shelf) -> None:
    response = client.get("/public/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["关于发展居家养老服务的建议答复", "关于改善城区交通拥堵的建议答复", "关于扶持小微企业成长升级的建议答复"]
    first = feed.find(f"{ATOM}entry")
    assert first.find(f"{ATOM}link").get("href").endswith(f"/public/replies/{shelf.gone.id - 1}")
    assert feed.find(f"{ATOM}updated").text.startswith("2026-03-22")


def test_the_sitemap_and_robots(client, shelf) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    locations = [u.find(f"{SITEMAP}loc").text for u in ElementTree.fromstring(response.data)]
    ids = db.session.execute(select(Publication.id).where(Publication.state == "published")).scalars().all()
    assert locations[0].endswith("/public/")
    base = client.application.config["BASE_URL"]  # absolute URLs come from BASE_URL, not the Host
    assert sorted(locations[1:]) == sorted(f"{base}/public/replies/{i}" for i in ids)
    assert f"/public/replies/{shelf.gone.id}" not in response.get_data(as_text=True)
    robots = page_text(client.get("/robots.txt"))
    assert f"Sitemap: {base}/sitemap.xml" in robots


def test_published_attachments_only(client, ctx) -> None:
    from tests.files_support import pdf_with_personal_data
    from workflow.services.uploads import Upload

    w = World()
    credit_codes(w)
    original = pdf_with_personal_data()
    reply = sent_reply(w, attachments=[Upload("附件一.pdf", original), Upload("内部材料.pdf", original)])
    public_file, internal = [a.id for a in reply.attachments]
    row = publication.publish(w.office, reply.id, PUBLISHED_AT, attachment_ids=[public_file])
    html = page_text(client.get(f"/public/replies/{row.id}"))
    assert "附件一（脱敏文字版）.pdf" in html and "内部材料" not in html
    ok = client.get(f"/public/replies/{row.id}/files/{public_file}")
    assert ok.status_code == 200 and ok.mimetype == "application/pdf"
    assert ok.data != original and b"%PDF" in ok.data[:8]  # the masked copy, never the original
    assert client.get(f"/public/replies/{row.id}/files/{internal}").status_code == 404


def test_english_interface_keeps_the_chinese_text_marked(client, shelf) -> None:
    client.post("/lang/en", data={"next": "/public/"})
    html = page_text(client.get("/public/"))
    assert '<html lang="en">' in html and 'lang="zh-CN"' in html


def test_a_large_sitemap_is_split_into_pages(client, shelf, monkeypatch) -> None:
    from workflow.public import routes

    monkeypatch.setattr(routes, "SITEMAP_SIZE", 2)
    index = ElementTree.fromstring(client.get("/sitemap.xml").data)
    pages = [s.find(f"{SITEMAP}loc").text for s in index]
    base = client.application.config["BASE_URL"]
    assert pages == [f"{base}/sitemap-1.xml", f"{base}/sitemap-2.xml"]
    first = [u.find(f"{SITEMAP}loc").text for u in ElementTree.fromstring(client.get("/sitemap-1.xml").data)]
    second = [u.find(f"{SITEMAP}loc").text for u in ElementTree.fromstring(client.get("/sitemap-2.xml").data)]
    assert len(first) == 3 and len(second) == 1  # the portal's home is on the first page
    assert client.get("/sitemap-3.xml").status_code == 404
    assert client.get("/sitemap-0.xml").status_code == 404
