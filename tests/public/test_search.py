"""The portal's list and Chinese search (issue 5) on the database in use: SQLite FTS5 trigram for
three characters or more and the base table below that, or PostgreSQL pg_trgm. The same tests run
on both (DATABASE_URL), so both answer alike."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import text

from tests.factories import World
from tests.public.support import PUBLISHED_AT, Shelf
from workflow.domain.search_grams import grams
from workflow.extensions import db
from workflow.models import Publication
from workflow.models.publication import GRAMS_SQL, SEARCH_TEXT_SQL
from workflow.services import search
from workflow.services.errors import NotFound
from workflow.services.search import COUNT_CAP, Gone, PublicFilter

SME = "关于扶持小微企业成长升级的建议答复"
SME_BODY = "我局会同市金融办缓解小微企业融资难、融资贵问题，设立转贷资金池。联系电话0579-82468101。"
ROADS = "关于改善城区交通拥堵的建议答复"
ROADS_BODY = "市交通运输局优化公交线路，建设停车场，缓解停车难。Smart Parking 系统上线。"
CARE = "关于发展居家养老服务的建议答复"
CARE_BODY = "民政局推进养老服务中心建设，为老年人提供助餐服务。费用100%由财政承担_试点。"


@pytest.fixture
def shelf(ctx):
    shelf = Shelf(World())
    shelf.add(SME, SME_BODY, when=PUBLISHED_AT)
    shelf.add(ROADS, ROADS_BODY, bureau=shelf.w.other, topic="城乡建设/交通", resolution="B",
              when=PUBLISHED_AT + timedelta(days=1))
    shelf.add(CARE, CARE_BODY, channel="npc", year=2025, resolution="C", when=PUBLISHED_AT + timedelta(days=2))
    shelf.add("关于小微企业园建设的建议答复", "小微企业园已建成15个。", state="withdrawn",
              when=PUBLISHED_AT + timedelta(days=3))
    return shelf


def titles(results) -> list[str]:
    return [hit.publication.title for hit in results.items]


def found(q: str, **kw) -> list[str]:
    return titles(search.search(PublicFilter(q=q, **kw)))


def test_the_list_is_newest_first_and_leaves_withdrawn_out(shelf) -> None:
    results = search.search(PublicFilter())
    assert titles(results) == [CARE, ROADS, SME]
    assert results.total == 3 and not results.capped


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("小微企业", [SME]),  # four characters: the trigram index
        ("融资难", [SME]),  # three
        ("融资", [SME]),  # two: the base table
        ("停", [ROADS]),  # one
        ("服务", [CARE]),
        ("建议答复", [CARE, ROADS, SME]),  # in every title
        ("小微企业 融资", [SME]),  # all terms must occur
        ("小微企业 停车", []),
        ("转贷资金池", [SME]),  # only in the body
        ("smart parking", [ROADS]),  # case does not matter
        ("SMART", [ROADS]),
        ("0579-82468101", [SME]),  # digits and a hyphen are text
        ("100%", [CARE]),  # LIKE's wildcards are literal
        ("_试点", [CARE]),
        ("%", [CARE]),  # 100% in its text, and no other: % is no wildcard
        ("_", [CARE]),
        ("小微企业园", []),  # only in a withdrawn publication
        ("杨文艳", []),  # nobody's real name is in the masked text
    ],
)
def test_search_finds_substrings_of_titles_and_texts(shelf, q, expected) -> None:
    assert found(q) == expected


@pytest.mark.parametrize(
    "q",
    [
        '"', '""', '"*^():-', "*", "^", "(", ")", ":", "-", "NEAR(小微 企业)", "小微 OR 企业", "NOT 企业",
        "title:小微", "'; DROP TABLE publications; --", "<script>alert(1)</script>", "\\", "\x00", "\u200b",
        "小微企业" * 500, "企 " * 500, "🙂🙂🙂", "％＿", "AND", "{}[]", "?*", "'\"",
    ],
)
def test_any_query_is_answered(shelf, q) -> None:
    results = search.search(PublicFilter(q=q))
    assert results.total == len(results.items) <= 3
    assert db.session.execute(text("SELECT count(*) FROM publications")).scalar_one() == 4  # nothing happened


def test_a_very_long_query_is_cut_and_still_finds(shelf) -> None:
    assert found("小微企业" + "x" * 10_000) == []  # the cut keeps the x's: no match, no error
    assert found("小微企业 " + "融资 " * 1000) == [SME]


def test_filters(shelf) -> None:
    w = shelf.w
    assert found("", year=2025) == [CARE]
    assert found("", channel="npc") == [CARE]
    assert found("", bureau=w.other.id) == [ROADS]
    assert found("", topic="城乡建设/交通") == [ROADS]
    assert found("", resolution="A") == [SME]
    assert found("", session=w.session.id) == [ROADS, SME]
    assert found("建议", session=w.session.id, resolution="B") == [ROADS]
    assert found("", year=1999) == []
    assert found("", topic="'; --") == []


def test_paging_and_pages_out_of_range(shelf) -> None:
    first = search.search(PublicFilter(page=1), size=2)
    second = search.search(PublicFilter(page=2), size=2)
    assert (titles(first), titles(second)) == ([CARE, ROADS], [SME])
    assert (first.pages, first.has_next, second.has_prev) == (2, True, True)
    far = search.search(PublicFilter(page=10**9), size=2)
    assert far.items == [] and far.total == 3
    assert titles(search.search(PublicFilter(page=0), size=2)) == [CARE, ROADS]


def test_matches_are_highlighted_after_escaping(shelf) -> None:
    shelf.add("关于<b>融资</b>的答复", "正文提到融资担保<script>x</script>。")
    hit = search.search(PublicFilter(q="融资")).items[0]
    assert hit.title_html == "关于&lt;b&gt;<mark>融资</mark>&lt;/b&gt;的答复"
    assert "<mark>融资</mark>担保&lt;script&gt;x&lt;/script&gt;" in hit.excerpt_html
    hit = search.search(PublicFilter(q="小微企业 融资")).items[0]
    assert hit.title_html == "关于扶持<mark>小微企业</mark>成长升级的建议答复"
    assert "缓解<mark>小微企业</mark><mark>融资</mark>难" in hit.excerpt_html or "<mark>小微企业融资</mark>" in hit.excerpt_html


def test_the_count_stops_at_the_cap(ctx) -> None:
    shelf = Shelf(World())
    reply_rows = [shelf.add(f"答复{i}", "融资担保") for i in range(3)]
    assert search.search(PublicFilter(q="融资担保")).total == 3
    # The cap itself, without writing a thousand rows: what the count reads is limited.
    original = search.COUNT_CAP
    search.COUNT_CAP = 2
    try:
        results = search.search(PublicFilter(q="融资担保"))
        assert (results.total, results.capped) == (2, True)
        assert len(results.items) == 2  # the page still lists what the cap allows
        assert search.search(PublicFilter()).total == 3  # no query: the exact count
    finally:
        search.COUNT_CAP = original
    assert COUNT_CAP == 1000 and len(reply_rows) == 3


def test_the_index_follows_changes_of_the_masked_text(shelf) -> None:
    row = db.session.execute(db.select(Publication).where(Publication.title == SME)).scalar_one()
    row.body = "改写后的正文：数字化改革。"
    db.session.commit()
    assert found("数字化改革") == [SME]
    assert found("转贷资金池") == []
    db.session.delete(row)
    db.session.commit()
    assert found("数字化改革") == []


def test_unknown_and_withdrawn_publications(shelf) -> None:
    withdrawn = db.session.execute(db.select(Publication).where(Publication.state == "withdrawn")).scalar_one()
    with pytest.raises(Gone) as gone:
        search.get_published(withdrawn.id)
    assert gone.value.status == 410 and gone.value.publication.withdrawn_at is not None
    with pytest.raises(NotFound):
        search.get_published(2_000_000_000)


def test_facets_offer_what_is_published(shelf) -> None:
    facets = search.facets()
    assert facets["year"] == [2026, 2025]
    assert facets["topic"] == ["城乡建设/交通", "综合政务/政协"]
    assert [code for code, _ in facets["resolution"]] == ["A", "B", "C"]
    assert {b.name for b in facets["bureau"]} == {"市经信局", "市教育局"}


def test_the_database_can_search_chinese(ctx) -> None:
    report = search.database_check()
    assert report["ok"], report
    if db.engine.dialect.name == "postgresql":
        assert report["ctype"].lower().replace("-", "").endswith("utf8")
        assert db.session.execute(text("SELECT show_trgm('小微企业')")).scalar_one()  # Chinese trigrams exist
        # The expression the search queries is the one indexed: with scans ruled out, the plan
        # uses the trigram index (a tiny table would otherwise be scanned).
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(db.session.execute(text(
            f"EXPLAIN SELECT id FROM publications WHERE {SEARCH_TEXT_SQL} LIKE '%小微企业%'"
        )).scalars())
        db.session.rollback()
        assert "ix_publications_search" in plan
    else:
        assert db.session.execute(text("SELECT count(*) FROM publications_fts")).scalar_one() == 0


@pytest.mark.parametrize(
    ("ctype", "has_trgm", "ok", "says"),
    [
        ("C.UTF-8", True, True, None),
        ("zh_CN.utf8", True, True, None),
        ("en_US.UTF-8", False, False, "pg_trgm"),
        ("C", True, False, "LC_CTYPE is 'C'"),
        ("POSIX", True, False, "UTF-8"),
    ],
)
def test_postgresql_fitness(ctype, has_trgm, ok, says) -> None:
    report = search.postgresql_fitness(ctype, has_trgm)
    assert report["ok"] is ok and report["ctype"] == ctype
    assert (says is None and "message" not in report) or says in report["message"]


def test_healthz_reports_the_search(client, ctx) -> None:
    body = client.get("/healthz").get_json()
    assert body["search"]["ok"] is True
    assert body["search"]["engine"] == ("postgresql-pg_trgm" if db.engine.dialect.name == "postgresql"
                                        else "sqlite-fts5-trigram")


def test_results_do_not_depend_on_the_search_window(ctx, monkeypatch) -> None:
    """PostgreSQL reads the newest matches in doubling windows of ids; with a window of two the
    answers must be those of one pass over everything (SQLite has no windows: the same answers)."""
    shelf = Shelf(World())
    bodies = ["小微企业融资", "停车难", "小微企业园", "融资担保", "养老服务", "小微企业担保"] * 4
    for i, body in enumerate(bodies):
        shelf.add(f"答复{i}", body)
    expected = {q: [f"答复{i}" for i in reversed(range(len(bodies))) if all(t in bodies[i] for t in q.split())]
                for q in ("小微企业", "融资担保", "小微企业 担保", "停车难", "养老")}
    monkeypatch.setattr(search, "WINDOW_START", 2)
    for q, titles_ in expected.items():
        assert found(q) == titles_, q
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    results = search.search(PublicFilter(q="小微企业"))
    assert titles(results) == expected["小微企业"][:3] and results.capped


SAMPLES = Path(__file__).resolve().parents[2] / "workflow" / "demo" / "samples"
SHORT_TERMS = ["融资", "企业", "税", "答", "收悉", "5G", "g", "GG", "㐀", "丁", "、", "（", "１", "%", "话0", "。我"]


@pytest.fixture
def samples(ctx) -> Shelf:
    """Publications made of the real published replies, cut in pieces, plus texts that end on a
    word or hold rare characters: the ends of runs and texts are where a gram index could slip."""
    shelf = Shelf(World())
    for path in sorted(SAMPLES.glob("*.txt")):
        text_ = path.read_text(encoding="utf-8")
        for start in range(0, min(len(text_), 6000), 1500):
            shelf.add(f"{path.stem}:{start}", text_[start:start + 1500])
    shelf.add("关于5G基站的答复", "建设5G基站。Gg 丁㐀")
    shelf.add("融资", "税")  # a title and a text that are nothing but the word
    shelf.add("结尾", "……企业")
    return shelf


def scanned(term: str) -> list[str]:
    """What a plain reading of every published row finds: the answer the indexes must give."""
    rows = db.session.execute(
        db.select(Publication).where(Publication.state == "published").order_by(Publication.id.desc())
    ).scalars()
    wanted = term.lower()
    return [row.title for row in rows if wanted in f"{row.title} {row.body}".lower()]


@pytest.mark.parametrize("term", SHORT_TERMS)
def test_short_words_find_what_a_scan_finds(samples, term) -> None:
    expected = scanned(term)
    assert found(term) == expected[:search.PAGE_SIZE]
    assert search.search(PublicFilter(q=term)).total == len(expected)


def test_short_words_are_answered_by_the_gram_index(samples) -> None:
    assert "融资" in found("融资") and "融资" in found("税") and "关于5G基站的答复" in found("5g")
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(db.session.execute(text(
            f"EXPLAIN SELECT id FROM publications WHERE {GRAMS_SQL} @> ARRAY['融资']"
        )).scalars())
        db.session.rollback()
        assert "ix_publications_grams" in plan
    else:
        rows = db.session.execute(text("SELECT rowid FROM publications_grams WHERE publications_grams MATCH '\"融资\"'"))
        holding = {p.id for p in db.session.execute(db.select(Publication)).scalars() if "融资" in p.title + p.body}
        assert {r for (r,) in rows} == holding


def test_the_database_computes_the_same_grams(samples) -> None:
    """PostgreSQL's publication_grams() and the domain's grams() agree on every text; SQLite's
    function is the domain's, and its index answers every gram of every row."""
    texts = [f"{p.title} {p.body}" for p in db.session.execute(db.select(Publication)).scalars()] + ["Smart PARKING", "É é ß", "ａｂ１", "", "一\u3000二"]
    for text_ in texts:
        computed = db.session.execute(text("SELECT publication_grams(:t)"), {"t": text_}).scalar_one()
        computed = set(computed) if db.engine.dialect.name == "postgresql" else set(computed.split())
        assert computed == grams(text_), text_


