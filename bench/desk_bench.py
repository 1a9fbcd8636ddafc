"""The desk's sheets at size (issue 10): how long checking and importing a sheet of N proposals
typed in from paper takes, and how long the 提案建议一览表 of those N items takes to export.

    .venv/bin/python bench/desk_bench.py --sizes 200,500 --runs 3      # SQLite in $TMPDIR/deskbench
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_desk .venv/bin/python bench/desk_bench.py

Each run starts from an empty schema (built through the migrations) holding one session, two
bureaus, two members and an office user; the sheet's rows are numbered (so each is filed under its
number, its term counts stored for search) and split between the members. Medians are printed."""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def sheet(session_name: str, n: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    rows = book.active
    rows.append(["会次", "类型", "编号", "标题", "提出人", "联名人", "集体名称", "分类", "正文"])
    for i in range(1, n + 1):
        rows.append([session_name, "提案", f"第{i}号", f"关于完善第{i}项城市公共服务的提案", "m1" if i % 2 else "m2",
                     "m2" if i % 2 else "", "", "城建", f"一、现状\n我市第{i}项公共服务存在短板。\n二、建议\n加大投入，完善设施。"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run_once(app, n: int) -> tuple[float, float, float]:
    from flask_migrate import upgrade
    from sqlalchemy import text

    from workflow.desk.exports import build_proposals
    from workflow.extensions import db
    from workflow.models import Category, Session
    from workflow.services import calendar, proposal_import, users

    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(directory=str(ROOT / "migrations"), revision="heads")
        now = datetime.now(UTC)
        calendar.seed(now)
        session = Session(channel="cppcc", name="测试市政协十一届四次会议", term=11, meeting=4, year=2026,
                          number_format="第{n}号")
        db.session.add_all([session, Category(channel="cppcc", name="城建")])
        db.session.commit()
        office = users.create_user("office", "bench-password-1", ["office"], now, name="办公室")
        for name in ("m1", "m2"):
            users.create_user(name, "bench-password-1", ["proposer"], now, channel="cppcc", name=name)
        content = sheet(session.name, n)
        t0 = time.perf_counter()
        assert proposal_import.check(office, content).ok
        t1 = time.perf_counter()
        assert len(proposal_import.import_sheet(office, content, now)) == n
        t2 = time.perf_counter()
        build_proposals(office, {}, now)
        t3 = time.perf_counter()
        db.session.remove()
    return t1 - t0, t2 - t1, t3 - t2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,500")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scratch = Path(tempfile.gettempdir()) / "deskbench"
    scratch.mkdir(exist_ok=True)
    os.environ.setdefault("WORKFLOW_VAR_DIR", str(scratch))
    from config import Config
    from workflow import create_app

    url = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch / 'desk.db'}"
    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url, ENQUEUE_TASKS=False, RATELIMIT_STORAGE_URI="memory://",
                     CELERY_BROKER_URL=f"sqla+sqlite:///{scratch / 'broker.db'}", UPLOAD_DIR=str(scratch / "up"))
    print(f"database: {url.split('@')[-1]}  load: {os.getloadavg()}")
    for n in (int(s) for s in args.sizes.split(",")):
        times = [run_once(app, n) for _ in range(args.runs)]
        check, save, export = (statistics.median(t[i] for t in times) for i in range(3))
        print(f"{n} rows: check {check:.2f}s, import {save:.2f}s ({save / n * 1000:.0f} ms/row), "
              f"export {export:.2f}s  (medians of {args.runs})")


if __name__ == "__main__":
    main()
