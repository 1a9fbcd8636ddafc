"""A real SMTP server on loopback (aiosmtpd) that keeps what it accepts.

`stop()` and `start()` again on the same port simulate a mail server that is down for a while;
`stall_on(n)` makes the n-th conversation hang at MAIL FROM until `release()`, so a test can
kill a sender in the middle of sending; `on_accept(n)` is called after the n-th message is
stored and before the server answers 250 (a test cuts the sender's database connections there).
A message counts as delivered only when the server answered 250 to its DATA, as a real mail
server would.
"""
from __future__ import annotations

import asyncio
import importlib.machinery
import importlib.util
import socket
import sys
import threading
import time
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default


def _import_controller():
    """aiosmtpd imports the `atpublic` distribution as `public`; a test package named `public`
    (tests/public, with tests/ on sys.path) would shadow it. Import aiosmtpd against the real one
    and leave sys.modules as it was."""
    previous = sys.modules.get("public")
    if previous is not None and hasattr(previous, "public"):
        from aiosmtpd.controller import Controller

        return Controller
    site = [p for p in sys.path if p.endswith("site-packages")]
    spec = importlib.machinery.PathFinder.find_spec("public", site)
    atpublic = importlib.util.module_from_spec(spec)
    sys.modules["public"] = atpublic
    try:
        spec.loader.exec_module(atpublic)
        from aiosmtpd.controller import Controller
    finally:
        for name in [n for n in sys.modules if n == "public" or n.startswith("public.")]:
            del sys.modules[name]
        if previous is not None:
            sys.modules["public"] = previous
    return Controller


Controller = _import_controller()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    def __init__(self, port: int | None = None):
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.messages: list[EmailMessage] = []
        self.conversations = 0
        self.refuse: set[str] = set()  # recipients answered with 550
        self.on_accept = None  # called with the count of accepted messages, before the 250
        self.stalled = threading.Event()
        self._stall_at: int | None = None
        self._released = threading.Event()
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    # lifecycle -----------------------------------------------------------------------------
    def start(self) -> SmtpSink:
        for _ in range(50):  # the port of a stopped server may take a moment to free
            try:
                self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)
                self._controller.start()
                return self
            except (OSError, RuntimeError):
                self._controller = None
                time.sleep(0.1)
        raise RuntimeError(f"could not listen on {self.host}:{self.port}")

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.release()
        self.stop()

    # stalling ------------------------------------------------------------------------------
    def stall_on(self, n: int) -> None:
        self._stall_at, self._released = n, threading.Event()
        self.stalled.clear()

    def release(self) -> None:
        self._released.set()

    # what arrived --------------------------------------------------------------------------
    def notification_ids(self) -> list[int]:
        """The notification ids of every accepted message, in order, with repeats."""
        found = []
        for message in self.snapshot():
            found += [int(i) for i in message["X-Workflow-Notifications"].split(",")]
        return found

    def snapshot(self) -> list[EmailMessage]:
        with self._lock:
            return list(self.messages)

    def wait_for(self, count: int, timeout: float = 20) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.snapshot()) >= count:
                return self.snapshot()
            time.sleep(0.05)
        raise AssertionError(f"expected {count} message(s), got {len(self.snapshot())}")

    def _accept(self, content: bytes) -> None:
        with self._lock:
            self.messages.append(message_from_bytes(content, policy=default))


class _Handler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        sink = self.sink
        with sink._lock:
            sink.conversations += 1
            number = sink.conversations
        if sink._stall_at == number:
            sink.stalled.set()
            released = sink._released
            while not released.is_set():
                await asyncio.sleep(0.05)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.sink.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.sink._accept(envelope.content)
        hook = self.sink.on_accept
        if hook is not None:
            await asyncio.get_running_loop().run_in_executor(None, hook, len(self.sink.snapshot()))
        return "250 Message accepted for delivery"
