"""faust apps whose consumer a test builds but never runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from streams.app import WorkerApp


def close_consumer_thread_loop(app: Any) -> None:
    """Close the event loop faust's consumer made for its thread, if it made one.

    mode's ServiceThread makes that loop as the consumer is built, and only the thread's stop
    closes it. Where a test never starts the thread, the loop is left to the collector, which
    warns about it in whatever test runs then: once, mid-`ast.parse`, that failed an unrelated
    test (python/cpython#106905)."""
    consumer = app._consumer  # faust builds it on the first read of `app.consumer`
    loop = getattr(getattr(consumer, "_thread", None), "thread_loop", None)
    if loop is not None and not loop.is_running() and not loop.is_closed():
        loop.close()


def unstarted_worker_app(apps: list[Any]) -> WorkerApp:
    """The worker's app for a broker that is never reached, added to `apps` (the
    `faust_apps` fixture) so that its consumer thread's loop is closed at the test's end."""
    # Imported here: the conftest imports this module for every test.
    from newsmon.config import parse_config
    from streams.app import build_worker_app

    config = parse_config({"kafka": {"bootstrap": "127.0.0.1:9"}, "worker": {}}, env={})
    worker_app = build_worker_app(config)
    apps.append(worker_app.app)
    return worker_app
