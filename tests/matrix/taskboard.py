"""Route matrix entries for tasks (web and API), in both scopes.

Intranet (alpha's host): bob founded an open group and made a task in it, with one checklist
point; gina (guest) reads, bob (the group's admin and the task's creator) and alice (the
organisation's owner, a moderator) change it; erin, carol and staff are not alpha's people
(web 404, API 403).

Network: the box of erin's impulse, gina helps in it, erin made a task with one checklist
point. A box's tasks are for its members (erin, gina) and platform staff, like its posts;
bob (who asked to join), alice and carol get 404. Only creator, assignee, the box's owner and
staff change a task; every member takes on an unassigned one ("Ich übernehme das").
"""

from __future__ import annotations

from typing import Any

from tests.matrix.actors import ACTORS


def web(gina: int, bob: int, alice: int) -> dict[str, int]:
    return {
        **dict.fromkeys(ACTORS, 404),
        "anonymous": 302,
        "gina": gina,
        "bob": bob,
        "alice": alice,
    }


def api(gina: int, bob: int, alice: int) -> dict[str, int]:
    return {**dict.fromkeys(ACTORS, 403), "gina": gina, "bob": bob, "alice": alice}


def box(default: int, **answers: int) -> dict[str, int]:
    return {**dict.fromkeys(ACTORS, default), "anonymous": 302, **answers}


READ = web(200, 200, 200)
POST_ONLY = web(405, 405, 405)
EDIT = web(403, 200, 200)

G = "/gruppen/{tb_group}/aufgaben"
T = G + "/{tb_task}"
A = "/api/v1/tasks/{tb_task}"

TENANT = {
    "taskboard:board": (f"{G}/", READ),
    "taskboard:list": (f"{G}/liste/?status=open&meine=1&ueberfaellig=1", READ),
    "taskboard:create": (f"{G}/neu/", EDIT),
    "taskboard:task": (f"{T}/", READ),
    "taskboard:edit": (f"{T}/bearbeiten/", EDIT),
    "taskboard:take": (f"{T}/uebernehmen/", POST_ONLY),
    "taskboard:release": (f"{T}/abgeben/", POST_ONLY),
    "taskboard:status": (f"{T}/status/", POST_ONLY),
    "taskboard:delete": (f"{T}/loeschen/", POST_ONLY),
    "taskboard:checklist_add": (f"{T}/checkliste/", POST_ONLY),
    "taskboard:checklist_toggle": (f"{T}/checkliste/{{tb_item}}/", POST_ONLY),
    "taskboard:checklist_remove": (f"{T}/checkliste/{{tb_item}}/entfernen/", POST_ONLY),
    "task-list": ("/api/v1/tasks/", api(200, 200, 200)),
    "task-detail": (f"{A}/", api(200, 200, 200)),
    "task-take": (f"{A}/take/", api(405, 405, 405)),
    "task-release": (f"{A}/release/", api(405, 405, 405)),
}

# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
TENANT_WRITES = {
    "taskboard:create": {"post": "bob alice"},
    "taskboard:edit": {"post": "bob alice"},
    "taskboard:take": {"post": "bob"},  # alice moderates, but takes on only as a member
    "taskboard:release": {"post": "bob alice"},
    "taskboard:status": {"post": "bob alice"},
    "taskboard:delete": {"post": "bob alice"},
    "taskboard:checklist_add": {"post": "bob alice"},
    "taskboard:checklist_toggle": {"post": "bob alice"},
    "taskboard:checklist_remove": {"post": "bob alice"},
    "task-list": {"post": "bob alice"},
    "task-detail": {"put": "bob alice", "patch": "bob alice", "delete": "bob alice"},
    "task-take": {"post": "bob"},
    "task-release": {"post": "bob alice"},
}

MEMBERS_READ = box(404, erin=200, gina=200, staff=200)
BOX_POST_ONLY = box(405)
B = "/boxen/{tb_box}/aufgaben"
BT = B + "/{tb_box_task}"
BA = "/api/v1/tasks/{tb_box_task}"

