"""The Poisson upper tail against an independent high-precision sum and known values."""

from __future__ import annotations

import math
from decimal import Decimal, getcontext

import pytest

from streams.bursts.poisson import poisson_upper_tail


def reference_tail(k: int, mean: float) -> float:
    """1 - e^-mean * sum_{i<k} mean^i / i!, in 200-digit decimals (slow, but exact enough)."""
    getcontext().prec = 200
    m = Decimal(repr(mean))
    term, lower = Decimal(1), Decimal(0)
    for i in range(k):
        if i:
            term = term * m / i
        lower += term
    return float(1 - lower * (-m).exp())


def test_known_values() -> None:
    # P(X >= 5 | 1) = 1 - e^-1 (1 + 1 + 1/2 + 1/6 + 1/24)
    assert poisson_upper_tail(5, 1.0) == pytest.approx(0.0036598468273437, rel=1e-12)
    assert poisson_upper_tail(1, 2.0) == pytest.approx(1 - math.exp(-2.0), rel=1e-14)
    assert poisson_upper_tail(0, 3.0) == 1.0
    assert poisson_upper_tail(3, 0.0) == 0.0


@pytest.mark.parametrize(
    ("k", "mean"),
    [(1, 0.01), (6, 1.0), (10, 2.5), (3, 7.0), (40, 3.0), (150, 100.0), (90, 100.0),
     (1000, 1000.0), (1100, 1000.0), (900, 1000.0), (30, 0.2)],
)  # fmt: skip
def test_matches_an_exact_decimal_sum(k: int, mean: float) -> None:
    assert poisson_upper_tail(k, mean) == pytest.approx(reference_tail(k, mean), rel=1e-9)


def test_tiny_tails_keep_their_relative_precision() -> None:
    # 1 - CDF would round this to 0; the direct upper sum keeps it.
    tail = poisson_upper_tail(60, 1.0)
    assert 0 < tail < 1e-80
    assert tail == pytest.approx(reference_tail(60, 1.0), rel=1e-9)


def test_large_means_neither_overflow_nor_underflow() -> None:
    assert poisson_upper_tail(1_000_000, 1_000_000.0) == pytest.approx(0.5, abs=0.001)
    assert poisson_upper_tail(1_010_000, 1_000_000.0) < 1e-20


def test_a_bad_mean_is_refused() -> None:
    with pytest.raises(ValueError, match="mean"):
        poisson_upper_tail(3, -1.0)
    with pytest.raises(ValueError, match="mean"):
        poisson_upper_tail(3, math.inf)
