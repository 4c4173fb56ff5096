"""Two notifiers in one group: a rebalance (one joins, then one leaves) hands partitions over
without sending again what the other had acknowledged, and without losing an alert."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from streams.notify.topics import NotifyTopics
from tests.integration.streams.notify.test_crash_and_restart import (
    one_webhook_id_per_alert,
    wait_acknowledged,
)
from tests.support.notifier_process import NotifierProcess, write_config
from tests.support.notify_env import make_alert, produce
from tests.support.receiver import Receiver

pytestmark = [pytest.mark.kafka, pytest.mark.slow]


@pytest.mark.timeout(180)
def test_a_rebalance_between_two_notifiers_repeats_and_loses_nothing(
    kafka_bootstrap: str, unique_name: str, receiver: Receiver, topics: NotifyTopics,
    tmp_path: Path,
) -> None:  # fmt: skip
    receiver.delay_s = 0.5  # a delivery is on the wire most of the time when the group moves
    alerts = [make_alert(n) for n in range(30)]
    asyncio.run(produce(kafka_bootstrap, topics.alerts, alerts))
    config = write_config(tmp_path / "notify.yaml", kafka_bootstrap, f"t{unique_name}.",
                          f"notify-{unique_name}", receiver.url)  # fmt: skip
    first = NotifierProcess(config, tmp_path / "first.log")
    second = NotifierProcess(config, tmp_path / "second.log")
    try:
        first.start()
        wait_acknowledged(receiver, 4, first)
        second.start()  # joins: the group rebalances while the first is delivering
        wait_acknowledged(receiver, 14, second)
        assert first.terminate() == 0  # leaves: its partitions move to the second
        wait_acknowledged(receiver, 30, second, timeout_s=90)
        time.sleep(2.0)
        assert second.terminate() == 0
    finally:
        first.ensure_stopped()
        second.ensure_stopped()
    assert receiver.acknowledged_ids() == {a.id: 1 for a in alerts}
    one_webhook_id_per_alert(receiver)
    # Both took part: the second notifier delivered alerts too.
    assert "delivered" in (tmp_path / "second.log").read_text()
