"""Routes for tasks, mounted by the tool registry (workspaces/tools.py): under the group on an
intranet (/gruppen/<slug>/aufgaben/…), under the box on the network (taskboard/urls_network.py,
/boxen/<slug>/aufgaben/…). The same views and names on both."""

from __future__ import annotations

from django.urls import include, path

from taskboard import views

app_name = "taskboard"

T = "<uuid:public_id>"

task_routes = [
    path("", views.board, name="board"),
    path("liste/", views.task_list, name="list"),
    path("neu/", views.task_create, name="create"),
    path(f"{T}/", views.task_detail, name="task"),
    path(f"{T}/bearbeiten/", views.task_edit, name="edit"),
    path(f"{T}/uebernehmen/", views.task_take, name="take"),
    path(f"{T}/abgeben/", views.task_release, name="release"),
    path(f"{T}/status/", views.task_status, name="status"),
    path(f"{T}/loeschen/", views.task_delete, name="delete"),
    path(f"{T}/checkliste/", views.checklist_add, name="checklist_add"),
    path(f"{T}/checkliste/<int:item>/", views.checklist_toggle, name="checklist_toggle"),
    path(f"{T}/checkliste/<int:item>/entfernen/", views.checklist_remove, name="checklist_remove"),
]

urlpatterns = [path("gruppen/<slug:slug>/aufgaben/", include(task_routes))]
