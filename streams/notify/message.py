"""The readable text of a chat or e-mail notification: one alert, or a digest of several."""

from __future__ import annotations

from collections.abc import Sequence

from newsmon.contract.alert import Alert

_KIND = {"new": "New story", "update": "Story spreading", "burst": "Burst of stories"}


def alert_title(alert: Alert) -> str:
    return f"[{alert.severity.upper()}] {alert.topic}: {alert.title}"


def alert_body(alert: Alert) -> str:
    """Topic, severity, kind, title, link, outlets and the evidence terms, one per line."""
    lines = [
        f"{_KIND[alert.kind]} on {alert.topic} (severity {alert.severity}, kind {alert.kind})",
        alert.title,
        alert.url,
        f"Outlets: {alert.outlets}",
    ]
    if alert.terms:
        lines.append("Terms: " + ", ".join(alert.terms))
    if alert.reason:
        lines.append(f"Why: {alert.reason}")
    return "\n".join(lines)


def digest_title(alerts: Sequence[Alert], period: str) -> str:
    topics = sorted({alert.topic for alert in alerts})
    noun = "alert" if len(alerts) == 1 else "alerts"
    return f"newsmon digest ({period}): {len(alerts)} {noun} on {', '.join(topics)}"


def digest_body(alerts: Sequence[Alert]) -> str:
    """One block per story, oldest first."""
    blocks = []
    for alert in sorted(alerts, key=lambda a: a.created_at):
        line = f"- [{alert.severity}] {alert.topic} · {alert.kind}: {alert.title}\n  {alert.url}"
        details = f"outlets {alert.outlets}"
        if alert.terms:
            details += "; terms: " + ", ".join(alert.terms)
        blocks.append(f"{line}\n  {details}")
    return "\n".join(blocks)
