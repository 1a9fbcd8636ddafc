"""A fake Aliyun SMS endpoint: a real HTTP server on loopback, in a thread.

It checks each request's signature as Aliyun does (recomputed from the parameters with the
secret), answers in Aliyun's JSON, and keeps the messages it accepted. `stop()` closes the port
(the gateway is down: connections are refused) and `start()` opens it again on the same port;
`answer_with(status, code)` makes it refuse with an error until `answer_with(200, "OK")`.
"""
from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from tests.smtp_sink import free_port
from workflow.sms.aliyun import sign

KEY_ID, SECRET = "test-key-id", "test-secret"


class FakeAliyun:
    def __init__(self, port: int | None = None):
        self.host, self.port = "127.0.0.1", port or free_port()
        self.accepted: list[dict] = []
        self.requests = 0
        self.status, self.code = 200, "OK"
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self.start()

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def start(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                fake._handle(self)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def answer_with(self, status: int, code: str) -> None:
        self.status, self.code = status, code

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        params = dict(parse_qsl(urlsplit(request.path).query, keep_blank_values=True))
        signature = params.pop("Signature", None)
        with self._lock:
            self.requests += 1
            if signature != sign(SECRET, params) or params.get("AccessKeyId") != KEY_ID:
                status, body = 400, {"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched"}
            elif self.status != 200 or self.code != "OK":
                status, body = self.status, {"Code": self.code, "Message": "refused by the test"}
            else:
                biz_id = uuid.uuid4().hex[:20]
                self.accepted.append({**params, "BizId": biz_id})
                status, body = 200, {"Code": "OK", "Message": "OK", "BizId": biz_id, "RequestId": uuid.uuid4().hex}
        payload = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json;charset=utf-8")
        request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        request.wfile.write(payload)

    def out_ids(self) -> list[str]:
        return [m.get("OutId") for m in self.accepted]
