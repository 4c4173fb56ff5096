"""Our murmur2 partitioner puts every key where aiokafka's default partitioner does."""

from __future__ import annotations

import random

from aiokafka.partitioner import DefaultPartitioner
from aiokafka.partitioner import murmur2 as aiokafka_murmur2

from newsmon.kafka.partitioner import key_partitioner, murmur2


def test_murmur2_equals_aiokafkas_for_every_length_and_byte() -> None:
    rng = random.Random(7)
    keys = [bytes(rng.randrange(256) for _ in range(n)) for n in range(130) for _ in range(20)]
    keys += [b"", b"\xff" * 4, b"\x00" * 7, "https://feeds.example.com/caf\u00e9".encode()]
    for key in keys:
        assert murmur2(key) == aiokafka_murmur2(key), key


def test_keys_land_on_the_partitions_of_the_default_partitioner() -> None:
    rng = random.Random(11)
    default = DefaultPartitioner()
    for count in (1, 2, 3, 7, 12):
        partitions = list(range(count))
        for _ in range(300):
            key = rng.randbytes(rng.randrange(1, 64))
            assert key_partitioner(key, partitions, partitions) == default(
                key, partitions, partitions
            )


def test_a_record_without_key_goes_to_an_available_partition() -> None:
    assert key_partitioner(None, [0, 1, 2], [2]) == 2
    assert key_partitioner(None, [0, 1, 2], []) in (0, 1, 2)
