"""The notifier as a process: a SIGKILL mid-stream, a graceful restart and a broker restart
never send again what the receiver acknowledged, and never lose an alert."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import pytest

from newsmon.broker.local import LocalBroker
from newsmon.contract.timefmt import parse_utc
from newsmon.kafka.admin import ensure_topics
from streams.notify.topics import NotifyTopics
from tests.support.notifier_process import NotifierProcess, write_config
from tests.support.notify_env import make_alert, produce, read_all
from tests.support.receiver import Receiver

pytestmark = [pytest.mark.kafka, pytest.mark.slow]


def wait_acknowledged(receiver: Receiver, count: int, notifier: NotifierProcess,
                      timeout_s: float = 60.0) -> None:  # fmt: skip
    deadline = time.monotonic() + timeout_s
    while len(receiver.acknowledged_ids()) < count:
        if time.monotonic() > deadline:
            raise AssertionError(
                f"only {len(receiver.acknowledged_ids())} of {count} acknowledged; notifier log:\n"
                + notifier.tail()
            )
        time.sleep(0.05)


def one_webhook_id_per_alert(receiver: Receiver) -> None:
    ids: dict[str, set[str]] = {}
    for request in receiver.requests:
        if request.alert_id:
            ids.setdefault(request.alert_id, set()).add(request.webhook_id)
    assert all(len(webhook_ids) == 1 for webhook_ids in ids.values())


@pytest.mark.timeout(180)
def test_a_sigkill_mid_stream_and_a_restart_repeat_at_most_the_delivery_in_flight(
    kafka_bootstrap: str, unique_name: str, receiver: Receiver, topics: NotifyTopics,
    tmp_path: Path,
) -> None:  # fmt: skip
    receiver.delay_s = 0.05  # slow enough that the kill lands mid-stream
    alerts = [make_alert(n) for n in range(60)]
    asyncio.run(produce(kafka_bootstrap, topics.alerts, alerts))
    config = write_config(tmp_path / "notify.yaml", kafka_bootstrap, f"t{unique_name}.",
                          f"notify-{unique_name}", receiver.url)  # fmt: skip
    notifier = NotifierProcess(config, tmp_path / "notify.log")
    try:
        notifier.start()
        wait_acknowledged(receiver, 15, notifier)
        notifier.kill()
        killed_at = len(receiver.acknowledged_ids())
        assert killed_at < 60, "the kill came too late to be mid-stream"
        notifier.start()
        wait_acknowledged(receiver, 40, notifier)
        assert notifier.terminate() == 0
        notifier.start()
        wait_acknowledged(receiver, 60, notifier)
        time.sleep(2.0)  # time for a wrongful repeat to arrive
        assert notifier.terminate() == 0
    finally:
        notifier.ensure_stopped()
    acknowledged = receiver.acknowledged_ids()
    assert set(acknowledged) == {a.id for a in alerts}
    repeats = {alert_id: n for alert_id, n in acknowledged.items() if n > 1}
    # Only the delivery in flight at the SIGKILL may be repeated (the receiver is sequential).
    assert sum(n - 1 for n in repeats.values()) <= 1, repeats
    one_webhook_id_per_alert(receiver)
    assert receiver.bad_signatures == 0


@pytest.mark.timeout(120)
def test_a_sigkill_does_not_restart_the_give_up_clock(
    kafka_bootstrap: str, unique_name: str, topics: NotifyTopics, tmp_path: Path
) -> None:
    dead = Receiver(plan=lambda attempt, wid: (503, {})).start()
    alert = make_alert(0)
    give_up_s = 10.0
    asyncio.run(produce(kafka_bootstrap, topics.alerts, [alert]))
    config = write_config(tmp_path / "notify.yaml", kafka_bootstrap, f"t{unique_name}.",
                          f"notify-{unique_name}", dead.url, give_up_after_s=give_up_s)  # fmt: skip
    notifier = NotifierProcess(config, tmp_path / "notify.log")
    try:
        notifier.start()
        deadline = time.monotonic() + 30
        while not dead.requests:
            assert time.monotonic() < deadline, notifier.tail()
            time.sleep(0.05)
        time.sleep(4.0)  # part of the clock gone, then a crash and a restart
        notifier.kill()
        assert not asyncio.run(read_all(kafka_bootstrap, topics.deadletter, 1, timeout_s=1.0))
        notifier.start()
        letters = asyncio.run(read_all(kafka_bootstrap, topics.deadletter, 1, timeout_s=40))
        assert notifier.terminate() == 0
    finally:
        notifier.ensure_stopped()
        dead.stop()
    assert [letter["alert_id"] for letter in letters] == [alert.id]
    # Given up about `give_up_s` after the first attempt; a clock started again at the restart
    # would have given up no sooner than four seconds, a start-up and `give_up_s` after it.
    first = min(r.at for r in dead.requests)
    given_up = parse_utc(str(letters[0]["failed_at"])).timestamp()
    assert give_up_s - 0.5 <= given_up - first < give_up_s + 3.5


@pytest.mark.timeout(300)
def test_a_broker_restart_neither_repeats_nor_loses_a_delivery(
    unique_name: str, receiver: Receiver, tmp_path: Path
) -> None:
    broker = LocalBroker(run_dir=tmp_path / "kafka")
    notifier: NotifierProcess | None = None
    try:
        bootstrap = broker.start()
        topics = NotifyTopics.with_prefix(f"t{unique_name}.")
        asyncio.run(ensure_topics(bootstrap, topics.specs(2, 1)))
        receiver.delay_s = 0.05
        first = [make_alert(n) for n in range(30)]
        asyncio.run(produce(bootstrap, topics.alerts, first))
        config = write_config(tmp_path / "notify.yaml", bootstrap, f"t{unique_name}.",
                              f"notify-{unique_name}", receiver.url)  # fmt: skip
        notifier = NotifierProcess(config, tmp_path / "notify.log")
        notifier.start()
        wait_acknowledged(receiver, 10, notifier)
        assert broker.stop()
        time.sleep(3.0)  # the notifier keeps delivering what it holds; its ledger writes wait
        again = broker.start()
        if again != bootstrap:
            pytest.skip("the broker's port was taken while it was down")
        second = [make_alert(n) for n in range(30, 40)]
        asyncio.run(produce(bootstrap, topics.alerts, second))
        wait_acknowledged(receiver, 40, notifier, timeout_s=120)
        time.sleep(2.0)
        assert notifier.terminate() == 0
    finally:
        if notifier is not None:
            notifier.ensure_stopped()
        broker.stop()
    assert receiver.acknowledged_ids() == Counter({a.id: 1 for a in first + second})
    one_webhook_id_per_alert(receiver)
