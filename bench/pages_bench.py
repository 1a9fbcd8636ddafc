"""Page benchmark (issue 13): the pages of each role over 10,000 and 100,000 items on PostgreSQL,
each page's median and 95th percentile beside a bare endpoint of the same app, in the same run.

    .venv/bin/python bench/pages_bench.py                        # pages_10000 and pages_100000
    .venv/bin/python bench/pages_bench.py --sizes 1000,10000 --rounds 30
    .venv/bin/python bench/pages_bench.py --base postgresql+psycopg://postgres@127.0.0.1:5432/pages --fresh
    .venv/bin/python bench/pages_bench.py --build-only               # build (or check) the databases only
    .venv/bin/python bench/pages_bench.py --pages "work list"        # only the pages so labelled

Each size has its own database, `<base>_<size>` (created with LC_CTYPE C.UTF-8 when missing; its
schema is dropped and rebuilt when it does not hold that many items, or with --fresh): point
--base at a scratch server or name. The items are bench/pages_data.py's (ten sessions, twenty
bureaus, a hundred members and a hundred deputies; one item in each stage of its life built
through the real services, then copied), followed by VACUUM ANALYZE, as autovacuum is off on the
benchmark machine.

The app runs in this process: the real WSGI app (create_app, production config, every hook,
template and query) called through Werkzeug's test client, one request at a time, logged in as
each role once. With --http, each size's app runs in gunicorn instead (gunicorn.conf.py, one sync
worker) and the pages are asked over HTTP on loopback, a new connection each, as a browser asks
them; statements are then not counted. The sizes' apps are asked in turn, page by page (10k, 100k, 100k, 10k, …), so
load from elsewhere on the machine weighs on both alike; each round also asks the bare endpoint
(/robots.txt, a fixed text that reads no table) of each app. Each page is asked once untimed first.
The script prints a Markdown table and, with --json, writes every timing.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.search_bench import ensure_postgresql_database, machine, p95  # noqa: E402

BARE = ("/robots.txt", None)
# (label, url, reader): reader None is the public; "api:<user>" calls with a bearer token.
PAGES = [
    ("office work list", "/", "office"),
    ("office work list, overdue only", "/?overdue=1", "office"),
    ("office /proposals/ page 1", "/proposals/", "office"),
    ("office /proposals/ search", "/proposals/?q=养老", "office"),
    ("office /proposals/ search, no match", "/proposals/?q=托育", "office"),
    ("office /office/figures", "/office/figures", "office"),
    ("office /bureau/assignments", "/bureau/assignments", "office"),
    ("office /publishing/", "/publishing/", "office"),
    ("clerk work list", "/", "clerk00"),
    ("clerk /bureau/assignments", "/bureau/assignments", "clerk00"),
    ("leader work list", "/", "approver00"),
    ("member work list", "/", "member000"),
    ("member /proposals/", "/proposals/", "member000"),
    ("clerk /notifications/", "/notifications/", "clerk00"),
    ("public search ?q=税", "/public/?q=税", None),
    ("public search ?q=小微企业", "/public/?q=小微企业", None),
    ("public list", "/public/", None),
    ("admin /admin/users", "/admin/users", "admin"),
    ("API /api/v1/proposals", "/api/v1/proposals", "api:office"),
]


def make_app(url: str):
    os.environ.setdefault("WORKFLOW_VAR_DIR", str(ROOT / "var" / "bench"))
    from config import Config
    from workflow import create_app

    # Logins from one address, without a form page first: no throttle, no CSRF token for the
    # login POST. The pages measured are GETs, which neither touches.
    return create_app(Config, SQLALCHEMY_DATABASE_URI=url, RATELIMIT_STORAGE_URI="memory://",
                      RATELIMIT_ENABLED=False, LOGIN_LIMIT="10000 per minute", WTF_CSRF_ENABLED=False)


def prepare(app, size: int, fresh: bool) -> dict:
    """Build the database when it does not hold `size` items; answer how it looks."""
    from flask_migrate import upgrade
    from sqlalchemy import func, inspect, select, text

    from bench import pages_data
    from workflow.extensions import db
    from workflow.models import Proposal

    with app.app_context():
        have = -1
        if inspect(db.engine).has_table("proposals"):
            have = db.session.execute(select(func.count(Proposal.id))).scalar_one()
        built = 0.0
        if fresh or have < size or have > size * 1.05:
            db.session.remove()
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            upgrade(directory=str(ROOT / "migrations"), revision="heads")
            from workflow.services import calendar

            now = datetime.now(UTC)
            calendar.seed(now)
            started = time.perf_counter()
            pages_data.build(size, now, password="bench",
                             progress=lambda n: print(f"\r  {size:,}: {n:,} items", end="", flush=True))
            print()
            pages_data.analyze()
            built = time.perf_counter() - started
        counts = {t: db.session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                  for t in ("proposals", "assignments", "clocks", "events", "replies", "publications",
                            "notifications")}
        db.session.remove()
    return {"rows": counts, "built_seconds": round(built, 1)}


class Reader:
    """A logged-in client of one app, and its statement counter."""

    def __init__(self, app):
        from sqlalchemy import event

        from workflow.extensions import db

        self.app, self.clients, self.statements = app, {}, 0
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", self._count)

    def _count(self, *_args):
        self.statements += 1

    def client(self, reader: str | None):
        if reader not in self.clients:
            self.clients[reader] = self._login(reader)
        return self.clients[reader]

    def _login(self, reader):
        client, headers = self.app.test_client(), {}
        if reader is None:
            return client, headers
        if reader.startswith("api:"):
            response = client.post("/api/v1/auth/token", json={"username": reader[4:], "password": "bench"})
            headers = {"Authorization": f"Bearer {response.get_json()['token']}"}
            return client, headers
        response = client.post("/login", data={"username": reader, "password": "bench"})
        assert response.status_code == 302, (reader, response.status_code)
        return client, headers

    def get(self, url: str, reader: str | None) -> tuple[float, int, int, int]:
        client, headers = self.client(reader)
        before = self.statements
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        took = time.perf_counter() - started
        assert response.status_code == 200, (url, reader, response.status_code)
        return took, self.statements - before, len(response.data), response.status_code


class HttpReader:
    """Logged-in HTTP clients of one gunicorn serving one size's database."""

    def __init__(self, url: str, port: int):
        from types import SimpleNamespace

        from bench import serve_bench

        self.base, self.clients, self.serve_bench = f"http://127.0.0.1:{port}", {}, serve_bench
        self.server = serve_bench.start(SimpleNamespace(database=url, redis="redis://127.0.0.1:6379/3", port=port),
                                        "sync", 1, 1)

    def close(self) -> None:
        self.serve_bench.stop(self.server)

    def client(self, reader: str | None):
        if reader not in self.clients:
            if reader and reader.startswith("api:"):
                body = json.dumps({"username": reader[4:], "password": "bench"}).encode()
                request = urllib.request.Request(self.base + "/api/v1/auth/token", body,
                                                 {"Content-Type": "application/json"})
                token = json.loads(urllib.request.urlopen(request, timeout=60).read())["token"]
                self.clients[reader] = (urllib.request.build_opener(), {"Authorization": f"Bearer {token}"})
            else:
                self.clients[reader] = (self.serve_bench.signed_in(self.base, reader), {})
        return self.clients[reader]

    def get(self, url: str, reader: str | None) -> tuple[float, int, int, int]:
        opener, headers = self.client(reader)
        request = urllib.request.Request(self.base + urllib.parse.quote(url, safe="/?=&"), headers=headers)
        started = time.perf_counter()
        with opener.open(request, timeout=60) as response:
            body = response.read()
        took = time.perf_counter() - started
        assert response.status == 200, (url, reader, response.status)
        return took, -1, len(body), response.status


