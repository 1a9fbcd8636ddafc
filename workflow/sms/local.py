"""The local gateway: each message becomes a line of JSON in a file, and a log line. Admins read
the latest ones at /sms/phone (the demo's phone)."""
from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from collections import deque
from datetime import datetime
from pathlib import Path

from workflow.clock import utcnow
from workflow.domain.sms import signed
from workflow.sms import Message

log = logging.getLogger(__name__)
_lock = threading.Lock()


class LocalGateway:
    def __init__(self, path: str | os.PathLike, signature: str = ""):
        self.path, self.signature = Path(path), signature

    def send(self, message: Message) -> str:
        reference = uuid.uuid4().hex[:20]
        line = json.dumps({
            "at": utcnow().isoformat(timespec="seconds"), "mobile": message.mobile, "kind": message.kind,
            "text": signed(self.signature, message.body), "out_id": message.out_id, "reference": reference,
        }, ensure_ascii=False)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _lock, open(self.path, "a", encoding="utf-8") as file:  # one line per write: O_APPEND
            file.write(line + "\n")
        log.info("SMS to %s…%s: %s", message.mobile[:3], message.mobile[-2:], signed(self.signature, message.body))
        return reference


def latest(path: str | os.PathLike, limit: int = 50) -> list[dict]:
    """The last `limit` messages, newest first; none when the file does not exist yet."""
    try:
        with open(path, encoding="utf-8") as file:
            lines = deque(file, maxlen=limit)
    except FileNotFoundError:
        return []
    found = []
    for line in reversed(lines):
        try:
            message = json.loads(line)
            message["at"] = datetime.fromisoformat(message["at"])
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by a crash
        found.append(message)
    return found
