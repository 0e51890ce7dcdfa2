"""Four offline partners in Leipzig for the demo network (made-up places, demo addresses).
Frieda (Lindenau) manages the first, so the partner's own pages can be tried."""

from __future__ import annotations

from typing import Any

from partners.models import Kind, Partner
from public_marketplace.models import City, District

PARTNERS = [
    (
        "Stadtteilladen Lindenau",
        "stadtteilladen-lindenau",
        "Ein Ladenlokal für Nachbarschaftstreffen: ein Raum für 25 Leute, eine kleine Küche "
        "und ein Beamer. Wir beraten gern, wie ihr eine Aktion im Stadtteil anmeldet.",
        [Kind.ROOMS, Kind.ADVICE],
        ["Lindenau", "Altlindenau"],
        "Demostraße 1, 04177 Leipzig",
        "Di und Do 16–19 Uhr, sonst nach Absprache",
    ),
    (
        "Werkzeugverleih Plagwitz",
        "werkzeugverleih-plagwitz",
        "Von der Akkubohrmaschine bis zur Schubkarre: Werkzeug für Nachbarschaftsprojekte, "
        "kostenlos gegen Pfand.",
        [Kind.TOOLS],
        ["Plagwitz", "Schleußig", "Kleinzschocher"],
        "Demoweg 12, 04229 Leipzig",
        "Sa 10–14 Uhr",
    ),
    (
        "Materiallager Connewitz",
        "materiallager-connewitz",
        "Restholz, Farben, Stoffe und Pflanzkübel aus Spenden: für Projekte, die den Stadtteil "
        "schöner machen.",
        [Kind.MATERIALS],
        ["Connewitz", "Südvorstadt"],
        "Demogasse 3, 04277 Leipzig",
        "Mi 15–18 Uhr; größere Mengen bitte vorher anfragen",
    ),
    (
        "Nachbarschaftsberatung Reudnitz",
        "nachbarschaftsberatung-reudnitz",
        "Wir helfen bei Anträgen auf Fördergeld, bei Genehmigungen für Straßenfeste und mit "
        "einem Besprechungsraum.",
        [Kind.ADVICE, Kind.ROOMS],
        ["Reudnitz-Thonberg", "Stötteritz", "Anger-Crottendorf"],
        "Demoplatz 7, 04317 Leipzig",
        "Mo–Fr 9–15 Uhr",
    ),
]


def seed_partners(city: City, people: list[Any]) -> int:
    """Add the demo partners that are missing; returns how many were made."""
    districts = {d.name: d for d in District.objects.filter(city=city)}
    made = 0
    for index, (name, slug, description, kinds, places, address, notes) in enumerate(PARTNERS):
        if Partner.objects.filter(slug=slug).exists():
            continue
        partner = Partner.objects.create(
            name=name,
            slug=slug,
            description=description,
            kinds=[str(kind) for kind in kinds],
            address=address,
            opening_notes=notes,
            email=f"{slug}@demo.wecreate.test",
        )
        partner.districts.set([districts[place] for place in places if place in districts])
        if index == 0 and len(people) > 5:
            partner.managers.add(people[5])
        made += 1
    return made
