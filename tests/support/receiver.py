"""A local webhook receiver on 127.0.0.1 that verifies every request with `standardwebhooks`.

Its answers are scripted: `plan(attempt, webhook_id)` returns (status, headers) for the
`attempt`-th request carrying that webhook id; the default acknowledges everything. Every
request is recorded, and an acknowledged one counts as seen by the receiver.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

Plan = Callable[[int, str], tuple[int, dict[str, str]]]
SECRET = "whsec_" + "bmV3c21vbi10ZXN0LXNpZ25pbmcta2V5LTEyMzQ1Ng=="  # our own test key


def acknowledge(attempt: int, webhook_id: str) -> tuple[int, dict[str, str]]:
    return 200, {}


@dataclass
class Received:
    webhook_id: str
    alert_id: str | None
    status: int
    at: float
    body: dict[str, Any] | None


@dataclass
class Receiver:
    secret: str = SECRET
    plan: Plan = acknowledge
    delay_s: float = 0.0
    requests: list[Received] = field(default_factory=list)
    bad_signatures: int = 0
    _attempts: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {k: v for k, v in self.headers.items()}
                receiver._handle(self, body, headers)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handle(
        self, handler: BaseHTTPRequestHandler, body: bytes, headers: dict[str, str]
    ) -> None:
        if self.delay_s:
            time.sleep(self.delay_s)
        webhook_id = headers.get("webhook-id", "")
        try:
            payload = Webhook(self.secret).verify(body, headers)
        except WebhookVerificationError:
            with self._lock:
                self.bad_signatures += 1
            status, extra = 401, {}
            payload = None
        else:
            with self._lock:
                self._attempts[webhook_id] += 1
                attempt = self._attempts[webhook_id]
            status, extra = self.plan(attempt, webhook_id)
        with self._lock:
            alert_id = payload.get("id") if isinstance(payload, dict) else None
            self.requests.append(Received(webhook_id, alert_id, status, time.time(), payload))
        handler.send_response(status)
        for name, value in extra.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def acknowledged(self) -> list[Received]:
        with self._lock:
            return [r for r in self.requests if 200 <= r.status < 300]

    def acknowledged_ids(self) -> Counter[str]:
        return Counter(r.alert_id for r in self.acknowledged() if r.alert_id)

    def wait_for(self, alert_ids: set[str], timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if alert_ids <= set(self.acknowledged_ids()):
                return
            time.sleep(0.1)
        missing = alert_ids - set(self.acknowledged_ids())
        raise AssertionError(
            f"{len(missing)} alerts never acknowledged, e.g. {sorted(missing)[:3]}"
        )


class JsonCollector:
    """A plain HTTP endpoint for Apprise's json:// target: records each JSON body it gets."""

    @classmethod
    def on_port(cls, port: int) -> JsonCollector:
        return cls(port)

    def __init__(self, port: int = 0) -> None:
        self.bodies: list[dict[str, Any]] = []
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                collector.bodies.append(json.loads(body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
