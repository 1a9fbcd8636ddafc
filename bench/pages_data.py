"""Items at scale, for the page benchmark (bench/pages_bench.py) and the statement-count tests
(tests/web/test_list_statements.py).

Ten sessions of each channel, one a year; bureaus with a clerk and a principal leader each;
members and deputies. One item in each stage of its life is built through the real services
(bench/pages_templates.py); then each is copied, row by row, table by table, as many times as its
weight asks: every row that belongs to the item (its proposal, co-signers, assignments, clocks,
events, contacts, opinions, replies and their versions, co-signatures, ratings, extension
requests, publications, notifications) gets a new id, its references to other copied rows follow,
its people and bureaus are drawn again (the lead bureau's clerk stays that bureau's clerk), and its
dates move: earlier sessions' items (finished ones only) by whole years of 52 weeks, so weekdays
stay weekdays, and every copy by up to three weeks more, so due dates spread (some overdue, some
near, most not). Numbers that must be unique (proposal numbers, document numbers, index numbers)
are drawn again in their series. Published replies get texts of their own (bench/search_bench.py's
writer), so that search has something to find.
"""
from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Date, DateTime, func, insert, select, text
from sqlalchemy.types import TypeDecorator

from workflow.domain import docnumber, index_number, numbering
from workflow.extensions import db
from workflow.models import Bureau, Category, Counter, Session, User, UserRole
from workflow.services import publication_settings, users, work_tasks

WEEK = timedelta(weeks=1)
YEAR = 52 * WEEK
# Tables whose rows belong to one item, found through these columns.
BY_PROPOSAL = ("proposals", "cosigners", "seconders", "assignments", "clocks", "events", "contacts", "co_opinions",
               "replies", "extension_requests", "publications", "notifications", "supervision_notes")
BY_REPLY = ("reply_versions", "reply_cosigns", "feedback", "redaction_marks")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
DELEGATIONS = [("婺城区代表团", "婺"), ("金东区代表团", "金"), ("义乌市代表团", "义"), ("东阳市代表团", "东"),
               ("永康市代表团", "永"), ("兰溪市代表团", "兰")]
SECTORS = ["中共界", "民革界", "民盟界", "民建界", "经济界", "教育界", "科技界", "医药卫生界", "农业界", "社会福利界"]
TOPIC_TITLES = ["关于加快{t}发展的建议", "关于进一步推进{t}工作的提案", "关于完善{t}政策体系的建议",
                "关于加强{t}服务保障的建议", "关于支持{t}高质量发展的提案"]


@dataclass
class Directory:
    office: User
    admin: User
    bureaus: list[Bureau]
    clerks: dict[int, User]
    approvers: dict[int, User]
    proposers: dict[str, list[User]]
    sessions: dict[tuple[int, str], Session]  # (year, channel)
    current: dict[str, Session]
    categories: dict[str, Category]


