"""The house's floors (docs/architecture.md, "Floors"): no import circles, no import from a
lower floor up to a higher one, and business code never imports a tasks module. The test reads
every import statement, including those inside functions, because a lazy import closes a
circle just the same."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# An app may import apps on its own floor and below, never above.
FLOORS: dict[str, int] = {
    "config": 0,  # platform helpers: keyset, iCalendar, images, rate limits, jobs, domain errors
    "accounts": 1,  # identity and organisations: one person, the organisation, its members,
    "tenants": 1,  # its roles, plan and audit trail belong together; within the floor
    "audit": 1,  # the rule against circles keeps them honest
    "intranet": 1,
    "billing": 1,
    "sso": 1,
    "notifications": 2,
    "threads": 3,  # workspace building blocks, shared by intranet groups and boxes
    "workspaces": 3,
    "documents": 4,  # the tools
    "events": 4,
    "decisions": 4,
    "taskboard": 4,
    "progress": 4,
    "public_marketplace": 5,  # the citizen network
    "impact": 5,
    "partners": 5,  # offline partners: help for the network's boxes
    "motions": 5,  # motions to council bodies, drafted in boxes
    "oparl": 5,  # the council's OParl data, read by the network (and its motions)
    "moderation": 6,  # moderates the network, so it sits above it
}
TOP = 99  # pages, endpoints and the composition root: may import any floor

# Modules whose floor differs from their app's, each with its reason.
MODULE_FLOORS: dict[str, int] = {
    "config": TOP,  # the package starts the Celery app (Celery's convention)
    "config.settings": TOP,
    "config.urls_common": TOP,
    "config.urls_public": TOP,
    "config.urls_tenant": TOP,
    "config.devserver": TOP,
    "config.asgi": TOP,
    "config.wsgi": TOP,
    "config.health": TOP,
    "config.middleware": TOP,
    "config.api": 1,  # the API's base classes authenticate (accounts' lockout)
    "config.api_permissions": 1,
    "config.api_metadata": 1,
    "config.tasks": 1,  # the task base class checks the organisation's state
    "intranet.search": TOP,  # the intranet's search reads every tool
    "intranet.dashboard": TOP,  # the start page gathers news, events and votes from the tools
    "moderation.models": 3,  # report reasons and bans: used by the thread block
    "moderation.rules": 3,  # who may take part at all: asked by the network's services
}

# Pages and endpoints of every app sit on the top floor: they compose services of any app.
ENTRY_PREFIXES = ("views", "urls", "api")
ENTRY_NAMES = {
    "forms",
    "admin",
    "management",
    "demo",
    "context_processors",
    "middleware",
    "templatetags",
    "adapter",
    "web",
}
# Business code: enqueues through config.jobs and never imports a tasks module.
BUSINESS_NAMES = {"models", "services", "selectors", "permissions", "entitlements", "roles"}


def _modules() -> dict[str, Path]:
    modules = {}
    for app in FLOORS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                # "from config import jobs" imports the module config.jobs; "from config.jobs
                # import enqueue" the module config.jobs.
                submodules = [f"{node.module}.{a.name}" for a in node.names]
                targets = [t for t in submodules if t in modules]
                if len(targets) < len(submodules):
                    targets.append(node.module)
            else:
                continue
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def floor_of(module: str) -> int:
    if module in MODULE_FLOORS:
        return MODULE_FLOORS[module]
    app, *rest = module.split(".")
    if rest and (rest[0].startswith(ENTRY_PREFIXES) or rest[0] in ENTRY_NAMES):
        return TOP
    return FLOORS[app]


MODULES = _modules()
GRAPH = _imports(MODULES)


def test_every_app_has_a_floor() -> None:
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(FLOORS), f"give these apps a floor: {sorted(apps - set(FLOORS))}"


def test_no_import_runs_up_a_floor() -> None:
    upward = sorted(
        f"{source} -> {target}"
        for source, targets in GRAPH.items()
        for target in targets
        if floor_of(target) > floor_of(source)
    )
    assert not upward, "imports against the floors:\n" + "\n".join(upward)


def test_no_import_circles() -> None:
    # Tarjan's strongly connected components: any component of two or more is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in MODULES:
        if module not in index:
            visit(module)
    assert not circles, f"import circles: {circles}"


def test_business_code_never_imports_tasks() -> None:
    offenders = sorted(
        f"{source} -> {target}"
        for source, targets in GRAPH.items()
        if set(source.split(".")[1:]) & BUSINESS_NAMES
        for target in targets
        if target.endswith(".tasks")
    )
    assert not offenders, "enqueue through config.jobs instead:\n" + "\n".join(offenders)


def test_the_floor_test_sees_lazy_imports() -> None:
    # Guard against the test going blind: a known function-level import is in the graph.
    assert "tenants.signals" in GRAPH["tenants.services"]
