"""Search benchmark (issue 5): 100,000 generated published replies, typical queries through the
real search path (workflow.services.search.search: count, page, highlight) against a plain LIKE
scan of the same rows in the same run; median and 95th percentile, on SQLite or PostgreSQL.

    .venv/bin/python bench/search_bench.py --db sqlite               # var/bench/search.db
    .venv/bin/python bench/search_bench.py --db postgresql           # database bench_h5 on 127.0.0.1
    .venv/bin/python bench/search_bench.py --db sqlite --rows 10000 --rounds 5
    .venv/bin/python bench/search_bench.py --db postgresql --url postgresql+psycopg://postgres@host/db

The data is generated once per database and reused by later runs with the same --rows (pass
--fresh to build it again). Each reply has one of thirty topics, drawn with a Zipf-like weight
(小微企业 most often); its text mixes the real samples' sentences (workflow/demo/samples, the
subject 小微企业/中小企业 swapped for the topic, numbers varied) with sentences built from the
phrases such replies are made of around the topic's words; names are masked as the portal stores
them; titles are half formal (关于对…第N号提案答复的函), half topical. The schema is built by the migrations, so the FTS5
tables and their triggers (SQLite) or the GIN indexes (PostgreSQL) are the real ones.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = 20260310
SAMPLES = ROOT / "workflow" / "demo" / "samples"
BATCH = 2000

# (subject, two related phrases); the first topics are drawn most often.
TOPICS = [
    ("小微企业", "小微企业园", "融资担保"), ("养老服务", "居家养老", "助餐服务"), ("数字化改革", "一网通办", "政务服务"),
    ("专精特新", "隐形冠军", "单项冠军"), ("垃圾分类", "再生资源", "分类投放"), ("停车难", "智慧停车", "公共停车场"),
    ("跨境电商", "海外仓", "直播电商"), ("乡村振兴", "农村饮水", "美丽乡村"), ("职业教育", "产教融合", "技能人才"),
    ("学前教育", "普惠性幼儿园", "托育服务"), ("公立医院", "家庭医生", "分级诊疗"), ("老旧小区改造", "加装电梯", "物业管理"),
    ("营商环境", "审批改革", "企业开办"), ("科技创新", "研发投入", "科技孵化器"), ("文化旅游", "全域旅游", "非遗保护"),
    ("生态环境", "河道治理", "大气污染防治"), ("食品安全", "农贸市场", "冷链物流"), ("就业创业", "高校毕业生", "创业担保贷款"),
    ("公共交通", "公交线路", "轨道交通"), ("社区治理", "网格化管理", "志愿服务"), ("新能源汽车", "充电桩", "换电站"),
    ("人才引进", "人才公寓", "安居保障"), ("防汛抗旱", "海塘安澜", "应急管理"), ("体育设施", "全民健身", "百姓健身房"),
    ("住房保障", "保障性租赁住房", "住房公积金"), ("共同富裕", "山海协作", "消费帮扶"), ("知识产权", "专利质押", "商标品牌"),
    ("外贸出口", "出口信保", "境外展会"), ("数字经济", "工业互联网", "5G基站"), ("未成年人保护", "心理健康", "校园安全"),
]
SUBJECT = re.compile(r"中小微企业|小型微型企业|小微企业|中小企业")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
BUREAUS = ["市经信局", "市财政局", "市人社局", "市金融办", "市税务局", "市市场监管局", "市住建局", "市教育局", "市交通运输局",
           "市卫健委", "市民政局", "市农业农村局", "市生态环境局", "市商务局", "市科技局", "市文广旅体局", "市自然资源局",
           "市应急管理局", "市综合执法局", "市数据局"]

# Typical queries: what a visitor types, two to six characters, one or two words.
QUERIES = [
    "小微企业", "融资担保", "专精特新", "数字化改革", "养老服务", "垃圾分类", "跨境电商", "老旧小区改造", "充电桩",
    "一网通办", "空气炸锅", "公共服务平台", "人才公寓", "河道治理", "普惠性幼儿园", "小微企业 融资担保",
    "高校毕业生 创业担保贷款", "融资", "养老", "停车", "电梯", "税", "小微企业 融资",
]


# --- text -----------------------------------------------------------------------------------------

def sentences() -> list[str]:
    found = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("\u3000", "").replace("•", "")
        for piece in re.split(r"(?<=[。！？；])", text):
            piece = " ".join(piece.split())
            chinese = sum("\u4e00" <= c <= "\u9fff" for c in piece)
            if 15 <= len(piece) <= 220 and chinese > len(piece) * 0.6:
                found.append(piece)
    return found


def _digits(match: re.Match, rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in match.group())


PLACES = ["婺城区", "金东区", "兰溪市", "东阳市", "义乌市", "永康市", "浦江县", "武义县", "磐安县", "金华开发区"]
OPENERS = ["", "", "", "近年来，", "下一步，", "同时，", "此外，", "为此，", "目前，", "{y}年以来，", "截至{y}年底，",
           "在{place}，", "针对您提出的问题，"]
ACTORS = ["我局", "市政府", "各县（市、区）", "{bureau}", "相关部门", "我市", "{place}", "{bureau}会同{bureau2}"]
VERBS = ["积极推进", "大力实施", "持续深化", "认真落实", "统筹推进", "加快完善", "不断优化", "着力加强", "扎实开展",
         "探索建立", "健全", "规范", "研究制定", "谋划推进"]
NOUNS = ["工作", "体系建设", "政策体系", "试点工作", "长效机制", "服务网络", "标准规范", "考核办法", "专项行动",
         "资金保障", "数字化平台", "宣传培训", "监督检查", "示范创建"]
RESULTS = ["，累计投入资金{n}万元", "，惠及群众{n}万人次", "，新增{kw}{n}个", "，取得明显成效",
           "，形成了一批可复制可推广的经验", "，覆盖率达到{p}%", "，完成年度目标任务的{p}%", "，群众满意度明显提升", "", ""]
SAMPLE_SHARE = 0.06  # of the sentences, taken from the real samples (subject swapped)


class Writer:
    """Replies in the samples' language: a share of the samples' own sentences with the subject
    swapped for the reply's topic, the rest built from the phrases such replies are made of,
    around the topic's words, so each topic's words concentrate in its own replies."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.pool = sentences()
        self.weights = [1 / (i + 1) ** 0.8 for i in range(len(TOPICS))]

    def topic(self) -> tuple[str, str, str]:
        return self.rng.choices(TOPICS, self.weights)[0]

    def sample_sentence(self, topic) -> str:
        rng = self.rng
        text = SUBJECT.sub(lambda _m: rng.choice(topic), rng.choice(self.pool))
        return re.sub(r"\d{2,}", lambda m: _digits(m, rng), text) if rng.random() < 0.5 else text

    def built_sentence(self, topic) -> str:
        rng = self.rng
        keyword = rng.choice(topic) if rng.random() < 0.97 else rng.choice(rng.choice(TOPICS))
        fill = dict(y=rng.randint(2016, 2025), place=rng.choice(PLACES), bureau=rng.choice(BUREAUS),
                    bureau2=rng.choice(BUREAUS), n=rng.randint(2, 9999), p=rng.randint(60, 100), kw=keyword)
        return (rng.choice(OPENERS) + rng.choice(ACTORS) + rng.choice(VERBS) + keyword + rng.choice(NOUNS)
                + rng.choice(RESULTS) + "。").format(**fill)

    def sentence(self, topic) -> str:
        return self.sample_sentence(topic) if self.rng.random() < SAMPLE_SHARE else self.built_sentence(topic)

    def letter(self, number: int, channel: str) -> tuple[str, str, str]:
        rng = self.rng
        topic = self.topic()
        person = rng.choice(SURNAMES) + "**" + ("委员" if channel == "cppcc" else "代表")
        if rng.random() < 0.5:
            kind = "提案" if channel == "cppcc" else "建议"
            title = f"关于对市政协第{number % 400 + 1}号{kind}答复的函"
        else:
            title = f"关于{rng.choice(('加快', '推进', '完善', '加强', '扶持'))}{topic[0]}{rng.choice(('发展', '建设', '工作', '服务'))}的建议的答复"
        paragraphs = [f"您提出的关于{topic[0]}的建议收悉。经研究，现答复如下："]
        for _ in range(rng.randint(8, 14)):
            paragraphs.append("".join(self.sentence(topic) for _ in range(rng.randint(3, 6))))
        paragraphs.append(f"感谢您对我市{topic[0]}工作的关心和支持！")
        paragraphs.append(f"联系人：{rng.choice(SURNAMES)} *，联系电话：0579-{rng.randint(82000000, 82999999)}")
        return title, person + "：", "\n".join(paragraphs)