def directory(now: datetime, *, bureaus: int = 20, proposers: int = 100, years: int = 10,
              password: str = "secret-pw") -> Directory:
    """Sessions, bureaus and people; one password hash for everyone (argon2 is slow on purpose)."""
    hashed = users.hash_password(password)
    year = now.year
    sessions = {}
    for y in range(year - years + 1, year + 1):
        term, meeting = divmod(y - 2000, 5)
        for channel, fmt, body in (("cppcc", "第{n}号", "市政协"), ("npc", "{delegation}{n}号", "市人大")):
            row = Session(channel=channel, name=f"{body}{term}届{meeting + 1}次会议（{y}年）", term=term,
                          meeting=meeting + 1, year=y, number_format=fmt, active=y == year)
            db.session.add(row)
            sessions[(y, channel)] = row
    categories = {c: Category(channel=c, name="经济", position=0) for c in ("cppcc", "npc")}
    db.session.add_all(categories.values())
    rows = []
    for n in range(bureaus):
        rows.append(Bureau(code=f"b{n:02d}", name=f"金华市第{n + 1}局", short_name=f"市{n + 1}局",
                           credit_code=f"11330700{n:08d}XD"[:18], prefix_cppcc=f"金{n + 1}提", prefix_npc=f"金{n + 1}建"))
    db.session.add_all(rows)
    db.session.flush()

    def person(username, roles, **kw):
        user = User(username=username, name=kw.pop("name", username), password_hash=hashed, created_at=now, **kw)
        user.role_rows = [UserRole(role=r) for r in roles]
        db.session.add(user)
        return user

    office = person("office", ["office"], name="提案委")
    admin = person("admin", ["admin"], name="管理员")
    clerks = {b.id: person(f"clerk{i:02d}", ["clerk"], bureau_id=b.id, name=f"{SURNAMES[i % len(SURNAMES)]}办事员")
              for i, b in enumerate(rows)}
    approvers = {b.id: person(f"approver{i:02d}", ["approver"], bureau_id=b.id, principal_leader=True,
                              name=f"{SURNAMES[(i + 7) % len(SURNAMES)]}局长") for i, b in enumerate(rows)}
    members = [person(f"member{i:03d}", ["proposer"], channel="cppcc", group_name=SECTORS[i % len(SECTORS)],
                      name=SURNAMES[i % len(SURNAMES)] + "委员") for i in range(proposers)]
    deputies = []
    for i in range(proposers):
        group, prefix = DELEGATIONS[i % len(DELEGATIONS)]
        deputies.append(person(f"deputy{i:03d}", ["proposer"], channel="npc", group_name=group, group_prefix=prefix,
                               name=SURNAMES[(i + 3) % len(SURNAMES)] + "代表"))
    db.session.commit()
    return Directory(office, admin, rows, clerks, approvers, {"cppcc": members, "npc": deputies}, sessions,
                     {c: sessions[(year, c)] for c in ("cppcc", "npc")}, categories)


# --- copying ----------------------------------------------------------------------------------------

@dataclass
class Copy:
    """Where one copy of a template goes: its session year, its time shift, its people."""

    year: int
    shift: timedelta
    bureaus: dict[int, int]  # template bureau id -> the copy's
    proposers: dict[int, int]  # template proposer id -> the copy's


