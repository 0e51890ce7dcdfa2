"""The tools of a workspace (discussions, calendar, documents, and whatever comes next), in one
registry. A tool registers once, in its app's ``AppConfig.ready()``, and says everything the rest
of the product needs to know about it:

- its **routes** (a URL module with its own ``app_name``) and **API** view sets, mounted by the
  scope's URL conf through ``urlpatterns_for`` and ``register_api`` (an organisation's intranet
  and, for tools offered there, the public network's boxes);
- its **tab** on the workspace page (label, order, the route that takes the workspace's slug);
- its **permission**: who sees the tab (``can_open``; by default whoever may read the workspace,
  the tool's own views and services then check each action);
- its **privacy hook**: the app whose ``privacy`` module exports and erases the tool's rows, added
  to the data-rights orchestrator (accounts/privacy.py) for both schema kinds.

Adding a tool is therefore: its app with models, services, views and ``urls``; one ``Tool`` in its
``ready()``; its rows in the route matrix. Nothing in the URL confs, templates or privacy lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import NoReverseMatch, URLResolver, include, path, reverse
from django_tenants.utils import get_public_schema_name

from accounts.privacy import register_privacy_app
from tenants.db import connection

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from workspaces.models import Workspace
    from workspaces.permissions import Actor

INTRANET = "intranet"
NETWORK = "network"


def _whoever_reads(actor: Actor, workspace: Workspace) -> bool:
    from workspaces.permissions import can_read_workspace

    return can_read_workspace(actor, workspace)


@dataclass(frozen=True)
class Api:
    prefix: str  # under /api/v1/
    viewset: str  # dotted path, imported when the URL conf is built
    basename: str


@dataclass(frozen=True)
class Tool:
    name: str  # short and stable: it names the tool in tests and docs
    label: StrOrPromise  # the tab's text (lazily translated)
    order: int  # tabs are shown in this order
    routes: str  # the tool's URL module ("decisions.urls")
    tab: str | None  # route name of the workspace's page of this tool, reversed with its slug
    scopes: frozenset[str] = frozenset({INTRANET})  # where the tool is offered
    api: tuple[Api, ...] = ()
    can_open: Callable[[Actor, Workspace], bool] = field(default=_whoever_reads)
    privacy_app: str | None = None  # app whose privacy module answers for the tool's rows
    # The URL module on the network, when its paths differ there (under /boxen/<slug>/ rather
    # than an intranet's /gruppen/<slug>/); the same app_name and route names as ``routes``.
    network_routes: str | None = None

    def routes_for(self, scope: str) -> str:
        return self.network_routes or self.routes if scope == NETWORK else self.routes


@dataclass(frozen=True)
class Tab:
    name: str
    label: StrOrPromise
    url: str


_TOOLS: dict[str, Tool] = {}


def register(tool: Tool) -> None:
    _TOOLS[tool.name] = tool
    if tool.privacy_app:
        register_privacy_app(tool.privacy_app)


def tools_for(scope: str) -> list[Tool]:
    return sorted((t for t in _TOOLS.values() if scope in t.scopes), key=lambda t: t.order)


def urlpatterns_for(scope: str) -> list[URLResolver]:
    """The routes of every tool offered in the scope, for its URL conf."""
    return [path("", include(tool.routes_for(scope))) for tool in tools_for(scope)]


def register_api(router: Any, scope: str) -> None:
    """Register the API view sets of every tool offered in the scope on the URL conf's router."""
    for tool in tools_for(scope):
        for api in tool.api:
            module, _, name = api.viewset.rpartition(".")
            router.register(api.prefix, getattr(import_module(module), name), basename=api.basename)


def tabs(actor: Actor, workspace: Workspace) -> list[Tab]:
    """The tabs the actor sees on the workspace's page, in the actor's scope."""
    shown = []
    for tool in tools_for(actor.scope.kind):
        if tool.tab is None or not tool.can_open(actor, workspace):
            continue
        try:
            url = reverse(tool.tab, kwargs={"slug": workspace.slug})
        except NoReverseMatch:  # the tool is not mounted on this host
            continue
        shown.append(Tab(name=tool.name, label=tool.label, url=url))
    return shown


def on_network() -> bool:
    """True in the public schema: the network, where a tool's pages live under the box."""
    return bool(connection.schema_name == get_public_schema_name())


def tool_url(name: str, workspace: Workspace | None, *args: Any) -> str:
    """The address of a tool's page for an object of ``workspace`` in the schema we run in
    (pages, redirects, notification links and calendar entries alike): on the network its
    routes sit under the box and take the box's slug first (/boxen/<slug>/termine/<id>/), on
    an intranet they take only the object's own arguments (/termine/<id>/)."""
    if on_network():
        if workspace is None:  # the network has no scope-wide tool pages
            raise NoReverseMatch(f"{name} needs a box on the network")
        return reverse(name, args=[workspace.slug, *args], urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    return reverse(name, args=list(args), urlconf=settings.ROOT_URLCONF)
