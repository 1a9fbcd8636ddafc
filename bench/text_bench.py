"""Issue 11's measurements: suggested bureaus on the labelled proposals (beside two baselines),
similar proposals at 10,000 (precision and recall at 5 beside pg_trgm at Decidim's default
threshold, and time per query through the real service path).

    .venv/bin/python bench/text_bench.py --db sqlite
    .venv/bin/python bench/text_bench.py --db postgresql      # database bench_text on 127.0.0.1

The schema comes from the migrations. The 10,000 proposals are generated (see `generate`): 3,334
matters over 40 subjects, each matter a place and three particular details (路灯, 排水 …) written
three times (title reworded, sentences reordered or replaced, one particular left out), so each
proposal's relevant set is the two other texts of its matter: the pairs are labelled by
construction. Matters of the same subject share most of their words, as real proposals on one
subject do; only the place and the particulars tell a matter from the next.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SUBJECTS = [
    ("停车难", "停车位", "立体停车场"), ("老旧小区改造", "加装电梯", "管线"), ("垃圾分类", "分类投放", "清运"),
    ("养老服务", "居家养老", "老年助餐"), ("托育服务", "婴幼儿", "托位"), ("课后服务", "双减", "作业负担"),
    ("近视防控", "中小学生", "视力"), ("职业教育", "产教融合", "技能人才"), ("基层医疗", "家庭医生", "医共体"),
    ("医保报销", "异地就医", "门诊共济"), ("小微企业融资", "融资担保", "首贷"), ("专精特新", "梯度培育", "小巨人"),
    ("数字经济", "工业互联网", "智能制造"), ("营商环境", "一网通办", "审批"), ("高校毕业生就业", "见习岗位", "创业补贴"),
    ("农民工工资", "欠薪", "劳动保障"), ("乡村振兴", "农村集体经济", "农民增收"), ("高标准农田", "粮食生产", "耕地保护"),
    ("河道治理", "河长制", "水环境"), ("大气污染", "扬尘", "臭氧"), ("新能源汽车充电桩", "充电设施", "快充"),
    ("公交优化", "公交线路", "微循环"), ("电动自行车", "头盔", "充电安全"), ("食品安全", "校园食堂", "抽检"),
    ("电梯安全", "维保", "特种设备"), ("全民健身", "健身步道", "体育场馆"), ("文旅融合", "乡村旅游", "民宿"),
    ("非遗保护", "传承人", "非物质文化遗产"), ("退役军人就业", "退役军人", "优待"), ("应急避难场所", "防汛", "应急物资"),
    ("消防通道", "消防安全", "高层建筑"), ("占道经营", "城市管理", "流动摊贩"), ("公共数据共享", "数据开放", "政务云"),
    ("12345热线", "诉求办理", "热线"), ("人才公寓", "人才引进", "住房保障"), ("物业管理", "业主委员会", "物业费"),
    ("跨境电商", "外贸", "海外仓"), ("夜间经济", "商业街区", "消费"), ("科技成果转化", "孵化器", "高新技术企业"),
    ("社区矫正", "法律援助", "公共法律服务"),
]
FRAMES = [
    "近年来，我市{a}工作取得一定成效，但{b}方面仍存在不少短板。",
    "群众反映{a}问题较为突出，{b}供给不足，{c}推进缓慢。",
    "调研发现，部分区域{c}覆盖率偏低，{b}机制尚不健全。",
    "{a}关系群众切身利益，是社会关注的热点难点问题。",
    "外地在{c}方面已有成熟经验，值得我市借鉴。",
    "当前{b}资金投入不足，基层力量薄弱，{a}考核机制有待完善。",
]
MEASURES = [
    "加大{a}财政投入，建立稳定的经费保障机制。", "完善{b}相关政策，明确部门职责分工。", "推广{c}试点经验，扩大覆盖范围。",
    "建立{a}监测评估制度，定期通报进展。", "引入社会力量参与{b}，形成多元共治格局。", "加强{c}宣传引导，提高群众知晓率。",
]
TITLES = ["关于加强{p}{a}工作的建议", "关于推进{p}{a}的提案", "关于解决{p}{a}问题的建议", "关于完善{b}机制、推动{p}{a}的建议"]
# What makes one matter differ from another on the same subject: where, and its particular details.
PLACES = ["梅溪", "青田", "金山", "白沙", "东湖", "西山", "南湖", "北苑", "凤凰", "龙泉", "桃源", "松林", "翠竹",
          "银杏", "玉泉", "紫荆", "枫林", "清水", "石桥", "红星", "新华", "解放", "人民", "建设", "光明", "和平",
          "胜利", "幸福", "长安", "永康", "兰溪", "武义", "浦江", "磐安", "义乌", "东阳", "江南", "江北", "城西", "城东"]
SUFFIXES = ["街道", "社区", "片区", "园区", "新村"]
DETAILS = ["路灯", "排水", "绿化", "公厕", "快递", "外卖", "学区", "食堂", "菜场", "监控", "井盖", "台阶", "坡道",
           "护栏", "信号灯", "斑马线", "候车亭", "停车棚", "充电柜", "消防栓", "垃圾房", "健身器材", "篮球场", "图书室",
           "卫生室", "托管班", "助餐点", "老年食堂", "便民服务中心", "文化礼堂", "党群服务中心", "农贸市场", "夜市",
           "地下管网", "雨污分流", "化粪池", "自来水", "燃气管道", "电梯", "门禁", "楼道", "屋顶", "外墙", "车位",
           "桥梁", "隧道", "涵洞", "河埠头", "堤防", "泵站", "水库", "山塘", "茶园", "果园", "渔港", "码头", "仓库",
           "厂房", "孵化器", "众创空间", "实训基地", "见习基地", "人才公寓", "廉租房", "安置房", "学校", "幼儿园",
           "卫生院", "养老院", "福利院", "救助站", "派出所", "法庭", "调解室", "网格", "志愿者", "社工站"]
FILLER = ["这是一项长期工作，需要久久为功。", "各地做法不一，标准尚不统一。", "相关部门已做了大量工作。",
          "群众期待进一步改善。", "建议结合实际统筹推进。", "有关情况需进一步调查研究。"]


def generate(n: int, seed: int = 7) -> list[tuple[str, str, int]]:
    """(title, body, matter) triples; each matter written three times."""
    rng = random.Random(seed)
    texts = []
    matter = 0
    while len(texts) < n:
        a, b, c = rng.choice(SUBJECTS)
        place = rng.choice(PLACES) + rng.choice(SUFFIXES)
        details = rng.sample(DETAILS, 3)
        particular = [f"{place}的{details[0]}和{details[1]}问题尤为突出。", f"{place}群众多次反映{details[2]}不足。",
                      f"建议优先解决{place}{details[0]}、{details[2]}等具体问题。"]
        frames = rng.sample(FRAMES, 4)
        measures = rng.sample(MEASURES, 4)
        for version in range(3):
            if len(texts) >= n:
                break
            words = {"a": a, "b": b, "c": c, "p": place if version != 1 else ""}
            sentences = [f.format(**words) for f in frames] + particular[:3 if version == 0 else 2] + rng.sample(FILLER, 2)
            if version:
                rng.shuffle(sentences)
                sentences[rng.randrange(len(sentences))] = rng.choice(FILLER)
            kept = measures if version == 0 else rng.sample(measures, 3)
            body = "".join(sentences) + "为此建议：\n" + "\n".join(f"{i}. {m.format(**words)}" for i, m in enumerate(kept, 1))
            texts.append((rng.choice(TITLES).format(**words), body, matter))
        matter += 1
    return texts


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# --- suggested bureaus -----------------------------------------------------------------------

LABELLED = ROOT / "bench/data/labelled_proposals.tsv"
READER = ROOT / "bench/data/labelled_blind.tsv"  # a person's three bureaus per title, labels hidden


def read_labelled(path: Path = LABELLED) -> list[tuple[str, str, str]]:
    """(title, lead bureau code, set) of every labelled item, in file order. `set` is the fixed
    split of the file's fifth column: train (the office's earlier items) or test (held out)."""
    rows = []
    for line in path.open(encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        title, code, _city, _source, *rest = line.rstrip("\n").split("\t")
        rows.append((title, code, rest[0] if rest else "train"))
    return rows


def _duties_index():
    """The demo bureaus' duties and keywords as the service reads them; bureau i is codes[i]."""
    from workflow.demo.bureau_duties import DUTIES, KEYWORDS
    from workflow.demo.directory import BUREAUS
    from workflow.models import Bureau
    from workflow.services.routing import knowledge_of

    codes = [b[0] for b in BUREAUS]
    known = knowledge_of([Bureau(id=i, name=name, short_name=short, duties=DUTIES[code], keywords=KEYWORDS[code])
                          for i, (code, name, short, *_rest) in enumerate(BUREAUS)])
    return codes, known.duties, known.keywords


