"""Benchmark of text message delivery (not a test; see BENCHMARKS.md).

Writes N notification rows whose text message is pending (one proposal, one clerk with a mobile)
in a scratch SQLite file, then delivers them in batches of NOTIFY_BATCH through the Aliyun
adapter to the fake Aliyun server of the tests (tests/sms_gateway.py: a threaded HTTP server on
loopback that checks each signature), and through the local gateway to a file. Several runs, each
from the same pending state; reports the median messages per second and checks that each message
arrived once.

    .venv/bin/python bench/sms_bench.py --rows 500 --runs 5
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, update  # noqa: E402

from config import TestConfig  # noqa: E402
from tests.sms_gateway import KEY_ID, SECRET, FakeAliyun  # noqa: E402
from workflow import create_app  # noqa: E402
from workflow.extensions import db  # noqa: E402
from workflow.models import Notification  # noqa: E402
from workflow.services import delivery, sms_delivery  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="smsbench"))

    class Bench(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{scratch / 'bench.db'}"
        SMS_LOCAL_FILE = str(scratch / "sms.jsonl")
        RATELIMIT_ENABLED = False

    app = create_app(Bench)
    with app.app_context():
        db.create_all()
        from tests.factories import World

        world = World()
        world.clerk.mobile, world.clerk.notify_sms = "13800138001", True
        db.session.commit()
        proposal = world.proposal("in_handling")
        template = db.session.execute(db.select(Notification).where(Notification.sms_state == "pending")).scalars().first()
        start = datetime.now(UTC)
        rows = [{"proposal_id": proposal.id, "assignment_id": template.assignment_id, "threshold": f"manual:{i}",
                 "recipient_id": world.clerk.id, "delivery": "single", "state": "skipped", "attempts": 0,
                 "next_attempt_at": start, "created_at": start, "sms_state": "pending", "sms_attempts": 0,
                 "sms_next_attempt_at": start} for i in range(args.rows)]
        db.session.execute(insert(Notification), rows)
        db.session.commit()
        ids = [i for i in db.session.execute(db.select(Notification.id).where(
            Notification.threshold.like("manual:%"))).scalars()]
        results = {}
        for gateway in ("aliyun", "local"):
            rates = []
            for _run in range(args.runs):
                fake = FakeAliyun()
                app.config.update(SMS_GATEWAY=gateway, SMS_ALIYUN_ENDPOINT=fake.endpoint,
                                  SMS_ALIYUN_ACCESS_KEY_ID=KEY_ID, SMS_ALIYUN_ACCESS_KEY_SECRET=SECRET,
                                  SMS_ALIYUN_TEMPLATES={"default": "SMS_1"})
                db.session.execute(update(Notification).where(Notification.id.in_(ids)).values(
                    sms_state="pending", sms_attempts=0, sms_next_attempt_at=start, sms_claimed_until=None))
                db.session.commit()
                if os.path.exists(Bench.SMS_LOCAL_FILE):
                    os.remove(Bench.SMS_LOCAL_FILE)
                began = time.perf_counter()
                sent = 0
                for chunk in delivery.chunks(ids, 50):
                    sent += len(sms_delivery.deliver(chunk, datetime.now(UTC) + timedelta(seconds=1)).sent)
                elapsed = time.perf_counter() - began
                arrived = len(fake.accepted) if gateway == "aliyun" else sum(1 for _ in open(Bench.SMS_LOCAL_FILE))
                assert sent == arrived == len(ids), (sent, arrived)
                fake.stop()
                rates.append(len(ids) / elapsed)
            results[gateway] = statistics.median(rates)
            print(f"{gateway}: {len(ids)} messages, median {results[gateway]:.0f} messages/s over {args.runs} runs "
                  f"(runs: {', '.join(f'{r:.0f}' for r in rates)})")


if __name__ == "__main__":
    main()