def measure(readers: dict, rounds: int, pages: list) -> dict:
    sizes = list(readers)
    results = {size: {label: {"times": [], "statements": 0, "bytes": 0} for label, _u, _r in pages + [("bare",) + BARE]}
               for size in sizes}
    for _label, url, reader in pages + [("bare",) + BARE]:
        for size in sizes:
            readers[size].get(url, reader)  # untimed: the first request loads what a process keeps
    for n in range(rounds):
        order = sizes if n % 2 == 0 else sizes[::-1]
        for label, url, reader in pages:
            for size in order:
                for page_label, page_url, page_reader in ((label, url, reader), ("bare",) + BARE):
                    took, statements, size_bytes, _status = readers[size].get(page_url, page_reader)
                    entry = results[size][page_label]
                    entry["times"].append(took)
                    entry["statements"], entry["bytes"] = statements, size_bytes
    return results


def summary(results: dict, pages: list) -> list[dict]:
    rows = []
    sizes = list(results)
    for label, url, reader in pages + [("bare",) + BARE]:
        row = {"page": label, "url": url, "reader": reader or "public"}
        for size in sizes:
            entry = results[size][label]
            bare = statistics.median(results[size]["bare"]["times"])
            row[size] = {
                "p50_ms": round(statistics.median(entry["times"]) * 1000, 1),
                "p95_ms": round(p95(entry["times"]) * 1000, 1),
                "x_bare": round(statistics.median(entry["times"]) / bare, 1),
                "statements": entry["statements"], "kb": round(entry["bytes"] / 1024, 1),
            }
        if len(sizes) > 1:
            row["ratio"] = round(row[sizes[-1]]["p50_ms"] / row[sizes[0]]["p50_ms"], 2)
        rows.append(row)
    return rows


