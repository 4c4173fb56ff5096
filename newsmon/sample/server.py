"""Serve the sample feed on 127.0.0.1 from a background thread.

It answers conditional GETs like a well-behaved publisher (ETag, Last-Modified, 304), so a
demo also shows the connector's polite side.
"""

from __future__ import annotations

import hashlib
import threading
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from types import TracebackType

FEED_PATH = "/feed.xml"


def sample_feed_bytes() -> bytes:
    return resources.files(__package__).joinpath("sample_feed.xml").read_bytes()


class _SampleFeedHandler(BaseHTTPRequestHandler):
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] != FEED_PATH:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        if self.headers.get("If-None-Match") == self.etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", self.etag)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.send_header("ETag", self.etag)
        self.send_header("Last-Modified", self.last_modified)
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the demo's terminal is for alerts."""


class SampleFeedServer:
    """`with SampleFeedServer() as server: server.url` serves the sample feed or `body`."""

    def __init__(self, port: int = 0, body: bytes | None = None) -> None:
        body = sample_feed_bytes() if body is None else body
        handler = type(
            "SampleFeedHandler",
            (_SampleFeedHandler,),
            {
                "body": body,
                "etag": '"' + hashlib.sha256(body).hexdigest()[:16] + '"',
                "last_modified": formatdate(usegmt=True),
            },
        )
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{FEED_PATH}"

    def start(self) -> SampleFeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SampleFeedServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