def _rank_all(title, query, duties, keywords, history, labels, codes) -> dict[str, list[int]]:
    """The bureaus best first by four methods: ours (duties, keywords and votes of the nearest
    earlier items), ours without the earlier items (duties and keywords), the duties alone, and a
    plain TF-IDF nearest neighbour (the nearest earlier items' lead bureaus, each bureau at the
    rank of its nearest item)."""
    from workflow.domain import routing
    from workflow.domain.term_index import TermIndex

    hits = keywords.match(title)
    ours = [r.bureau_id for r in routing.rank(query, duties, history, labels, keyword_hits=hits).ranking]
    known = [r.bureau_id for r in routing.rank(query, duties, TermIndex(), {}, keyword_hits=hits).ranking]
    only = [m.doc_id for m in duties.search(query, limit=len(codes))]
    nn: list[int] = []
    for m in history.search(query, limit=max(len(labels), 1)):
        if labels[m.doc_id].lead not in nn:
            nn.append(labels[m.doc_id].lead)
    return {"ours": ours, "duties_keywords": known, "duties": only, "tfidf_nn": nn}


def _score(cases) -> dict:
    """cases: (truth, {method: ranking}) -> top-1 / top-3 per method, with the counts."""
    n = len(cases)
    out = {"items": n}
    for method in ("ours", "duties_keywords", "duties", "tfidf_nn", "reader"):
        if any(method not in ranked for _truth, ranked in cases):
            continue
        top1 = sum(ranked[method][:1] == [truth] for truth, ranked in cases)
        top3 = sum(truth in ranked[method][:3] for truth, ranked in cases)
        out[method] = {"top1": round(top1 / n, 4) if n else 0.0, "top3": round(top3 / n, 4) if n else 0.0,
                       "hits1": top1, "hits3": top3}
    return out


