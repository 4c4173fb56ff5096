"""Settings of the notifier (`newsmon notify`): where alerts go, validated at start-up.

Secrets never appear here: each sink names the environment variable that holds its secret
(`secret_env`, `urls_env`, `token_env`), read when the notifier starts.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from newsmon.contract.alert import AlertKind
from newsmon.contract.records import Severity

_ENV_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
_SINK_NAME = r"^[a-z0-9][a-z0-9_-]*$"
_ORIGIN = r"^(\*|https?://[^/\s]+)$"  # as a browser sends it in `Origin`: no path, no slash


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AlertFilter(_Frozen):
    """Which alerts a sink receives."""

    topics: tuple[str, ...] | None = Field(
        default=None, description="topic names to deliver; unset: every topic"
    )
    kinds: tuple[AlertKind, ...] | None = Field(
        default=None, description="alert kinds to deliver (new, update, burst); unset: every kind"
    )
    min_severity: Severity = Field(default="info", description="lowest severity delivered")


class SinkSettings(AlertFilter):
    """What every sink has: a name, a filter and how long and how fast it retries."""

    name: str = Field(pattern=_SINK_NAME, description="the sink's name in metrics and logs")
    give_up_after_s: float = Field(
        default=24 * 3600.0, gt=0,
        description="how long to retry a delivery before it goes to the dead-letter topic",
    )  # fmt: skip
    retry_initial_s: float = Field(
        default=1.0, gt=0, description="first back-off after a failed attempt (doubles each time)"
    )
    retry_max_s: float = Field(
        default=600.0, gt=0, description="longest back-off between two attempts (Retry-After aside)"
    )
    timeout_s: float = Field(default=10.0, gt=0, description="deadline of one attempt")


class WebhookSettings(SinkSettings):
    url: str = Field(description="http(s) URL the signed Alert JSON is POSTed to")
    secret_env: str = Field(
        pattern=_ENV_NAME,
        description='environment variable holding the signing secret, "whsec_<base64>"',
    )

    @model_validator(mode="after")
    def _http_url(self) -> WebhookSettings:
        if not self.url.startswith(("http://", "https://")):
            raise ValueError("url must start with http:// or https://")
        return self


class AppriseSettings(SinkSettings):
    urls_env: str = Field(
        pattern=_ENV_NAME,
        description="environment variable holding the Apprise URLs (slack://, mailto://, ...), "
        "separated by spaces or commas",
    )
    digest: str | None = Field(
        default=None,
        pattern=r"^[1-9][0-9]*[smhd]$",
        description="one message per period listing the stories (e.g. 15m, 1h, 1d); "
        "unset: one message per alert",
    )

    @property
    def digest_s(self) -> float | None:
        """The digest period in seconds; None: one message per alert."""
        if self.digest is None:
            return None
        unit = {"s": 1, "m": 60, "h": 3600, "d": 86400}[self.digest[-1]]
        return float(int(self.digest[:-1]) * unit)


class StreamSettings(_Frozen):
    host: str = Field(
        default="127.0.0.1",
        description="address the SSE server binds; 0.0.0.0 in a container "
        "(env NEWSMON_LISTEN_HOST)",
    )
    port: int = Field(
        default=8088, ge=0, le=65535, description="the SSE server's port; 0 disables it"
    )
    token_env: str | None = Field(
        default=None,
        pattern=_ENV_NAME,
        description="environment variable holding a bearer token; set: requests without it get 401",
    )
    cors_origins: tuple[Annotated[str, StringConstraints(pattern=_ORIGIN)], ...] = Field(
        default=(),
        description="browser origins (scheme://host[:port], or '*') whose pages may read the "
        "streams; unset: only pages served from the stream's own origin",
    )
    client_buffer: int = Field(
        default=1000, ge=1, description="events queued for one client before it is disconnected"
    )
    keepalive_s: float = Field(default=15.0, gt=0, description="interval of keep-alive comments")


class NotifySettings(_Frozen):
    app_id: str = Field(
        default="newsmon-notify", min_length=1, description="the notifier's consumer group"
    )
    metrics_port: int = Field(default=9102, ge=0, le=65535, description="0 disables /metrics")
    webhooks: tuple[WebhookSettings, ...] = Field(
        default=(), description="webhook sinks: signed POSTs of the Alert JSON"
    )
    apprise: tuple[AppriseSettings, ...] = Field(
        default=(), description="Apprise sinks: chat, push and e-mail messages"
    )
    stream: StreamSettings = Field(
        default_factory=StreamSettings, description="the live stream (Server-Sent Events)"
    )
    commit_interval_s: float = Field(
        default=1.0, gt=0, description="how often settled alert offsets are committed"
    )
    first_start: Literal["beginning", "end"] = Field(
        default="beginning",
        description="where a notifier group that has never committed starts reading alerts: "
        "'beginning' delivers every alert the topic still holds (none raised before the "
        "notifier first ran is skipped), 'end' only those raised after it joined (for a new "
        "deployment on a cluster that already holds alerts). Later starts resume where the "
        "group left off either way",
    )
    topic_prefix: str = Field(
        default="",
        pattern=r"^[A-Za-z0-9._-]*$",
        description="for tests and isolated runs only: put before every topic name the notifier "
        "reads and writes (alerts, deliveries ledger, dead letters)",
    )

    @model_validator(mode="after")
    def _unique_names(self) -> NotifySettings:
        names = [sink.name for sink in self.webhooks] + [sink.name for sink in self.apprise]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"sink names must be unique: {', '.join(repeated)} repeated")
        return self
