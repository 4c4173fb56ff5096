"""The Poisson upper tail P(X >= k) for X ~ Poisson(mean), computed without scipy.

Each term is formed in log space (`lgamma`), so a mean of a million neither overflows nor
underflows, and the sum runs over the terms that shrink away from `k`: above the mean the
upper tail is summed directly (no cancellation when it is tiny, which is what a burst test
asks about); at or below the mean the tail is at least about one half, so one minus the
lower sum loses nothing that matters.
"""

from __future__ import annotations

import math

# Stop adding terms once they no longer change the sum in double precision.
_RELATIVE_EPSILON = 1e-17


def _log_pmf(i: int, mean: float) -> float:
    return -mean + i * math.log(mean) - math.lgamma(i + 1)


def poisson_upper_tail(k: int, mean: float) -> float:
    """P(X >= k) for X Poisson with `mean` (>= 0, finite); ValueError on a bad mean."""
    if not math.isfinite(mean) or mean < 0:
        raise ValueError(f"the Poisson mean must be finite and >= 0, got {mean!r}")
    if k <= 0:
        return 1.0
    if mean == 0:
        return 0.0
    if k > mean:
        # Terms decrease from k upwards: sum them from the largest.
        term = math.exp(_log_pmf(k, mean))
        total = term
        i = k
        while term > total * _RELATIVE_EPSILON:
            i += 1
            term *= mean / i
            total += term
        return min(total, 1.0)
    # k <= mean: the lower sum P(X <= k - 1) has terms that decrease from k - 1 downwards.
    term = math.exp(_log_pmf(k - 1, mean))
    lower = term
    i = k - 1
    while i > 0 and term > lower * _RELATIVE_EPSILON:
        term *= i / mean
        i -= 1
        lower += term
    return max(0.0, 1.0 - lower)