def routing_benchmark(path: Path = LABELLED, misses: str | None = None, test: bool = True) -> dict:
    """Suggested bureaus on the labelled items, three ways:
    - held out: the `train` items are the office's history (assigned earlier), each `test` item
      is suggested against them and never against another test item; the fixed split is the
      file's fifth column (see its header for the rule);
    - fresh sets (`fresh`, `fresh2`, in file order), each collected after a change to the routing:
      each item is suggested against every item collected before its set;
    - leave one out over the train and test items: each is held out in turn, the others are history.
    `misses` ("train", "test", "fresh" …) prints the misses of that part (read the train ones to
    improve the routing; the others only once the figures are final). `test=False` leaves the held-out
    part (and the leave-one-out over all items, which includes the test items) out: the figures
    to look at while changing the routing."""
    from workflow.domain import routing, text_terms
    from workflow.domain.term_index import TermIndex

    rows = read_labelled(path)
    codes, duties, keywords = _duties_index()
    terms = [text_terms.document_terms(title) for title, _code, _set in rows]

    def history_of(indices):
        history = TermIndex()
        labels = {}
        for j in indices:
            history.add(j, terms[j])
            labels[j] = routing.Example(codes.index(rows[j][1]), (), rows[j][0])
        return history, labels

    def show(k, ranked):
        names = [codes[b] for b in ranked["ours"][:3]]
        print(f"  miss [{rows[k][2]}] {rows[k][1]:5} ours={names} duties={[codes[b] for b in ranked['duties'][:3]]}"
              f" {rows[k][0]}")

    reader = {}
    for line in READER.open(encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            title, three = line.rstrip("\n").split("\t")
            reader[title] = [codes.index(code) for code in three.split()]

    def held_out(items, earlier, part):
        history, labels = history_of(earlier)
        cases = []
        for k in items:
            ranked = _rank_all(rows[k][0], terms[k], duties, keywords, history, labels, codes)
            if rows[k][0] in reader:
                ranked["reader"] = reader[rows[k][0]]
            cases.append((codes.index(rows[k][1]), ranked))
            if misses == part and ranked["ours"][:1] != [codes.index(rows[k][1])]:
                show(k, ranked)
        return _score(cases)

    train = [k for k, r in enumerate(rows) if r[2] == "train"]
    held = [k for k, r in enumerate(rows) if r[2] == "test"]
    result: dict = {"items": len(rows), "train": len(train), "test": len(held)}
    if held and test:
        result["held_out"] = held_out(held, train, "test")
    earlier = train + held
    for part in dict.fromkeys(r[2] for r in rows if r[2] not in ("train", "test")):
        # a fresh set, collected after a change: the office's history is every item collected before it
        items = [k for k, r in enumerate(rows) if r[2] == part]
        result[part] = {"items": len(items)}
        if test:
            result[part] = held_out(items, earlier, part)
        earlier = earlier + items
    parts = (("loo_all", train + held), ("loo_train", train)) if test else (("loo_train", train),)
    for name, subset in parts:
        cases = []
        for k in subset:  # leave one out: each item held out in turn
            history, labels = history_of([j for j in subset if j != k])
            ranked = _rank_all(rows[k][0], terms[k], duties, keywords, history, labels, codes)
            cases.append((codes.index(rows[k][1]), ranked))
            if name == "loo_train" and misses == "train" and ranked["ours"][:1] != [codes.index(rows[k][1])]:
                show(k, ranked)
        result[name] = _score(cases)
    return result


# --- similar proposals at 10,000 ---------------------------------------------------------------

def build(app, texts, fresh: bool) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import func, insert, select, text

    from workflow.domain import text_terms
    from workflow.extensions import db
    from workflow.models import Proposal, ProposalTerms, Session, User

    with app.app_context():
        if not fresh and db.inspect(db.engine).has_table("proposals") and \
                db.session.execute(select(func.count()).select_from(Proposal)).scalar() == len(texts):
            return
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(revision="heads")
        now = datetime(2026, 3, 10, tzinfo=UTC)
        user = User(username="bench", name="委员", password_hash="x", channel="cppcc", created_at=now)
        session = Session(channel="cppcc", name="测试会议", term=9, meeting=5, year=2026, number_format="第{n}号")
        db.session.add_all([user, session])
        db.session.commit()
        stamp = time.time_ns() // 1_000_000
        for start in range(0, len(texts), 500):
            chunk = texts[start:start + 500]
            db.session.execute(insert(Proposal), [
                {"id": start + i + 1, "channel": "cppcc", "session_id": session.id, "proposer_id": user.id,
                 "title": t, "body": b, "state": "filed", "number_seq": start + i + 1, "number": f"第{start + i + 1}号",
                 "created_at": now, "updated_at": now} for i, (t, b, _m) in enumerate(chunk)])
            db.session.execute(insert(ProposalTerms), [
                {"proposal_id": start + i + 1, "channel": "cppcc", "session_id": session.id,
                 "terms": text_terms.pack(text_terms.document_terms(t, b)), "stamp": stamp}
                for i, (t, b, _m) in enumerate(chunk)])
            db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))


