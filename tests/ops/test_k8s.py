"""The Kubernetes manifests render per overlay and validate offline against the shipped schemas."""

from __future__ import annotations

import tomllib
from pathlib import Path

import kubernetes_validate
import pytest

from tests.ops.kustomize import render

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = ["dev", "prod"]
K8S_VERSION = "1.33.0"
TMP = "/tmp"  # noqa: S108  (an emptyDir: the root filesystem is read-only)
CRD_REQUIRED = {
    ("postgresql.cnpg.io/v1", "Cluster"): ["instances", "storage"],
    ("postgresql.cnpg.io/v1", "ScheduledBackup"): ["schedule", "cluster"],
    ("postgresql.cnpg.io/v1", "Pooler"): ["cluster", "pgbouncer"],
    ("monitoring.coreos.com/v1", "PrometheusRule"): [
        "groups"
    ],  # rules: tests/ops/test_monitoring.py
}


def _rendered(overlay: str) -> list[dict]:
    return render(ROOT / "k8s" / "overlays" / overlay)


def _pod_specs(objects: list[dict]) -> list[tuple[str, dict]]:
    return [
        (o["metadata"]["name"], o["spec"]["template"]["spec"])
        for o in objects
        if o["kind"] in ("Deployment", "StatefulSet", "Job")
    ]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_builtin_object_validates_strictly(overlay: str) -> None:
    for obj in _rendered(overlay):
        if (obj["apiVersion"], obj["kind"]) in CRD_REQUIRED:
            for field in CRD_REQUIRED[(obj["apiVersion"], obj["kind"])]:
                assert field in obj["spec"], (obj["kind"], field)
            continue
        kubernetes_validate.validate(obj, K8S_VERSION, strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_beat_runs_exactly_once(overlay: str) -> None:
    beat = next(o for o in _rendered(overlay) if o["metadata"]["name"] == "wecreate-beat")
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_has_limits_and_runs_non_root(overlay: str) -> None:
    for name, pod in _pod_specs(_rendered(overlay)):
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        for container in pod.get("initContainers", []) + pod["containers"]:
            context = container["securityContext"]
            assert context["runAsNonRoot"] is True, name
            assert context["readOnlyRootFilesystem"] is True, name
            assert context["capabilities"]["drop"] == ["ALL"], name
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), name
            mounts = [m["mountPath"] for m in container["volumeMounts"]]
            assert TMP in mounts, name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_migration_job_is_named_after_the_image_tag(overlay: str) -> None:
    objects = _rendered(overlay)
    job = next(o for o in objects if o["kind"] == "Job")
    tag = job["spec"]["template"]["spec"]["containers"][0]["image"].rsplit(":", 1)[1]
    assert job["metadata"]["name"] == f"wecreate-migrate-{tag}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_web_waits_for_migrations_and_probes_readiness(overlay: str) -> None:
    web = next(
        o
        for o in _rendered(overlay)
        if o["metadata"]["name"] == "wecreate-web" and o["kind"] == "Deployment"
    )
    init = web["spec"]["template"]["spec"]["initContainers"][0]
    assert "migrate_schemas --shared --check" in init["command"][-1]
    container = web["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert init["image"] == container["image"]


def test_the_example_secret_is_not_in_any_kustomization() -> None:
    for overlay in OVERLAYS:
        assert all(o["kind"] != "Secret" for o in _rendered(overlay))


def test_the_package_lists_every_app() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    apps = sorted(p.parent.name for p in ROOT.glob("*/apps.py"))
    missing = [app for app in apps + ["config"] if f"{app}*" not in include]
    assert not missing, f"pyproject.toml packages.find.include misses {missing}"


def test_the_dockerfile_follows_the_rules() -> None:
    text = (ROOT / "Dockerfile").read_text()
    froms = [line for line in text.splitlines() if line.startswith("FROM ")]
    assert len(froms) >= 2  # builder and runtime
    assert "ARG PYTHON_IMAGE=python:3.11." in text and "digest" in text  # exact version pinned
    assert "USER 10001" in text and "HEALTHCHECK" in text and "/healthz" in text
    assert text.index("COPY pyproject.toml requirements.lock") < text.index("COPY . .")
    assert "compilemessages" in text
