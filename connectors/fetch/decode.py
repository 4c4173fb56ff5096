"""Incremental, bounded decoding of HTTP content codings (gzip, deflate, br, identity).

The cap applies to the decoded bytes and decompression never produces more than
`limit + 1` bytes of output, so a small "bomb" that would expand to gigabytes costs
at most the cap in memory before it is refused.
"""

from __future__ import annotations

import zlib
from typing import Protocol

import brotli

from connectors.fetch.errors import FeedError, FeedErrorKind

_STEP = 256 * 1024  # output produced per decompression call: bounds transient memory


class _Stage(Protocol):
    def feed(self, data: bytes, budget: int) -> list[bytes]:
        """Decode `data`; stop early once more than `budget` bytes came out."""
        ...

    def finish(self) -> list[bytes]: ...


class _Identity:
    def feed(self, data: bytes, budget: int) -> list[bytes]:
        return [data] if data else []

    def finish(self) -> list[bytes]:
        return []


def _is_zlib_header(head: bytes) -> bool:
    return len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


class _Zlib:
    """gzip (possibly multi-member) or deflate (zlib-wrapped, or raw as some servers send)."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._obj = zlib.decompressobj(31 if gzip else 15)
        self._started = gzip

    def feed(self, data: bytes, budget: int) -> list[bytes]:
        if not self._started and data:
            self._started = True
            if not _is_zlib_header(data):
                # RFC 9110 says deflate means zlib-wrapped; some servers send raw RFC 1951.
                self._obj = zlib.decompressobj(-15)
        out: list[bytes] = []
        produced = 0
        pending = data
        while pending and produced <= budget:
            try:
                chunk = self._obj.decompress(pending, _STEP)
            except zlib.error as exc:
                raise FeedError(FeedErrorKind.PROTOCOL, f"corrupt compressed body: {exc}") from exc
            out.append(chunk)
            produced += len(chunk)
            if self._obj.eof:
                rest = self._obj.unused_data.lstrip(b"\0")
                if not (self._gzip and rest):
                    break  # trailing garbage after a complete stream is ignored
                self._obj = zlib.decompressobj(31)  # next gzip member
                pending = rest
            else:
                pending = self._obj.unconsumed_tail
        return out

    def finish(self) -> list[bytes]:
        try:
            rest = self._obj.flush()
        except zlib.error as exc:
            raise FeedError(FeedErrorKind.PROTOCOL, f"corrupt compressed body: {exc}") from exc
        return [rest] if rest else []


class _Brotli:
    def __init__(self) -> None:
        self._obj = brotli.Decompressor()

    def feed(self, data: bytes, budget: int) -> list[bytes]:
        out: list[bytes] = []
        produced = 0
        try:
            chunk = self._obj.process(data, output_buffer_limit=_STEP)
            while True:
                out.append(chunk)
                produced += len(chunk)
                if produced > budget or self._obj.is_finished():
                    break
                if self._obj.can_accept_more_data():
                    break
                chunk = self._obj.process(b"", output_buffer_limit=_STEP)
        except brotli.error as exc:
            raise FeedError(FeedErrorKind.PROTOCOL, f"corrupt brotli body: {exc}") from exc
        return out

    def finish(self) -> list[bytes]:
        return []


def _stage(coding: str) -> _Stage:
    if coding in ("", "identity"):
        return _Identity()
    if coding in ("gzip", "x-gzip"):
        return _Zlib(gzip=True)
    if coding == "deflate":
        return _Zlib(gzip=False)
    if coding == "br":
        return _Brotli()
    raise FeedError(FeedErrorKind.PROTOCOL, f"unsupported content coding {coding!r}")


class BoundedDecoder:
    """Decode a body chunk by chunk through its Content-Encoding list, up to `limit` bytes.

    `feed` and `finish` return decoded bytes; both raise FeedError(too_large) as soon as the
    decoded total would pass `limit`, and FeedError(protocol) on corrupt or unknown codings.
    """

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        # Codings are listed in the order they were applied; undo them in reverse.
        self._stages = [_stage(c) for c in reversed(codings)] or [_Identity()]
        self._limit = limit
        self.decoded_bytes = 0

    def _through(self, start: int, parts: list[bytes], finishing: bool) -> list[bytes]:
        for index in range(start, len(self._stages)):
            stage = self._stages[index]
            budget = self._limit - self.decoded_bytes
            produced: list[bytes] = []
            for part in parts:
                produced.extend(stage.feed(part, budget))
            if finishing:
                produced.extend(stage.finish())
            if sum(map(len, produced)) > budget:
                raise FeedError(
                    FeedErrorKind.TOO_LARGE, f"body expands past the cap of {self._limit} bytes"
                )
            parts = produced
        return parts

    def _count(self, parts: list[bytes]) -> bytes:
        for part in parts:
            self.decoded_bytes += len(part)
            if self.decoded_bytes > self._limit:
                raise FeedError(
                    FeedErrorKind.TOO_LARGE,
                    f"body expands past the cap of {self._limit} bytes",
                )
        return b"".join(parts)

    def feed(self, data: bytes) -> bytes:
        return self._count(self._through(0, [data], finishing=False))

    def finish(self) -> bytes:
        return self._count(self._through(0, [], finishing=True))


def decode_all(data: bytes, content_encoding: str | None, limit: int) -> bytes:
    """Decode a complete body; the same bounds as BoundedDecoder."""
    decoder = BoundedDecoder(content_encoding, limit)
    return decoder.feed(data) + decoder.finish()
