"""Kafka's default partitioner (murmur2 of the key), at half aiokafka's cost.

aiokafka's murmur2 assembles each word byte by byte and masks every intermediate value, a
noticeable part of every send (six per polled feed). This one reads the key's 32-bit words
in one `struct` call and masks once per step; the result is the same number, so a key lands on
the partition the Java client, aiokafka and `connectors.registry` give it
(tests/connectors/runtime/test_partitioner.py compares them).
"""

from __future__ import annotations

import random
import struct
from collections.abc import Sequence

_MASK = 0xFFFFFFFF
_SEED = 0x9747B28C
_M = 0x5BD1E995


def murmur2(data: bytes) -> int:
    """MurmurHash2 as org.apache.kafka.common.utils.Utils.murmur2 computes it (unsigned)."""
    length = len(data)
    h = _SEED ^ length
    whole = length & ~3
    for k in struct.unpack_from(f"<{length >> 2}I", data):
        k = (k * _M) & _MASK
        k ^= k >> 24
        h = ((h * _M) & _MASK) ^ ((k * _M) & _MASK)
    tail = length & 3
    if tail:
        if tail == 3:
            h ^= data[whole + 2] << 16
        if tail >= 2:
            h ^= data[whole + 1] << 8
        h = ((h ^ data[whole]) * _M) & _MASK
    h ^= h >> 13
    h = (h * _M) & _MASK
    return h ^ (h >> 15)


def partition_of(key: bytes, partitions: int) -> int:
    """The partition of `key` among `partitions` under Kafka's default partitioner."""
    return (murmur2(key) & 0x7FFFFFFF) % partitions


def key_partitioner(
    key: bytes | None, all_partitions: Sequence[int], available: Sequence[int]
) -> int:
    """A `partitioner` for AIOKafkaProducer: the default one, faster, same choices."""
    if key is None:  # as aiokafka's: any partition that is up
        return random.choice(available or all_partitions)  # noqa: S311 - spreading, not secrecy
    return all_partitions[partition_of(key, len(all_partitions))]
