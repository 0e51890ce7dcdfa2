"""Route matrix entries for reports and moderation: staff pages are 404 for everyone else."""

from __future__ import annotations

from typing import Any

from tests.matrix.actors import ACTORS

LOGIN_THEN_OK = {**dict.fromkeys(ACTORS, 200), "anonymous": 302}
STAFF_ONLY = {**dict.fromkeys(ACTORS, 404), "anonymous": 302, "staff": 200}
STAFF_POST_ONLY = {**dict.fromkeys(ACTORS, 404), "anonymous": 302, "staff": 405}

PUBLIC_ROUTES: dict[str, str] = {}

PUBLIC = {
    # erin wrote the impulse: she gets the page with a note instead of the form.
    "report_create": ("/melden/impuls/{mod_impulse}/", LOGIN_THEN_OK),
    "moderation_queue": ("/moderation/", STAFF_ONLY),
    "moderation_log": ("/moderation/protokoll/", STAFF_ONLY),
    "moderation_hide": ("/moderation/impulse/{mod_impulse}/verbergen/", STAFF_POST_ONLY),
    "moderation_restore": (
        "/moderation/kommentare/{mod_comment}/wiederherstellen/", STAFF_POST_ONLY
    ),
    "moderation_block": ("/moderation/personen/{mod_person}/sperren/", STAFF_POST_ONLY),
    "moderation_unblock": ("/moderation/personen/{mod_person}/entsperren/", STAFF_POST_ONLY),
    "moderation_dismiss": ("/moderation/meldungen/{mod_report}/verwerfen/", STAFF_POST_ONLY),
    "api-report-create": ("/api/v1/reports/", {**dict.fromkeys(ACTORS, 405), "anonymous": 403}),
}  # fmt: skip


def objects(cast: Any) -> dict[str, str]:
    from moderation.services import report_content
    from tests.public_marketplace.factories import make_impulse
    from tests.threads.factories import make_comment

    impulse = make_impulse(cast.erin, title="Gemeldeter Impuls")
    comment = make_comment("impulse", impulse.pk, cast.bob, "Unsinn")
    report = report_content(reporter=cast.carol, target=impulse, reason="spam")
    return {
        "mod_impulse": str(impulse.public_id),
        "mod_comment": str(comment.public_id),
        "mod_person": str(cast.erin.public_id),
        "mod_report": str(report.public_id),
    }


# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
PUBLIC_WRITES = {
    "report_create": {"post": "erin gina bob alice carol staff"},
    "moderation_hide": {"post": "staff"},
    "moderation_restore": {"post": "staff"},
    "moderation_block": {"post": "staff"},
    "moderation_unblock": {"post": "staff"},
    "moderation_dismiss": {"post": "staff"},
    "api-report-create": {"post": "erin gina bob alice carol staff"},
}
