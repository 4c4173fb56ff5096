"""Settings of the Kafka client side and of the feed connector, validated at start-up.

Each field's environment override, where it has one, is named in its description;
`newsmon.config.load_config` reads the YAML file and applies the overrides.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FeedConfig(_Frozen):
    url: str = Field(description="http(s) URL of an RSS or Atom feed")
    name: str | None = Field(default=None, description="label for logs and `feeds status`")

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value


class ConnectorSettings(_Frozen):
    feeds: tuple[FeedConfig, ...] = ()
    min_interval_s: float = Field(default=60.0, gt=0, description="shortest poll interval")
    max_interval_s: float = Field(default=3600.0, gt=0, description="longest poll interval")
    contact: str = Field(
        default="https://github.com/newsmon/newsmon",
        description="contact URL or e-mail put in the User-Agent so publishers can reach us",
    )
    max_body_bytes: int = Field(
        default=16 * 1024 * 1024, gt=0, description="cap after decompression"
    )
    fetch_deadline_s: float = Field(default=30.0, gt=0, description="overall deadline of one fetch")
    per_host_concurrency: int = Field(default=2, ge=1)
    per_host_spacing_s: float = Field(
        default=1.0, ge=0, description="minimum gap between requests to one host"
    )
    block_private_addresses: bool = Field(
        default=False,
        description="refuse private, loopback and link-local addresses "
        "(env NEWSMON_BLOCK_PRIVATE_ADDRESSES=1)",
    )
    metrics_port: int = Field(default=9101, ge=0, le=65535, description="0 disables /metrics")
    listen_host: str = Field(
        default="127.0.0.1",
        description="address /metrics and the WebSub callback bind; 0.0.0.0 in a container "
        "(env NEWSMON_LISTEN_HOST, which sets worker.web_host too)",
    )
    websub_port: int = Field(
        default=0,
        ge=0,
        le=65535,
        description="port of the WebSub callback server; 0 disables WebSub (polling only)",
    )
    websub_callback_url: str | None = Field(
        default=None,
        description="public base URL hubs reach the callback server at "
        "(default http://127.0.0.1:<websub_port>)",
    )
    websub_lease_s: int = Field(
        default=86_400, ge=60, description="subscription lease asked of hubs; renewed before expiry"
    )

    @model_validator(mode="after")
    def _interval_bounds(self) -> ConnectorSettings:
        if self.min_interval_s > self.max_interval_s:
            raise ValueError("min_interval_s must not exceed max_interval_s")
        return self
