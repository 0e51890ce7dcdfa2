"""A small, known marketplace for the impact tests."""

from __future__ import annotations

from dataclasses import dataclass

from public_marketplace.models import Impulse
from public_marketplace.services.boxes import offer_help
from public_marketplace.services.impulses import change_status, support_impulse
from tests.cast import Cast
from tests.public_marketplace.factories import district, make_impulse


@dataclass
class Scenario:
    lindenau: Impulse
    implemented: Impulse
    plagwitz: Impulse
    draft: Impulse
    hidden: Impulse


def build(cast: Cast) -> Scenario:
    """Lindenau (an Ortsteil of Alt-West): erin posts two impulses (one implemented), bob
    supports, gina joins. Plagwitz (Südwest): carol posts. Not counted: alice's draft, and the
    impulse staff posted and dave supported that moderation hid."""
    lindenau = make_impulse(cast.erin)
    support_impulse(impulse=lindenau, user=cast.bob)
    offer_help(impulse=lindenau, user=cast.gina)
    implemented = make_impulse(cast.erin, title="Bank am Kanal")
    change_status(impulse=implemented, to_status="in_implementation", by=cast.erin)
    change_status(impulse=implemented, to_status="implemented", by=cast.erin, report="Steht.")
    plagwitz = make_impulse(
        cast.carol, title="Trinkbrunnen", district_ids=[district("plagwitz").pk]
    )
    draft = make_impulse(cast.alice, title="Noch geheim", publish=False)
    hidden = make_impulse(cast.staff, title="Versteckt")
    support_impulse(impulse=hidden, user=cast.dave)
    Impulse.objects.filter(pk=hidden.pk).update(is_hidden=True)
    return Scenario(lindenau, implemented, plagwitz, draft, hidden)
