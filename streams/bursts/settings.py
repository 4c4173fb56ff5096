"""`BurstSettings`: the `burst:` block of a topic in the topic file.

    burst:
      window: 15m        # new stories are counted in a sliding window this long (s, m, h, d)
      baseline: 24h      # ... and compared with the rate over this much time before it
      min_count: 5       # never a burst with fewer new stories in the window
      p_value: 0.001     # Poisson P(count or more | baseline) must be below this
      enabled: true

Durations are whole minutes (the window slides minute by minute); a number means seconds.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

BUCKET_S = 60  # the window slides in steps of one minute
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNIT_S = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: Any) -> int:
    """`900`, `"900s"`, `"15m"`, `"24h"`, `"1d"` -> seconds; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("a duration is a number of seconds or a text like '15m', '24h'")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and (match := _DURATION.match(value)):
        return int(match.group(1)) * _UNIT_S[match.group(2)]
    raise ValueError(f"{value!r} is not a duration: use seconds or a text like '15m', '24h'")


class BurstSettings(BaseModel):
    """When a topic's new stories count as a burst (see `streams.bursts.detector`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(default=True, description="raise burst alerts for this topic")
    window: int = Field(
        default=900, description="seconds (or '15m'): length of the sliding count window"
    )
    baseline: int = Field(
        default=86400,
        description="seconds (or '24h'): the time before the window whose rate is expected",
    )
    min_count: int = Field(
        default=5, ge=1, description="fewest new stories in the window that may be a burst"
    )
    p_value: float = Field(
        default=0.001, gt=0.0, lt=1.0,
        description="a burst needs P(at least the count | baseline rate) below this",
    )  # fmt: skip

    @field_validator("window", "baseline", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> int:
        seconds = parse_duration(value)
        if seconds < BUCKET_S or seconds % BUCKET_S:
            raise ValueError(f"must be a whole number of minutes, at least 1m; got {seconds} s")
        return seconds

    @model_validator(mode="after")
    def _baseline_covers_the_window(self) -> BurstSettings:
        if self.baseline < self.window:
            raise ValueError(
                f"baseline ({self.baseline} s) is shorter than window ({self.window} s)"
            )
        return self
