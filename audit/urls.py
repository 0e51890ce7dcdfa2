from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("einstellungen/protokoll/", views.log, name="log"),
    path("einstellungen/protokoll/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("einstellungen/protokoll/export.json", views.export, {"fmt": "json"}, name="export_json"),
    path("einstellungen/support/", views.support, name="support"),
    path(
        "einstellungen/support/<int:grant_id>/beenden/",
        views.support_revoke,
        name="support_revoke",
    ),
]
