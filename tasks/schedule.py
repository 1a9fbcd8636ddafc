"""Every periodic job, listed once."""
from datetime import timedelta

BEAT_SCHEDULE = {
    "heartbeat": {"task": "tasks.heartbeat.beat", "schedule": timedelta(minutes=1)},
    # Reminders: find reached thresholds (catching up once after downtime) and send their rows.
    "deadline-sweep": {"task": "tasks.notifications.sweep", "schedule": timedelta(minutes=2)},
    # Pending rows whose message a broker or a worker lost are sent again from the database (its
    # interval is NOTIFY_REQUEUE_EVERY_SECONDS; this is the default).
    "notification-requeue": {"task": "tasks.notifications.requeue", "schedule": timedelta(minutes=1)},
}
