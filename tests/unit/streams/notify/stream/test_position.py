"""Position tokens: every partition's next offset, written compactly and read strictly."""

from __future__ import annotations

import pytest

from streams.notify.stream.auth import bearer_ok
from streams.notify.stream.position import PositionError, decode_position, encode_position


def test_a_position_lists_every_partition_in_order() -> None:
    assert encode_position({2: 0, 0: 12, 1: 7}) == "p0:12.p1:7.p2:0"


def test_a_position_reads_back_what_was_written() -> None:
    offsets = {0: 0, 1: 123456789012, 7: 5}
    assert decode_position(encode_position(offsets)) == offsets


@pytest.mark.parametrize(
    "token",
    ["", "p0", "p0:", "0:12", "p0:12,p1:3", "p0:-1", "p01:3", "p0:1.p0:2", "p0:1.", "p0:1 "],
)
def test_a_malformed_position_is_refused_with_a_reason(token: str) -> None:
    with pytest.raises(PositionError):
        decode_position(token)


def test_the_bearer_check_wants_the_exact_token() -> None:
    assert bearer_ok("Bearer s3cret", "s3cret")
    assert not bearer_ok(None, "s3cret")
    assert not bearer_ok("Bearer s3cre", "s3cret")
    assert not bearer_ok("bearer s3cret", "s3cret")
    assert not bearer_ok("Bearer s3cret ", "s3cret")
    assert not bearer_ok("Bearer sécret", "s3cret")  # non-ASCII guesses are compared, not raised
