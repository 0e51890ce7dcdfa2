"""A small kustomize renderer for offline checks (no kubectl here): the features k8s/ uses.

resources (files and directories), namespace, nameSuffix, images, configMapGenerator
(literals and files, labels from options, no hash suffix) and patches by path (strategic
merge of maps; lists replaced).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml


def _merge(target: dict[str, Any], patch: dict[str, Any]) -> None:
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def _set_images(obj: Any, images: list[dict[str, str]]) -> None:
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in ("containers", "initContainers") and isinstance(value, list):
                for container in value:
                    for image in images:
                        if container.get("image") == image["name"]:
                            container["image"] = f"{image['newName']}:{image['newTag']}"
            else:
                _set_images(value, images)
    elif isinstance(obj, list):
        for item in obj:
            _set_images(item, images)


def render(directory: Path) -> list[dict[str, Any]]:
    spec = yaml.safe_load((directory / "kustomization.yaml").read_text())
    objects: list[dict[str, Any]] = []
    for resource in spec.get("resources", []):
        path = directory / resource
        if path.is_dir():
            objects.extend(render(path))
        else:
            objects.extend(o for o in yaml.safe_load_all(path.read_text()) if o)
    for generator in spec.get("configMapGenerator", []):
        data = dict(item.split("=", 1) for item in generator.get("literals", []))
        for file in generator.get("files", []):
            data[Path(file).name] = (directory / file).read_text()
        metadata: dict[str, Any] = {"name": generator["name"]}
        if labels := generator.get("options", {}).get("labels"):
            metadata["labels"] = dict(labels)
        objects.append(
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata, "data": data}
        )
    for patch in spec.get("patches", []):
        for change in yaml.safe_load_all((directory / patch["path"]).read_text()):
            matches = [
                o
                for o in objects
                if o["kind"] == change["kind"]
                and o["metadata"]["name"] == change["metadata"]["name"]
            ]
            assert matches, f"patch {patch['path']} matches nothing: {change['metadata']['name']}"
            for obj in matches:
                _merge(obj, change)
    for obj in objects:
        if "namespace" in spec:
            obj["metadata"]["namespace"] = spec["namespace"]
        obj["metadata"]["name"] += spec.get("nameSuffix", "")
    _set_images(objects, spec.get("images", []))
    return objects