def similar_benchmark(app, texts, queries: int) -> dict:
    from sqlalchemy import select

    from workflow.extensions import db
    from workflow.models import User
    from workflow.services import similar, text_index

    rng = random.Random(11)
    picks = rng.sample(range(len(texts)), queries)
    out = {}
    with app.app_context():
        user = db.session.execute(select(User)).scalar_one()
        started = time.perf_counter()
        text_index.proposals()
        out["first_build_s"] = time.perf_counter() - started
        times, cpu, hits, found_any = [], [], [], 0
        for k in picks:
            title, body, matter = texts[k]
            started, started_cpu = time.perf_counter(), time.process_time()
            found = similar.for_text(user, title, body, "cppcc", exclude_id=k + 1, limit=5)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            relevant = {j + 1 for j, t in enumerate(texts) if t[2] == matter and j != k}
            got = [s.proposal.id for s in found]
            hits.append(len(set(got) & relevant))
            found_any += bool(got)
            db.session.rollback()
        out["ours"] = {"p_at_5": sum(hits) / (5 * len(picks)), "r_at_5": sum(hits) / (2 * len(picks)),
                       "median_ms": statistics.median(times), "p95_ms": percentile(times, 95),
                       "cpu_median_ms": statistics.median(cpu), "cpu_p95_ms": percentile(cpu, 95)}
        if db.engine.dialect.name == "postgresql":
            out["pg_trgm"] = trigram(db, texts, picks[:max(5, queries // 5)])
    return out


def trigram(db, texts, picks) -> dict:
    """Decidim's way: pg_trgm similarity of title and of body, threshold 0.25 (its default), limit."""
    from sqlalchemy import text

    db.session.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    hits, times = [], []
    for k in picks:
        title, body, matter = texts[k]
        started = time.perf_counter()
        rows = db.session.execute(text(
            "SELECT id FROM proposals WHERE id <> :id AND (similarity(title, :t) >= 0.25 OR similarity(body, :b) >= 0.25)"
            " ORDER BY greatest(similarity(title, :t), similarity(body, :b)) DESC LIMIT 5"),
            {"id": k + 1, "t": title, "b": body}).scalars().all()
        times.append((time.perf_counter() - started) * 1000)
        relevant = {j + 1 for j, t in enumerate(texts) if t[2] == matter and j != k}
        hits.append(len(set(rows) & relevant))
    return {"queries": len(picks), "p_at_5": sum(hits) / (5 * len(picks)), "r_at_5": sum(hits) / (2 * len(picks)),
            "median_ms": statistics.median(times), "p95_ms": percentile(times, 95)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--url")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--routing-only", action="store_true", help="only the suggested bureaus (seconds, no database)")
    parser.add_argument("--misses", choices=["train", "test", "fresh", "fresh2"], help="print the suggested bureaus' misses of that part")
    parser.add_argument("--no-test", action="store_true", help="only the training items (while changing the routing)")
    args = parser.parse_args()
    if args.routing_only:
        print("load average", os.getloadavg())
        print("routing", routing_benchmark(misses=args.misses, test=not args.no_test))
        print("load average", os.getloadavg())
        return
    url = args.url or (f"sqlite:///{ROOT / 'var/bench/text.db'}" if args.db == "sqlite"
                       else "postgresql+psycopg://postgres@127.0.0.1:5432/bench_text")
    if args.db == "postgresql":
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            name = make_url(url).database
            if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is None:
                conn.execute(text(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
                                  "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"))
    (ROOT / "var/bench").mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("WORKFLOW_VAR_DIR", str(ROOT / "var/bench"))
    from config import Config
    from workflow import create_app

    print("load average", os.getloadavg())
    print("routing", routing_benchmark(misses=args.misses))
    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url)
    texts = generate(args.rows)
    started = time.perf_counter()
    build(app, texts, args.fresh)
    print(f"built in {time.perf_counter() - started:.0f} s")
    print("similar", similar_benchmark(app, texts, args.queries))
    print("load average", os.getloadavg())


if __name__ == "__main__":
    main()
