"""Serving benchmark (issue 13): gunicorn worker classes and counts under a short mixed load —
members, clerks, leaders, the office and the public — stepping the number of concurrent users.

    .venv/bin/python bench/serve_bench.py                         # sync ×4 and gthread 2×8, 10 and 50 users
    .venv/bin/python bench/serve_bench.py --configs gthread:2:8 --steps 10,25,50 --seconds 30
    .venv/bin/python bench/serve_bench.py --database postgresql+psycopg://postgres@127.0.0.1:5432/serve_bench_1000

The database is one bench/pages_bench.py builds (`--build-only --sizes 1000 --base …/serve_bench`;
its users' password is "bench"). For each configuration (class:workers:threads) gunicorn starts
with gunicorn.conf.py on --port, the users log in (each its own cookie), and every user asks, in
a closed loop without think time, the pages of its role in turn. Each step lasts --seconds; the
script prints requests per second, p50/p95/p99 per request type, errors, and the load average.
Logins are throttled per address in production: the run raises LOGIN_LIMIT for itself.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# role -> (login, pages); None logs in as nobody (the public)
ROLES = {
    "member": ("member000", ["/", "/proposals/"]),
    "clerk": ("clerk00", ["/", "/bureau/assignments"]),
    "leader": ("approver00", ["/"]),
    "office": ("office", ["/", "/proposals/", "/office/figures"]),
    "public": (None, ["/public/", "/public/?q=税", "/robots.txt"]),
}
# of every 10 users: 3 members, 2 clerks, 1 leader, 1 office, 3 public
MIX = ["member", "public", "clerk", "member", "public", "office", "clerk", "member", "public", "leader"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="postgresql+psycopg://postgres@127.0.0.1:5432/serve_bench_1000")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--port", type=int, default=5103)
    parser.add_argument("--configs", default="sync:4:1,gthread:2:8")
    parser.add_argument("--steps", default="10,50")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--json")
    args = parser.parse_args()
    print(f"# {os.cpu_count()} cores; load average before: {load()}")
    results = []
    for config in args.configs.split(","):
        kind, workers, threads = config.split(":")
        server = start(args, kind, int(workers), int(threads))
        try:
            for users in [int(s) for s in args.steps.split(",")]:
                result = step(args.port, users, args.seconds)
                result.update(config=config, users=users, load=load())
                results.append(result)
                report(result)
        finally:
            stop(server)
        if server.crashes:
            print(f"  {config}: worker deaths in the log: {server.crashes}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


class Server:
    def __init__(self, process: subprocess.Popen):
        self.process, self.log, self.crashes = process, [], 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.log.append(line)
            # a worker killed by a signal other than the TERM this script sends at the end
            if "SIGSEGV" in line or "Segmentation fault" in line or "Fatal Python error" in line or \
                    ("Worker" in line and "was sent" in line and "SIGTERM" not in line):
                self.crashes += 1
                print("  worker death:", line.rstrip())


def start(args, kind: str, workers: int, threads: int) -> Server:
    env = {**os.environ, "DATABASE_URL": args.database, "REDIS_URL": args.redis, "LOGIN_LIMIT": "100000 per minute",
           "LOGIN_BACKOFF": "100000 per minute", "GUNICORN_WORKER_CLASS": kind, "GUNICORN_WORKERS": str(workers),
           "GUNICORN_THREADS": str(threads), "GUNICORN_ACCESSLOG": "", "BASE_URL": f"http://127.0.0.1:{args.port}",
           "WORKFLOW_VAR_DIR": str(ROOT / "var" / "serve-bench")}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{args.port}",
         "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    server = Server(process)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/robots.txt", timeout=5).read()
            return server
        except OSError:
            time.sleep(0.5)
    stop(server)
    raise SystemExit("gunicorn did not start:\n" + "".join(server.log[-30:]))


def stop(server: Server) -> None:
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)


def signed_in(base: str, username: str | None) -> urllib.request.OpenerDirector:
    """An opener with its own cookies, logged in through the login form as `username` (password
    "bench"); None: the public."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    if username:
        form = opener.open(base + "/login", timeout=60).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
        data = {"username": username, "password": "bench"}
        if token:
            data["csrf_token"] = token.group(1)
        opener.open(base + "/login", urllib.parse.urlencode(data).encode(), timeout=60).read()
    return opener


class User:
    def __init__(self, port: int, role: str):
        self.base, self.role = f"http://127.0.0.1:{port}", role
        username, self.pages = ROLES[role]
        self.opener = signed_in(self.base, username)

    def ask(self, path: str) -> int:
        try:
            with self.opener.open(self.base + urllib.parse.quote(path, safe="/?=&"), timeout=60) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            return 0


def step(port: int, users: int, seconds: float) -> dict:
    people = [User(port, MIX[i % len(MIX)]) for i in range(users)]
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def run(user: User):
        n = 0
        while time.monotonic() < stop_at:
            path = user.pages[n % len(user.pages)]
            n += 1
            started = time.perf_counter()
            status = user.ask(path)
            took = time.perf_counter() - started
            key = f"{user.role} {path}"
            with lock:
                timings[key].append(took)
                if status != 200:
                    errors[f"{key} {status}"] += 1

    threads = [threading.Thread(target=run, args=(u,)) for u in people]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    every = [x for xs in timings.values() for x in xs]
    return {
        "requests": len(every), "per_second": len(every) / elapsed, "p50": pct(every, 50), "p95": pct(every, 95),
        "p99": pct(every, 99), "errors": dict(errors),
        "types": {k: {"n": len(v), "p50": pct(v, 50), "p95": pct(v, 95), "p99": pct(v, 99)}
                  for k, v in sorted(timings.items())},
    }


def pct(values: list[float], p: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def report(r: dict) -> None:
    print(f"{r['config']}, {r['users']} users: {r['per_second']:.1f} req/s, p50 {r['p50'] * 1000:.0f} ms, "
          f"p95 {r['p95'] * 1000:.0f} ms, p99 {r['p99'] * 1000:.0f} ms, errors {sum(r['errors'].values())}, "
          f"load {r['load']}")
    for name, t in r["types"].items():
        print(f"    {name:32} n={t['n']:5}  p50 {t['p50'] * 1000:6.0f}  p95 {t['p95'] * 1000:6.0f}  "
              f"p99 {t['p99'] * 1000:6.0f} ms")
    if r["errors"]:
        print(f"    errors: {r['errors']}")


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
