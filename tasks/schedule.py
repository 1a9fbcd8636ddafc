"""Every periodic job, listed once."""
from datetime import timedelta

BEAT_SCHEDULE = {
    "heartbeat": {"task": "tasks.heartbeat.beat", "schedule": timedelta(minutes=1)},
}
