"""The Chinese catalog is complete and safe to format, and the pages speak Chinese unless asked not to."""
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import force_locale

from workflow.labels import STATE_LABELS

TRANSLATIONS = Path(__file__).resolve().parents[2] / "workflow" / "translations"
ZH_PO = TRANSLATIONS / "zh_Hans" / "LC_MESSAGES" / "messages.po"
EN_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"

# %(name)s, %(n)d, bare %s; and {name} for the str.format strings. "%%" is a literal percent sign.
PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa%])")
BRACES = re.compile(r"\{(\w*)\}")


def read(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def placeholders(text: str) -> list[str]:
    found = [f"%({name}){kind}" for name, kind in PERCENT.findall(text) if kind != "%"]
    found += [f"{{{name}}}" for name in BRACES.findall(text)]
    return sorted(found)


def key(value):
    """read_mo gives plural ids and strings as lists, read_po as tuples."""
    return tuple(value) if isinstance(value, (list, tuple)) else value


def ident(message):
    """An entry's identity: its context (pgettext's first argument, if any) with its msgid. The
    same msgid under two contexts is two entries; read_mo gives the context as bytes."""
    context = message.context.decode() if isinstance(message.context, bytes) else message.context
    return context, key(message.id)


def entries(catalog):
    """(identity, [msgstr, …], [source ids the msgstrs must match]) for every real entry."""
    for message in catalog:
        if not message.id:
            continue  # the header
        if isinstance(message.id, tuple):
            singular, plural = message.id
            strings = list(message.string)
            # With one plural form (Chinese) the one msgstr stands for every count.
            sources = [singular if i == 0 and len(strings) > 1 else plural for i in range(len(strings))]
            yield ident(message), strings, sources
        else:
            yield ident(message), [message.string], [message.id]


def html(response) -> str:
    return response.get_data(as_text=True)


def test_every_chinese_entry_is_translated_and_not_fuzzy():
    catalog = read(ZH_PO)
    untranslated = [msgid for msgid, strings, _ in entries(catalog) if not all(s and s.strip() for s in strings)]
    fuzzy = [ident(m) for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy entries to check: {fuzzy[:10]}"
    assert len(list(entries(catalog))) > 100


def test_placeholders_match_between_msgid_and_msgstr():
    mismatched = []
    for _msgid, strings, sources in entries(read(ZH_PO)):
        for string, source in zip(strings, sources, strict=True):
            if placeholders(string) != placeholders(source):
                mismatched.append((source, string))
    assert not mismatched, mismatched


def test_english_catalog_is_valid_and_falls_back_to_the_source():
    catalog = read(EN_PO)
    zh_ids = {ident(m) for m in read(ZH_PO) if m.id}
    assert {ident(m) for m in catalog if m.id} == zh_ids  # both were updated from the same template
    for msgid, strings, sources in entries(catalog):
        for string, source in zip(strings, sources, strict=True):
            assert not string or placeholders(string) == placeholders(source), msgid


def test_compiled_chinese_catalog_is_up_to_date():
    mo = ZH_PO.with_suffix(".mo")
    if not mo.exists():
        pytest.fail("workflow/translations is not compiled: run `make translations`")
    with mo.open("rb") as f:
        compiled = {ident(m): key(m.string) for m in read_mo(f) if m.id}
    stale = [ident(m) for m in read(ZH_PO) if m.id and compiled.get(ident(m)) != key(m.string)]
    assert not stale, f"messages.mo is older than messages.po, run `make translations`: {stale[:5]}"


def test_login_page_is_chinese_by_default_and_english_on_request(client):
    page = html(client.get("/login"))
    assert 'lang="zh-CN"' in page
    assert "登录" in page and "Log in" not in page

    response = client.post("/lang/en", data={"next": "/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    page = html(client.get("/login"))
    assert 'lang="en"' in page
    assert "Log in" in page and "登录" not in page


def test_work_list_is_chinese_by_default_and_english_after_switching(login, w):
    client = login("proposer")
    page = html(client.get("/"))
    assert "我的待办" in page and "退出登录" in page and "提案建议办理" in page
    assert "My work" not in page

    client.post("/lang/en")
    page = html(client.get("/"))
    assert "My work" in page and "Log out" in page
    assert "我的待办" not in page

    client.post("/lang/zh_Hans")
    assert "我的待办" in html(client.get("/"))


def test_validation_messages_follow_the_language(login, w):
    client = login("proposer")
    form = {"session_id": str(w.session.id), "author_kind": "individual", "title": "", "body": "正文", "then": "save"}
    assert "请填写标题。" in html(client.post("/proposals/new", data=form))
    client.post("/lang/en")
    assert "Give the proposal a title." in html(client.post("/proposals/new", data=form))


def test_one_msgid_reads_by_its_context_in_chinese(app):
    """"Sent" is when an e-mail left, when a reply was sent, and a reply's state: one English
    word, three contexts, three Chinese words."""
    with app.test_request_context(), force_locale("zh_Hans"):
        page = render_template_string('{{ pgettext("e-mail sent at", "Sent") }}|{{ pgettext("reply sent at", "Sent") }}')
        assert page == "发送时间|发出时间"
        assert str(STATE_LABELS["sent"]) == "已发出"
    with app.test_request_context(), force_locale("en"):
        assert render_template_string('{{ pgettext("reply sent at", "Sent") }}') == "Sent"


def test_a_name_column_is_a_persons_on_the_user_list_and_a_things_on_the_bureau_list(login, w):
    client = login("admin")
    users, bureaus = html(client.get("/admin/users")), html(client.get("/admin/bureaus"))
    assert "<th>姓名</th>" in users and "<th>名称</th>" not in users
    assert "<th>名称</th>" in bureaus and "<th>姓名</th>" not in bureaus