def _search_statements(q: str) -> list[tuple[str, dict]]:
    seen = []

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", keep)
    try:
        search.search(PublicFilter(q=q))
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", keep)
    return seen


@pytest.mark.parametrize(("q", "index"), [("税", "ix_publications_grams"), ("小微企业", "ix_publications_search")])
def test_a_search_reads_the_index_even_without_statistics(samples, q, index) -> None:
    """A new database, autovacuum off, nothing analyzed: the planner once took the (state, …)
    index and computed every row's grams (0.8 s for 税 over 600 replies, 40 ms over 6,000 where
    statistics existed). Each slice's candidates must come from the GIN index, whatever the
    planner knows (issue 13)."""
    if db.engine.dialect.name != "postgresql":
        fts = "publications_grams" if index.endswith("grams") else "publications_fts"
        assert any(f"{fts} MATCH" in statement for statement, _p in _search_statements(q))
        return
    db.session.commit()
    db.session.execute(text("DELETE FROM pg_statistic WHERE starelid = 'publications'::regclass"))
    db.session.execute(text("UPDATE pg_class SET reltuples = -1, relpages = 0 WHERE relname LIKE '%publications%'"))
    db.session.commit()
    try:
        slices = [(s, p) for s, p in _search_statements(q) if "MATERIALIZED" in s]
        assert slices
        for statement, parameters in slices:
            db.session.execute(text("SET LOCAL enable_indexscan = off"))
            db.session.execute(text("SET LOCAL enable_seqscan = off"))
            plan = "\n".join(r[0] for r in db.session.connection().exec_driver_sql("EXPLAIN " + statement, parameters))
            db.session.rollback()
            assert f"Bitmap Index Scan on {index}" in plan, plan
            assert not any("Filter" in line and ("publication_grams" in line or "~~" in line)
                           for line in plan.splitlines()), plan
    finally:
        db.session.rollback()
        db.session.execute(text("ANALYZE publications"))
        db.session.commit()