@dataclass
class Cloner:
    """Copies templates' rows in bulk; ids continue each table's series."""

    d: Directory
    rng: random.Random
    next_id: dict[str, int] = field(default_factory=dict)
    pending: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    series: dict[str, int] = field(default_factory=dict)  # number series drawn so far, by counter scope
    writer: object = None
    loaded: dict[str, dict[str, list[dict]]] = field(default_factory=dict)  # the templates' rows
    plans: dict[str, list] = field(default_factory=dict)

    def __post_init__(self):
        """Everything later copies need, as plain values: the ORM objects expire with the session."""
        d = self.d
        self.tables = {t.name: t for t in db.metadata.sorted_tables}
        self.order = [t.name for t in db.metadata.sorted_tables if t.name in BY_PROPOSAL + BY_REPLY]
        self.user_role = {u.id: ("clerk", b) for b, u in d.clerks.items()}
        self.user_role |= {u.id: ("approver", b) for b, u in d.approvers.items()}
        self.by_bureau = {kind_bureau: user_id for user_id, kind_bureau in self.user_role.items()}
        self.sessions = {(s.year, s.channel): s.id for s in d.sessions.values()}
        self.session_of = {s.id: (s.channel, s.number_format) for s in d.sessions.values()}
        self.bureau_of = {b.id: (b.prefix_cppcc, b.prefix_npc, b.credit_code, b.name) for b in d.bureaus}
        self.bureau_ids = [b.id for b in d.bureaus]
        self.pools = {channel: [p.id for p in people] for channel, people in d.proposers.items()}
        self.current_year = d.current["cppcc"].year
        self.index_format = publication_settings.get("publication.index_format")
        for name in self.order:
            if "id" in self.tables[name].c:
                self.next_id[name] = (db.session.execute(select(func.max(self.tables[name].c.id))).scalar() or 0) + 1
        for row in db.session.execute(select(Counter)).scalars():
            self.series[row.scope] = row.value

    def load(self, proposal_ids: list[int]) -> dict[str, list[dict]]:
        """The rows of one template, by table."""
        found: dict[str, list[dict]] = {}
        reply_ids = []
        for name in self.order:
            table = self.tables[name]
            if name in BY_PROPOSAL:
                column = table.c.id if name == "proposals" else table.c.proposal_id
                query = select(table).where(column.in_(proposal_ids))
            else:
                query = select(table).where(table.c.reply_id.in_(reply_ids))
            found[name] = [dict(r._mapping) for r in db.session.execute(query.order_by(*table.primary_key.columns))]
            if name == "replies":
                reply_ids = [r["id"] for r in found[name]]
        return found

    def copy(self, template: dict[str, list[dict]], where: Copy) -> None:
        ids: dict[str, dict[int, int]] = {}
        for name in self.order:
            if "id" in self.tables[name].c:
                ids[name] = {}
                for row in template[name]:
                    ids[name][row["id"]] = self.next_id[name]
                    self.next_id[name] += 1
        for name in self.order:
            for row in template[name]:
                self.pending[name].append(self._copied(name, row, ids, where))

    def _plan(self, name: str) -> list[tuple[str, str, str | None]]:
        """What copying does to each column of a table: (column, action, referenced table)."""
        if name not in self.plans:
            plan = []
            for column in self.tables[name].c:
                target = next(iter(column.foreign_keys)).column.table.name if column.foreign_keys else None
                if column.name == "id" and "id" in self.tables[name].c and name in self.next_id:
                    plan.append((column.name, "id", name))
                elif target in self.next_id:
                    plan.append((column.name, "copied", target))
                elif target in ("users", "bureaus", "sessions"):
                    plan.append((column.name, target, None))
                elif _is_time(column.type):
                    plan.append((column.name, "time", None))
            self.plans[name] = plan
        return self.plans[name]

    def _copied(self, name: str, row: dict, ids: dict, where: Copy) -> dict:
        new = dict(row)
        for column, action, target in self._plan(name):
            value = row[column]
            if value is None:
                continue
            if action == "id":
                new[column] = ids[name][value]
            elif action == "copied":
                new[column] = ids[target].get(value, value)
            elif action == "users":
                new[column] = self._user(value, where)
            elif action == "bureaus":
                new[column] = where.bureaus.get(value, value)
            elif action == "sessions":
                new[column] = self.sessions[(where.year, self.session_of[value][0])]
            else:
                new[column] = value + where.shift
        fix = getattr(self, f"_fix_{name}", None)
        if fix is not None:
            fix(new)
        return new

    def _user(self, user_id: int, where: Copy) -> int:
        if user_id in where.proposers:
            return where.proposers[user_id]
        role = self.user_role.get(user_id)
        if role is None:
            return user_id  # the office, an admin
        kind, bureau_id = role
        return self.by_bureau[(kind, where.bureaus.get(bureau_id, bureau_id))]

    def _draw(self, scope: str) -> int:
        self.series[scope] = self.series.get(scope, 0) + 1
        return self.series[scope]

    def _fix_proposals(self, row: dict) -> None:
        row["title"] = self.rng.choice(TOPIC_TITLES).format(t=self.writer.topic()[0])
        if row["number"] is None:
            return
        channel, fmt = self.session_of[row["session_id"]]
        delegation = row["group_prefix"]
        n = self._draw(numbering.counter_scope(row["session_id"], channel, fmt, delegation))
        row["number_seq"], row["number"] = n, numbering.format_number(fmt, n, delegation)

    def _fix_replies(self, row: dict) -> None:
        if row["doc_number"] is None:
            return
        prefix_cppcc, prefix_npc, _code, _name = self.bureau_of[row["bureau_id"]]
        row["doc_prefix"] = prefix_cppcc if row["doc_prefix"].endswith("提") else prefix_npc
        year = row["approved_at"].year
        n = self._draw(docnumber.counter_scope(row["bureau_id"], row["doc_prefix"], year))
        row["doc_year"], row["doc_seq"] = year, n
        row["doc_number"] = docnumber.format_doc_number(row["doc_prefix"], year, n)

    def _fix_publications(self, row: dict) -> None:
        year = row["published_at"].year
        _prefix, _prefix_npc, credit_code, name = self.bureau_of[row["bureau_id"]]
        n = self._draw(index_number.counter_scope(row["bureau_id"], year))
        row["year"], row["serial"] = year, n
        row["index_number"] = index_number.format_index_number(self.index_format, credit_code, year, n)
        row["publisher"] = name
        row["title"], row["salutation"], row["body"] = self.writer.letter(n, row["channel"])

    def flush(self) -> None:
        for name in self.order:
            rows = self.pending.pop(name, [])
            if rows:
                db.session.execute(insert(self.tables[name]), rows)
        db.session.commit()

    def finish(self) -> None:
        """Counters continue after the numbers drawn; PostgreSQL's id sequences after the ids;
        the stored work list holds the copies' tasks (their rows bypassed the session)."""
        self.flush()
        work_tasks.rebuild(db.session)
        existing = {c.scope: c for c in db.session.execute(select(Counter)).scalars()}
        for scope, value in self.series.items():
            if scope in existing:
                existing[scope].value = value
            else:
                db.session.add(Counter(scope=scope, value=value))
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            for name in self.order:
                if "id" in self.tables[name].c:
                    db.session.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {name}))"
                    ))
            db.session.commit()