def markdown(rows: list[dict], sizes: list[int]) -> str:
    head = "| page | " + " | ".join(f"{s:,} items p50 / p95 (× bare, statements)" for s in sizes)
    head += " | ratio |" if len(sizes) > 1 else " |"
    lines = [head, "|" + "---|" * (len(sizes) + 1 + (len(sizes) > 1))]
    for row in rows:
        cells = [f"{row[s]['p50_ms']} / {row[s]['p95_ms']} ms ({row[s]['x_bare']}×, "
                 f"{row[s]['statements'] if row[s]['statements'] >= 0 else 'n/a'})" for s in sizes]
        tail = f" | {row['ratio']} |" if len(sizes) > 1 else " |"
        lines.append(f"| {row['page']} | " + " | ".join(cells) + tail)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="postgresql+psycopg://postgres@127.0.0.1:5432/pages")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--json")
    parser.add_argument("--build-only", action="store_true", help="build the databases, measure nothing")
    parser.add_argument("--http", action="store_true", help="ask a gunicorn of each size over HTTP")
    parser.add_argument("--port", type=int, default=5110, help="with --http: the first size's port")
    parser.add_argument("--pages", help="only the pages whose label holds one of these comma-separated words")
    args = parser.parse_args()
    pages = [p for p in PAGES if not args.pages or any(word in p[0] for word in args.pages.split(","))]
    sizes = [int(s) for s in args.sizes.split(",")]
    readers, built = {}, {}
    for size in sizes:
        url = f"{args.base}_{size}"
        ensure_postgresql_database(url)
        app = make_app(url)
        built[size] = prepare(app, size, args.fresh)
        readers[size] = Reader(app)
        print(f"{size:,}: {built[size]}")
    if args.build_only:
        return
    if args.http:
        readers = {size: HttpReader(f"{args.base}_{size}", args.port + n) for n, size in enumerate(sizes)}
    load_before = os.getloadavg()
    started = time.perf_counter()
    try:
        results = measure(readers, args.rounds, pages)
    finally:
        for reader in readers.values():
            if isinstance(reader, HttpReader):
                reader.close()
    rows = summary(results, pages)
    print(f"\n{machine()}; load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f}; "
          f"{args.rounds} rounds in {time.perf_counter() - started:.0f} s\n")
    print(markdown(rows, sizes))
    if args.json:
        Path(args.json).write_text(json.dumps({"sizes": sizes, "built": built, "rows": rows, "raw": {
            str(size): {label: entry["times"] for label, entry in by_page.items()} for size, by_page in results.items()
        }}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
