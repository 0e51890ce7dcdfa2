"""The small kustomize renderer applies each feature k8s/ relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ops.kustomize import render

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  replicas: 2
  template:
    spec:
      containers: [{name: app, image: wecreate}]
"""


def _write(directory: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text)


def test_render_applies_resources_suffix_images_patches_and_generators(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "base/kustomization.yaml": "resources: [app.yaml]\n"
            "configMapGenerator: [{name: cfg, literals: [A=1, B=x=y]}]\n",
            "base/app.yaml": DEPLOYMENT,
            "overlay/kustomization.yaml": "resources: [../base]\nnamespace: ns\nnameSuffix: -v2\n"
            "images: [{name: wecreate, newName: reg/wecreate, newTag: v2}]\n"
            "patches: [{path: patch.yaml}]\n",
            "overlay/patch.yaml": "kind: Deployment\nmetadata: {name: app}\nspec: {replicas: 5}\n",
        },
    )
    app, cfg = render(tmp_path / "overlay")
    assert app["metadata"] == {"name": "app-v2", "namespace": "ns"}
    assert app["spec"]["replicas"] == 5
    assert app["spec"]["template"]["spec"]["containers"][0]["image"] == "reg/wecreate:v2"
    assert cfg["metadata"]["name"] == "cfg-v2" and cfg["data"] == {"A": "1", "B": "x=y"}


def test_a_patch_that_matches_nothing_fails(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "kustomization.yaml": "resources: [app.yaml]\npatches: [{path: p.yaml}]\n",
            "app.yaml": DEPLOYMENT,
            "p.yaml": "kind: Deployment\nmetadata: {name: other}\nspec: {replicas: 1}\n",
        },
    )
    with pytest.raises(AssertionError, match="matches nothing"):
        render(tmp_path)


def test_a_generator_reads_files_and_sets_labels(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "kustomization.yaml": "configMapGenerator: [{name: dash, files: [d/board.json],"
            " options: {labels: {grafana_dashboard: '1'}}}]\n",
            "d/board.json": '{"title": "x"}\n',
        },
    )
    (cfg,) = render(tmp_path)
    assert cfg["metadata"]["labels"] == {"grafana_dashboard": "1"}
    assert cfg["data"] == {"board.json": '{"title": "x"}\n'}
