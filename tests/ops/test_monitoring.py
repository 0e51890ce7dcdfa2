"""The Grafana dashboard and the alert rules load and ask only for metrics /metrics exports.

``promtool`` is not installed here (Debian's ``prometheus`` package ships it; the rules check
below runs only where it is on PATH), so PromQL is not parsed for real: metric names are taken
from the expressions with a regex (after removing label matchers, strings, ranges and grouping
clauses) and compared with config/metrics.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from config import metrics
from tests.ops.kustomize import render

ROOT = Path(__file__).resolve().parents[2]
MONITORING = ROOT / "k8s" / "monitoring"
BUILTIN = {"up"}  # Prometheus sets it for every scrape target
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset"}
KEYWORDS |= {"and", "or", "unless", "inf", "nan"}


def _exported() -> set[str]:
    """Every sample name config/metrics.py can expose (with the client's suffixes)."""
    names = {f"{metrics.REQUESTS._name}_total", f"{metrics.REQUESTS._name}_created"}
    names |= {f"{metrics.LATENCY._name}_{s}" for s in ("bucket", "sum", "count", "created")}
    source = (ROOT / "config" / "metrics.py").read_text()
    names |= set(re.findall(r'GaugeMetricFamily\(\s*"(\w+)"', source))
    names |= set(metrics._GAUGES)  # registered by apps at start-up (billing: organisations)
    return names


def _metric_names(expr: str) -> set[str]:
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)  # strings (label values)
    expr = re.sub(r"\{[^}]*\}", "", expr)  # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # ranges
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    found = set()
    for match in re.finditer(r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(\s*\()?", expr):
        name, is_call = match.group(1), match.group(2)
        if not is_call and name.lower() not in KEYWORDS and not re.fullmatch(r"\d\w*", name):
            found.add(name)
    return found


def _dashboard() -> dict:
    return json.loads((MONITORING / "grafana-dashboard.json").read_text())


def _rules() -> list[dict]:
    doc = yaml.safe_load((MONITORING / "alert-rules.yaml").read_text())
    return [rule for group in doc["spec"]["groups"] for rule in group["rules"]]


def _dashboard_exprs() -> Iterator[str]:
    for panel in _dashboard()["panels"]:
        for target in panel["targets"]:
            yield target["expr"]


def test_the_metric_name_parser_finds_names_and_skips_functions_and_labels() -> None:
    expr = 'histogram_quantile(0.95, sum by (le, route) (rate(a_bucket{x="y"}[5m]))) > 0.5'
    assert _metric_names(expr) == {"a_bucket"}
    assert _metric_names("max(b) or (absent(c) and on() max(up{job='w'}) == 1)") == {"b", "c", "up"}


def test_the_dashboard_loads_with_unique_panels_and_the_required_queries() -> None:
    board = _dashboard()
    assert board["uid"] and board["title"]
    ids = [panel["id"] for panel in board["panels"]]
    assert len(ids) == len(set(ids))
    joined = "\n".join(_dashboard_exprs())
    for needed in (
        "by (scope, status)",
        "histogram_quantile(0.5,",
        "histogram_quantile(0.95,",
        'status="5xx"',
        "wecreate_task_queue_depth",
        "wecreate_task_queue_wait_seconds",
        "wecreate_task_queue_canary_age_seconds",
        "by (plan, status) (wecreate_organisations)",
    ):
        assert needed in joined, needed


@pytest.mark.parametrize("source", ["dashboard", "rules"])
def test_every_expression_asks_only_for_exported_metrics(source: str) -> None:
    exprs = list(_dashboard_exprs()) if source == "dashboard" else [r["expr"] for r in _rules()]
    allowed = _exported() | BUILTIN
    assert "wecreate_organisations" in allowed  # the registry is really read
    for expr in exprs:
        names = _metric_names(expr)
        assert names, expr
        assert names <= allowed, (expr, names - allowed)


def test_every_alert_has_a_severity_summary_description_and_runbook() -> None:
    rules = _rules()
    names = [rule["alert"] for rule in rules]
    assert len(names) == len(set(names))
    for rule in rules:
        assert rule["labels"]["severity"] in {"critical", "warning"}, rule["alert"]
        for key in ("summary", "description", "runbook"):
            assert rule["annotations"][key].strip(), (rule["alert"], key)
        assert re.fullmatch(r"\d+[smh]", rule["for"]), rule["alert"]


def test_the_alerts_cover_workers_queue_errors_latency_and_availability() -> None:
    by_expr = "\n".join(rule["expr"] for rule in _rules())
    for needed in (
        "wecreate_task_queue_canary_age_seconds) > 300",
        "wecreate_task_queue_wait_seconds) > 60",
        "> 0.01",
        "> 0.5",
        'up{job="wecreate-web"} == 0',
    ):
        assert needed in by_expr, needed


def test_prod_ships_the_rules_and_the_dashboard_for_the_grafana_sidecar() -> None:
    objects = render(ROOT / "k8s" / "overlays" / "prod")
    rule = next(o for o in objects if o["kind"] == "PrometheusRule")
    assert rule["apiVersion"] == "monitoring.coreos.com/v1"
    for group in rule["spec"]["groups"]:
        assert group["name"] and group["rules"]
        for item in group["rules"]:
            assert {"alert", "expr", "labels", "annotations"} <= set(item), item.get("alert")
    dashboard = next(o for o in objects if o["metadata"]["name"] == "wecreate-grafana-dashboard")
    assert dashboard["metadata"]["labels"] == {"grafana_dashboard": "1"}
    assert dashboard["metadata"]["namespace"] == "wecreate"
    assert json.loads(dashboard["data"]["grafana-dashboard.json"]) == _dashboard()


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed")
def test_promtool_accepts_the_rules(tmp_path: Path) -> None:
    doc = yaml.safe_load((MONITORING / "alert-rules.yaml").read_text())
    rules = tmp_path / "rules.yaml"
    rules.write_text(yaml.safe_dump({"groups": doc["spec"]["groups"]}))
    subprocess.run(["promtool", "check", "rules", str(rules)], check=True)  # noqa: S603, S607
