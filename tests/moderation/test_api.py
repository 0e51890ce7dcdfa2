"""POST /api/v1/reports/ and the read-only admin for reports and the audit log."""

from __future__ import annotations

import uuid

import pytest

from moderation import services
from moderation.models import ModerationAction, Report
from tests.cast import Cast
from tests.moderation.test_services import make_comment
from tests.public_marketplace.factories import make_impulse


def test_a_citizen_reports_a_comment_through_the_api(cast: Cast, client_for) -> None:
    comment = make_comment(make_impulse(cast.alice), cast.bob)
    client = client_for(None, cast.erin)
    body = {"kind": "comment", "target": str(comment.public_id), "reason": "insult", "text": "Hass"}
    response = client.post("/api/v1/reports/", body, content_type="application/json")
    assert response.status_code == 201
    report = Report.objects.get()
    assert response.json() == {
        "id": str(report.public_id),
        "kind": "comment",
        "target": str(comment.public_id),
        "reason": "insult",
        "text": "Hass",
        "status": "open",
        "created_at": response.json()["created_at"],
    }
    again = client.post("/api/v1/reports/", body, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "status", "field"),
    [
        ({"reason": "boring"}, 400, "reason"),
        ({"text": "x" * 1001}, 400, "text"),
        ({"kind": "district"}, 400, "kind"),
        ({"target": "not-a-uuid"}, 400, "target"),
        ({"reason": "other", "text": ""}, 400, "text"),
        ({"target": str(uuid.uuid4())}, 404, None),
    ],
)
def test_bad_api_input_gets_a_clear_error_and_stores_nothing(
    cast: Cast, client_for, overrides: dict[str, str], status: int, field: str | None
) -> None:
    impulse = make_impulse(cast.bob)
    body = {"kind": "impulse", "target": str(impulse.public_id), "reason": "spam", **overrides}
    response = client_for(None, cast.erin).post(
        "/api/v1/reports/", body, content_type="application/json"
    )
    assert response.status_code == status
    if field:
        assert field in response.json()
    assert not Report.objects.exists()


def test_the_api_refuses_anonymous_visitors_self_reports_and_blocked_people(
    cast: Cast, client_for
) -> None:
    impulse = make_impulse(cast.erin)
    body = {"kind": "impulse", "target": str(impulse.public_id), "reason": "spam"}
    assert (
        client_for().post("/api/v1/reports/", body, content_type="application/json").status_code
        == 403
    )
    own = client_for(None, cast.erin).post(
        "/api/v1/reports/", body, content_type="application/json"
    )
    assert own.status_code == 403 and own.json()["code"] == "forbidden"
    services.block_user(actor=cast.staff, user=cast.bob, reason="Spam")
    blocked = client_for(None, cast.bob).post(
        "/api/v1/reports/", body, content_type="application/json"
    )
    assert blocked.status_code == 403
    assert not Report.objects.exists()


def test_the_admin_shows_reports_and_the_log_read_only_and_dismisses_through_the_service(
    cast: Cast, client_for
) -> None:
    impulse = make_impulse(cast.bob)
    report = services.report_content(reporter=cast.erin, target=impulse, reason="spam")
    admin = client_for(None, cast.staff)
    assert admin.get("/admin/moderation/report/").status_code == 200
    assert admin.get(f"/admin/moderation/report/{report.pk}/change/").status_code == 200
    assert admin.get("/admin/moderation/report/add/").status_code == 403
    response = admin.post(
        "/admin/moderation/report/",
        {"action": "dismiss", "_selected_action": [report.pk], "index": 0},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "dismissed" and report.handled_by == cast.staff
    entry = ModerationAction.objects.get()
    assert entry.action == "dismiss"
    assert admin.get("/admin/moderation/moderationaction/").status_code == 200
    assert admin.get("/admin/moderation/moderationaction/add/").status_code == 403
    assert admin.get(f"/admin/moderation/moderationaction/{entry.pk}/delete/").status_code == 403
    assert client_for(None, cast.erin).get("/admin/moderation/report/").status_code == 302
