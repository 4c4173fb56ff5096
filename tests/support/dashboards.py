"""Reading the Grafana dashboards: their panels, queries and template variables.

Both the static checks (test_dashboard.py) and the Prometheus integration test read the
dashboards through these helpers, so they agree on what "every panel's query" means.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tests.support.deploy_files import DASHBOARD_FILES, grafana_to_promql

# Grafana's own `$var` / `${var}` / `${var:format}` references (built-ins like $__interval
# start with two underscores and are handled by grafana_to_promql).
_TEMPLATE_VARIABLE = re.compile(r"\$\{(?!__)(\w+)(?::\w+)?\}|\$(?!__)(\w+)")
# `label_values(selector, label)`: the variable queries our dashboards use.
_LABEL_VALUES = re.compile(r"^\s*label_values\((?P<selector>.*),\s*(?P<label>\w+)\s*\)\s*$")


@dataclass(frozen=True)
class Query:
    """One target of one panel."""

    dashboard: str  # file stem: operators, analysts
    panel: str  # panel title
    expr: str


def load(name: str) -> dict[str, Any]:
    return dict(json.loads(DASHBOARD_FILES[name].read_text()))


def dashboards() -> dict[str, dict[str, Any]]:
    return {name: load(name) for name in DASHBOARD_FILES}


def panels(dashboard: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every panel, nested ones (collapsed rows) included, rows themselves included."""

    def walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for panel in items:
            yield panel
            yield from walk(panel.get("panels", []))

    yield from walk(dashboard["panels"])


def data_panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    """Panels that query something (rows excluded)."""
    return [panel for panel in panels(dashboard) if panel["type"] != "row"]


def queries() -> list[Query]:
    return [
        Query(name, panel["title"], target["expr"])
        for name, dashboard in dashboards().items()
        for panel in data_panels(dashboard)
        for target in panel.get("targets", [])
    ]


def variables(dashboard: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {variable["name"]: variable for variable in dashboard["templating"]["list"]}


def label_values_query(variable: dict[str, Any]) -> tuple[str, str]:
    """(selector, label) of a `label_values(selector, label)` query variable."""
    query = variable["query"]
    text = query["query"] if isinstance(query, dict) else query
    match = _LABEL_VALUES.match(text)
    if match is None:
        raise ValueError(f"variable {variable['name']}: not a label_values() query: {text!r}")
    return match["selector"].strip(), match["label"]


def variable_names_in(expr: str) -> set[str]:
    return {a or b for a, b in _TEMPLATE_VARIABLE.findall(expr)}


def substitute(expr: str, values: dict[str, str]) -> str:
    """The query as Grafana sends it: template variables replaced by `values` (a regex for
    multi-value variables), built-ins like $__rate_interval by a fixed range."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        if name not in values:
            raise KeyError(f"no value for template variable ${name} in {expr!r}")
        return values[name]

    return grafana_to_promql(_TEMPLATE_VARIABLE.sub(replace, expr))


def regex_of(values: list[str]) -> str:
    """A multi-value variable as Grafana formats it for a Prometheus `=~` matcher."""
    escaped = [re.sub(r"([\\.+*?()|\[\]{}^$])", r"\\\\\1", value) for value in values]
    return "(" + "|".join(escaped) + ")" if len(escaped) > 1 else escaped[0]
