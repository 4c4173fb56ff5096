"""The live stream for apps without Kafka: Server-Sent Events over HTTP (`SseStream`).

Started by the notifier (`newsmon notify`) when `notify.stream.port` is not 0; run alone with
`serve_stream(config)` or `python -m streams.notify.stream`.
"""

from streams.notify.stream.metrics import StreamMetrics
from streams.notify.stream.position import PositionError, decode_position, encode_position
from streams.notify.stream.server import SseStream, StreamError
from streams.notify.stream.standalone import serve_stream, stream_for

__all__ = [
    "PositionError",
    "SseStream",
    "StreamError",
    "StreamMetrics",
    "decode_position",
    "encode_position",
    "serve_stream",
    "stream_for",
]