PUBLIC = {
    "taskboard:board": (f"{B}/", MEMBERS_READ),
    "taskboard:list": (f"{B}/liste/?status=open", MEMBERS_READ),
    "taskboard:create": (f"{B}/neu/", MEMBERS_READ),
    "taskboard:task": (f"{BT}/", MEMBERS_READ),
    "taskboard:edit": (f"{BT}/bearbeiten/", box(404, erin=200, gina=403, staff=200)),
    "taskboard:take": (f"{BT}/uebernehmen/", BOX_POST_ONLY),
    "taskboard:release": (f"{BT}/abgeben/", BOX_POST_ONLY),
    "taskboard:status": (f"{BT}/status/", BOX_POST_ONLY),
    "taskboard:delete": (f"{BT}/loeschen/", BOX_POST_ONLY),
    "taskboard:checklist_add": (f"{BT}/checkliste/", BOX_POST_ONLY),
    "taskboard:checklist_toggle": (f"{BT}/checkliste/{{tb_box_item}}/", BOX_POST_ONLY),
    "taskboard:checklist_remove": (
        f"{BT}/checkliste/{{tb_box_item}}/entfernen/",
        BOX_POST_ONLY,
    ),
    "task-list": ("/api/v1/tasks/", {**dict.fromkeys(ACTORS, 200), "anonymous": 403}),
    "task-detail": (
        f"{BA}/",
        {**dict.fromkeys(ACTORS, 404), "anonymous": 403, "erin": 200, "gina": 200, "staff": 200},
    ),
    "task-take": (f"{BA}/take/", {**dict.fromkeys(ACTORS, 405), "anonymous": 403}),
    "task-release": (f"{BA}/release/", {**dict.fromkeys(ACTORS, 405), "anonymous": 403}),
}

PUBLIC_WRITES = {
    "taskboard:create": {"post": "erin gina staff"},
    "taskboard:edit": {"post": "erin staff"},
    "taskboard:take": {"post": "erin gina"},  # staff moderate, but take on only as members
    "taskboard:release": {"post": "erin gina staff"},
    "taskboard:status": {"post": "erin staff"},
    "taskboard:delete": {"post": "erin staff"},
    "taskboard:checklist_add": {"post": "erin staff"},
    "taskboard:checklist_toggle": {"post": "erin staff"},
    "taskboard:checklist_remove": {"post": "erin staff"},
    "task-list": {"post": "erin gina bob alice carol staff"},  # a 400 for the missing fields
    "task-detail": {"put": "erin staff", "patch": "erin staff", "delete": "erin staff"},
    "task-take": {"post": "erin gina"},
    "task-release": {"post": "erin gina staff"},
}


def objects(cast: Any) -> dict[str, str]:
    from django_tenants.utils import tenant_context

    from taskboard import services
    from tests.taskboard.factories import box_on_network
    from tests.workspaces.factories import actor
    from workspaces import services as workspace_services
    from workspaces.scopes import network_actor

    with tenant_context(cast.alpha):
        bob = actor(cast.bob)
        group = workspace_services.create_workspace(actor=bob, name="Aufgabenrunde")
        task = services.create_task(actor=bob, workspace=group, title="Plakate kleben")
        item = services.add_checklist_item(actor=bob, task=task, text="Kleister kaufen")
    erin = network_actor(cast.erin)
    the_box = box_on_network(cast)
    box_task = services.create_task(actor=erin, workspace=the_box, title="Beete umgraben")
    box_item = services.add_checklist_item(actor=erin, task=box_task, text="Spaten leihen")
    return {
        "tb_group": group.slug,
        "tb_task": str(task.public_id),
        "tb_item": str(item.pk),
        "tb_box": the_box.slug,
        "tb_box_task": str(box_task.public_id),
        "tb_box_item": str(box_item.pk),
    }