# --- the database ---------------------------------------------------------------------------------

def make_app(url: str):
    os.environ.setdefault("WORKFLOW_VAR_DIR", str(ROOT / "var" / "bench"))
    from config import Config
    from workflow import create_app

    return create_app(Config, SQLALCHEMY_DATABASE_URI=url, RATELIMIT_STORAGE_URI="memory://")


def ensure_postgresql_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}).first()
        if not exists:
            conn.execute(text(
                f'CREATE DATABASE "{target.database}" TEMPLATE template0 ENCODING \'UTF8\' '
                "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            ))
    admin.dispose()


def loaded_rows() -> int:
    from sqlalchemy import func, inspect, select

    from workflow.extensions import db
    from workflow.models import Publication

    if not inspect(db.engine).has_table("publications"):
        return -1
    return db.session.execute(select(func.count(Publication.id))).scalar_one()


def reset_schema() -> None:
    from flask_migrate import upgrade
    from sqlalchemy import text

    from workflow.extensions import db

    db.session.remove()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.engine.dispose()
        path = Path(db.engine.url.database)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    upgrade(directory=str(ROOT / "migrations"), revision="heads")


def load(rows: int) -> float:
    """Generate and insert `rows` published replies; returns the seconds it took."""
    from sqlalchemy import insert

    from workflow.extensions import db
    from workflow.models import Assignment, Bureau, Proposal, Publication, Reply, Session, User

    started = time.perf_counter()
    rng = random.Random(SEED)
    writer = Writer(rng)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    bureaus = [Bureau(code=f"b{i}", name=name, short_name=name, credit_code=f"113307000025{i:05d}X")
               for i, name in enumerate(BUREAUS)]
    years = list(range(2017, 2026))
    sessions = {(channel, year): Session(channel=channel, name=f"{year}年{'政协' if channel == 'cppcc' else '人大'}会议",
                                         term=9, meeting=year - 2016, year=year, number_format="第{n}号")
                for channel in ("cppcc", "npc") for year in years}
    office = User(username="bench", name="基准", password_hash="x", active=True, created_at=now)
    db.session.add_all([*bureaus, *sessions.values(), office])
    db.session.flush()
    proposal = Proposal(channel="cppcc", session_id=sessions[("cppcc", 2017)].id, proposer_id=office.id,
                        title="基准", body="", state="in_handling", created_at=now, updated_at=now)
    db.session.add(proposal)
    db.session.flush()
    assignment = Assignment(proposal_id=proposal.id, bureau_id=bureaus[0].id, role="lead", state="received",
                            assigned_at=now)
    db.session.add(assignment)
    db.session.commit()

    span = (date(2025, 12, 31) - date(2017, 3, 1)).days
    days = sorted(rng.randrange(span) for _ in range(rows))  # ids follow publication order
    serials: dict[tuple[int, int], int] = {}
    replies, publications = [], []
    for n in range(1, rows + 1):
        day = date(2017, 3, 1) + timedelta(days=days[n - 1])
        published_at = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC) + timedelta(seconds=n % 3600)
        channel = "cppcc" if rng.random() < 0.6 else "npc"
        bureau = rng.choice(bureaus)
        title, salutation, body = writer.letter(n, channel)
        key = (bureau.id, day.year)
        serials[key] = serial = serials.get(key, 0) + 1
        resolution = rng.choices("ABC", (5, 3, 2))[0]
        replies.append(dict(
            id=n, proposal_id=proposal.id, assignment_id=assignment.id, bureau_id=bureau.id, kind="answer", round=n,
            state="sent", title="", salutation="", body="", resolution=resolution, disclosure="public",
            copy_to=[], version=1, created_by_id=office.id, created_at=published_at, updated_at=published_at,
            doc_prefix="基", doc_year=day.year, doc_seq=n, doc_number=f"基〔{day.year}〕{n}号", sent_at=published_at,
        ))
        publications.append(dict(
            id=n, reply_id=n, proposal_id=proposal.id, bureau_id=bureau.id,
            session_id=sessions[(channel, min(max(day.year, 2017), 2025))].id, channel=channel, state="published",
            index_number=f"{bureau.credit_code}/{day.year}-{serial:05d}", year=day.year, serial=serial,
            publisher=bureau.name, letter_date=day - timedelta(days=3), published_at=published_at,
            topic="综合政务/政协" if channel == "cppcc" else "综合政务/人大", doc_number=f"基〔{day.year}〕{n}号",
            resolution=resolution, resolution_label=None, proposal_number=f"第{n % 400 + 1}号", title=title,
            salutation=salutation, body=body, contact=None, manual_spans=[], attachment_ids=[],
            published_by_id=office.id,
        ))
        if len(replies) == BATCH or n == rows:
            db.session.execute(insert(Reply), replies)
            db.session.execute(insert(Publication), publications)
            db.session.commit()
            replies, publications = [], []
            print(f"\r  loaded {n:,} of {rows:,}", end="", flush=True)
    print()
    _analyze()
    return time.perf_counter() - started


def _analyze() -> None:
    from sqlalchemy import text

    from workflow.extensions import db

    if db.engine.dialect.name == "postgresql":
        # As autovacuum leaves a table in service: the GIN pending list merged, statistics fresh.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        return
    with db.engine.begin() as conn:
        for fts in ("publications_fts", "publications_grams"):
            conn.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('optimize')"))
        conn.execute(text("ANALYZE"))


# --- measuring ------------------------------------------------------------------------------------

def plain_like_scan(q: str, size: int = 20):
    """What search would be without an index: LIKE on title and body for every term (ILIKE on
    PostgreSQL for Latin letters, as the real path), read the same way as the real path (newest
    first, stopping after the capped count), the same page loaded."""
    from sqlalchemy import literal, or_, select

    from workflow.domain.search_query import LIKE_ESCAPE, like_pattern, parse
    from workflow.extensions import db
    from workflow.models import Publication
    from workflow.services.search import COUNT_CAP

    query = select(Publication.id).where(Publication.state == "published")
    postgresql = db.engine.dialect.name == "postgresql"
    for term in parse(q).terms:
        pattern = like_pattern(term)
        if postgresql:
            # `column || ''` so that the planner cannot answer it from the pg_trgm index.
            title, body = Publication.title + literal(""), Publication.body + literal("")
            match = or_(title.ilike(pattern), body.ilike(pattern)) if re.search("[A-Za-z]", term) else or_(
                title.like(pattern), body.like(pattern))
        else:
            match = or_(Publication.title.like(pattern, escape=LIKE_ESCAPE), Publication.body.like(pattern, escape=LIKE_ESCAPE))
        query = query.where(match)
    matches = db.session.execute(query.order_by(Publication.id.desc()).limit(COUNT_CAP + 1)).scalars().all()
    page = matches[:size]
    rows = db.session.execute(select(Publication).where(Publication.id.in_(page))).scalars().all() if page else []
    return min(len(matches), COUNT_CAP), rows


def share(q: str) -> float:
    """The share of all publications that match, counted once, untimed."""
    from sqlalchemy import func, select

    from workflow.domain.search_query import parse
    from workflow.extensions import db
    from workflow.models import Publication

    query = select(func.count(Publication.id))
    for term in parse(q).terms:
        query = query.where((func.strpos(Publication.title, term) > 0) | (func.strpos(Publication.body, term) > 0)
                            if db.engine.dialect.name == "postgresql" else
                            (func.instr(Publication.title, term) > 0) | (func.instr(Publication.body, term) > 0))
    total = db.session.execute(select(func.count(Publication.id))).scalar_one()
    return 100 * db.session.execute(query).scalar_one() / total


def real_search(q: str):
    from workflow.services.search import PublicFilter, search

    results = search(PublicFilter(q=q))
    return results.total, results.items


def timed(fn, q: str, rounds: int) -> tuple[list[float], int]:
    from workflow.extensions import db

    fn(q)  # warm the caches, as a running server has them
    times = []
    total = 0
    for _ in range(rounds):
        db.session.expire_all()
        started = time.perf_counter()
        total, _items = fn(q)
        times.append((time.perf_counter() - started) * 1000)
    return times, total


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(row for row in Path("/proc/meminfo").read_text().splitlines() if row.startswith("MemTotal"))
        gib = int(mem.split()[1]) / 1024 / 1024
    except (OSError, StopIteration, ValueError):
        gib = 0
    return f"{os.cpu_count()} cores ({cpu}), {gib:.0f} GiB RAM"


def server_version() -> str:
    from sqlalchemy import text

    from workflow.extensions import db

    if db.engine.dialect.name == "postgresql":
        return db.session.execute(text("SHOW server_version")).scalar_one()
    return db.session.execute(text("SELECT sqlite_version()")).scalar_one()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--url", help="database URL (default: var/bench/search.db or bench_h5 on 127.0.0.1)")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20, help="timed runs of each query")
    parser.add_argument("--fresh", action="store_true", help="generate the data again")
    args = parser.parse_args()

    url = args.url or (
        f"sqlite:///{ROOT / 'var' / 'bench' / 'search.db'}" if args.db == "sqlite"
        else "postgresql+psycopg://postgres@127.0.0.1:5432/bench_h5"
    )
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    if url.startswith("postgresql"):
        ensure_postgresql_database(url)
    app = make_app(url)
    with app.app_context():
        from workflow.domain.search_query import parse
        from workflow.services.search import database_check

        if args.fresh or loaded_rows() != args.rows:
            print(f"generating {args.rows:,} published replies into {url.split('@')[-1]}")
            reset_schema()
            seconds = load(args.rows)
            print(f"  generated and indexed in {seconds:.0f} s")
        print("database check:", database_check())
        print(f"{args.db} {server_version()}, {args.rows:,} publications, {args.rounds} runs per query; "
              f"machine: {machine()}; Python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.1f}")
        print(f"{'query':<28}{'share':>7}{'search med':>12}{'p95':>9}{'LIKE med':>11}{'p95':>9}{'ratio':>8}")
        groups: dict[str, tuple[list[float], list[float]]] = {"all": ([], [])}
        for q in QUERIES:
            real, total = timed(real_search, q, args.rounds)
            scan, scan_total = timed(plain_like_scan, q, max(3, args.rounds // 4))
            assert total == scan_total, (q, total, scan_total)  # the same answer, or the comparison is void
            kind = "indexed (every word 3+ characters)" if not parse(q).short_terms else (
                "short (a word of 1-2 characters)")
            for name in ("all", kind):
                groups.setdefault(name, ([], []))
                groups[name][0].extend(real)
                groups[name][1].extend(scan)
            ratio = statistics.median(scan) / statistics.median(real)
            print(f"{q:<28}{share(q):>6.1f}%{statistics.median(real):>11.1f}ms{p95(real):>7.1f}ms"
                  f"{statistics.median(scan):>9.1f}ms{p95(scan):>7.1f}ms{ratio:>7.1f}x")
        for name, (real_all, scan_all) in groups.items():
            median_real, median_scan = statistics.median(real_all), statistics.median(scan_all)
            print(f"{name + ' queries':<35}{median_real:>11.1f}ms{p95(real_all):>7.1f}ms"
                  f"{median_scan:>9.1f}ms{p95(scan_all):>7.1f}ms{median_scan / median_real:>7.1f}x")
        print(f"load average at the end: {os.getloadavg()[0]:.1f} (1 min), {os.getloadavg()[2]:.1f} (15 min)")

if __name__ == "__main__":
    main()