def _is_time(type_) -> bool:
    type_ = type_.impl if isinstance(type_, TypeDecorator) else type_
    return isinstance(type_, Date | DateTime)


# --- a whole world --------------------------------------------------------------------------------

@dataclass
class World:
    directory: Directory
    templates: dict[str, list[int]]
    years: int
    items: int  # proposals written, the templates' own included


def start(now: datetime, *, bureaus: int = 20, proposers: int = 100, years: int = 10,
          password: str = "secret-pw") -> World:
    """The directory and one item of each template."""
    from bench.pages_templates import build_all

    d = directory(now, bureaus=bureaus, proposers=proposers, years=years, password=password)
    templates = build_all(d, now)
    return World(d, templates, years, sum(len(ids) for ids in templates.values()))


def cloner_for(world: World, rng: random.Random) -> Cloner:
    from bench.search_bench import Writer

    cloner = Cloner(world.directory, rng, writer=Writer(rng))
    cloner.loaded = {name: cloner.load(ids) for name, ids in world.templates.items()}
    return cloner


def _place(world: World, cloner: Cloner, name: str, years_back: int) -> None:
    """One copy of a template, `years_back` sessions ago."""
    rng = cloner.rng
    people = {}
    for pool in cloner.pools.values():
        first = rng.randrange(len(pool))
        people |= {old: pool[(first + i) % len(pool)] for i, old in enumerate(pool[:2])}
    chosen = rng.sample(cloner.bureau_ids, 3)
    shift = -(years_back * YEAR) - rng.randint(0, 21) * timedelta(days=1)
    cloner.copy(cloner.loaded[name], Copy(cloner.current_year - years_back, shift,
                                          dict(zip(cloner.bureau_ids[:3], chosen, strict=True)), people))
    world.items += len(world.templates[name])


def fill(world: World, cloner: Cloner, items: int, progress=None) -> None:
    """Copies drawn by the templates' weights until there are `items` proposals: a tenth of them
    (one session in `years`) in the current session, the others, finished, in earlier ones."""
    from bench.pages_templates import TEMPLATES

    rng = cloner.rng
    names = [t.name for t in TEMPLATES]
    current, past = [t.current for t in TEMPLATES], [t.past for t in TEMPLATES]
    while world.items < items:
        years_back = rng.randint(1, world.years - 1) if rng.random() >= 1 / world.years else 0
        _place(world, cloner, rng.choices(names, past if years_back else current)[0], years_back)
        if sum(len(rows) for rows in cloner.pending.values()) > 20_000:
            cloner.flush()
            if progress:
                progress(world.items)
    cloner.finish()


def add_copies(world: World, cloner: Cloner, copies: int) -> None:
    """`copies` more of every template in the current session, and of every finished one in the
    session before: every kind of row on every list, for the statement-count tests."""
    from bench.pages_templates import TEMPLATES

    for template in TEMPLATES:
        for _ in range(copies):
            _place(world, cloner, template.name, 0)
            if template.past and world.years > 1:
                _place(world, cloner, template.name, 1)
    cloner.finish()


def build(items: int, now: datetime, *, seed: int = 20261206, progress=None, **kw) -> World:
    """A database of about `items` proposals: the templates, then copies of them."""
    world = start(now, **kw)
    fill(world, cloner_for(world, random.Random(seed)), items, progress)
    return world


def analyze() -> None:
    """Statistics for the planner (autovacuum is off on the benchmark machine)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
