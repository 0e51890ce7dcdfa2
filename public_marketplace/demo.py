"""Demo content for the public network (``manage.py seed_demo``): topics, a dozen impulses in
Leipzig's Ortsteile with pictures, supports, comments, offers of help and an open box, and
population figures, made through the same services as the pages, so that a newcomer running
``make run`` meets a living network. Only when the network has no impulses yet.

The pictures are drawn here (no photos ship with the project) and say so in their alt text; the
population figures are rounded estimates for trying out the impact page, set only where a
district has none, and never replace figures loaded from a city file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw

from public_marketplace.models import City, District, DistrictLevel, Impulse, ImpulseKind, Topic

TOPICS = ["Verkehr", "Grün", "Kultur", "Soziales", "Bildung", "Sport"]
TOPIC_COLOURS = {
    "Verkehr": ((28, 86, 150), (120, 170, 220)),
    "Grün": ((36, 110, 60), (150, 205, 120)),
    "Kultur": ((130, 40, 90), (235, 150, 110)),
    "Soziales": ((170, 90, 20), (245, 205, 120)),
    "Bildung": ((60, 60, 140), (170, 160, 230)),
    "Sport": ((20, 120, 130), (130, 215, 200)),
}
# Leipzig had about 630,000 inhabitants in 2024; the demo spreads a rounded figure over the
# Ortsteile (deterministically) so that the impact page can show shares.
DEMO_CITY_POPULATION = 630_000


@dataclass(frozen=True)
class DemoImpulse:
    title: str
    body: str
    district: str
    topic: str
    kind: str = ImpulseKind.IDEA
    author: int = 0  # index into the people handed to seed_network
    supporters: tuple[int, ...] = ()
    helpers: tuple[int, ...] = ()  # offer help; the first helper is accepted (the box opens)
    comment: str = ""
    starts_in_days: int | None = None
    place: str = ""


IMPULSES = [
    DemoImpulse(
        "Sonnensegel für den Spielplatz am Lindenauer Markt",
        "Im Sommer ist der Spielplatz am Markt mittags kaum nutzbar: kein Schatten, die Rutsche "
        "ist heiß. Sonnensegel wie in Plagwitz helfen Kindern und Eltern. Wir sammeln "
        "Unterschriften und fragen das Amt für Stadtgrün und Gewässer, was möglich ist.",
        "Lindenau",
        "Grün",
        author=0,
        supporters=(1, 2, 3, 4, 5),
        helpers=(5, 4),
        comment="Gute Idee! Am Samstag ist der Markt voll, da könnten wir Unterschriften sammeln.",
    ),
    DemoImpulse(
        "Reparatur-Café im Stadtteilladen",
        "Kaputter Toaster, wackliger Stuhl, Loch in der Jacke? Wir reparieren gemeinsam statt "
        "wegzuwerfen. Bring mit, was kaputt ist – Werkzeug und Kaffee sind da.",
        "Plagwitz",
        "Soziales",
        kind=ImpulseKind.EVENT,
        author=5,
        supporters=(0, 2),
        starts_in_days=9,
        place="Stadtteilladen, Karl-Heine-Straße",
    ),
    DemoImpulse(
        "Sichere Radwege auf der Karl-Heine-Straße",
        "Zwischen Felsenkeller und Erich-Zeigner-Allee parken Autos auf dem Radstreifen. "
        "Wir schlagen Poller und eine durchgehende, rot markierte Spur vor und wollen daraus "
        "einen Antrag an den Stadtbezirksbeirat Südwest machen.",
        "Plagwitz",
        "Verkehr",
        kind=ImpulseKind.REFORM,
        author=1,
        supporters=(0, 3, 4, 5, 6),
        comment="Jeden Morgen mit den Kindern auf dem Rad – das wäre eine große Hilfe.",
    ),
    DemoImpulse(
        "Gemeinschaftsgarten auf der Brache an der Eisenbahnstraße",
        "Die Fläche hinter dem Spielplatz liegt seit Jahren brach. Mit Hochbeeten, einer "
        "Regentonne und einer Bank wird daraus ein Treffpunkt für die Nachbarschaft.",
        "Volkmarsdorf",
        "Grün",
        author=6,
        supporters=(0, 1),
        helpers=(0,),
    ),
    DemoImpulse(
        "Bücherschrank am Connewitzer Kreuz",
        "Ein offener Bücherschrank: Bücher bringen, Bücher mitnehmen. Ein Tischler aus dem "
        "Viertel hat angeboten, ihn aus einem alten Kleiderschrank zu bauen.",
        "Connewitz",
        "Kultur",
        author=2,
        supporters=(3, 5),
    ),
    DemoImpulse(
        "Mehr Sitzbänke im Clara-Zetkin-Park",
        "Entlang der Anton-Bruckner-Allee fehlen Bänke im Schatten. Wer schlecht zu Fuß ist, "
        "schafft den Weg zum Musikpavillon kaum ohne Pause.",
        "Südvorstadt",
        "Soziales",
        author=3,
        supporters=(0, 1, 2, 6),
    ),
    DemoImpulse(
        "Jugendtreff in Grünau auch am Wochenende",
        "Freitagabend und samstags ist der Treff zu – genau dann, wenn Jugendliche Zeit haben. "
        "Wir suchen Ehrenamtliche und sprechen mit dem Träger über längere Öffnungszeiten.",
        "Grünau-Mitte",
        "Bildung",
        author=4,
        supporters=(0, 6),
    ),
    DemoImpulse(
        "Tempo 30 vor der Grundschule in Gohlis",
        "Vor der Schule wird morgens schnell gefahren, der Zebrastreifen ist schlecht zu sehen. "
        "Tempo 30 von 7 bis 17 Uhr und eine bessere Beleuchtung machen den Schulweg sicherer.",
        "Gohlis-Süd",
        "Verkehr",
        kind=ImpulseKind.REFORM,
        author=0,
        supporters=(1, 2, 3, 4),
    ),
    DemoImpulse(
        "Stadtteilfest in Reudnitz",
        "Musik, Flohmarkt, Kuchen und Vereine stellen sich vor. Wer einen Stand machen will, "
        "meldet sich hier.",
        "Reudnitz-Thonberg",
        "Kultur",
        kind=ImpulseKind.EVENT,
        author=2,
        supporters=(0, 4, 5),
        starts_in_days=24,
        place="Stünzer Park",
    ),
    DemoImpulse(
        "Baumpatenschaften für die Straßenbäume im Osten",
        "Die jungen Bäume vertrocknen im Sommer. Mit Patenschaften gießen Nachbar:innen "
        "regelmäßig; die Stadt stellt Gießsäcke.",
        "Neustadt-Neuschönefeld",
        "Grün",
        author=6,
        supporters=(2, 3),
    ),
    DemoImpulse(
        "Bolzplatz in Paunsdorf öffnen",
        "Der Bolzplatz an der Schule ist nachmittags abgeschlossen. Eine Öffnung bis 20 Uhr "
        "mit einer Patenschaft des Sportvereins wäre ein Anfang.",
        "Paunsdorf",
        "Sport",
        author=4,
        supporters=(1,),
    ),
    DemoImpulse(
        "Lastenrad zum Ausleihen im Leipziger Osten",
        "Ein freies Lastenrad für Einkäufe, Umzüge und Ausflüge – gebucht über eine einfache "
        "Liste, abgeholt im Nachbarschaftszentrum.",
        "Anger-Crottendorf",
        "Verkehr",
        author=3,
        supporters=(0, 5, 6),
    ),
]


def seed_network(city: City, people: list[Any]) -> bool:
    """Fill an empty network; False if it already has impulses (never touches real content).
    ``people``: at least seven verified accounts, the first one the demo's citizen."""
    ensure_topics()
    set_demo_population(city)
    if Impulse.objects.exists():
        return False
    from public_marketplace.services import boxes
    from public_marketplace.services.comments import post_comment
    from public_marketplace.services.impulses import ImpulseInput, post_impulse, support_impulse
    from workspaces.scopes import network_actor
    from workspaces.services import create_post

    districts = {d.name: d for d in District.objects.filter(city=city)}
    topics = {t.name: t for t in Topic.objects.all()}
    now = timezone.now()
    for item in IMPULSES:
        author = people[item.author]
        starts_at = None
        if item.starts_in_days is not None:
            starts_at = (now + timedelta(days=item.starts_in_days)).replace(
                hour=15, minute=0, second=0, microsecond=0
            )
        impulse = post_impulse(
            author=author,
            data=ImpulseInput(
                kind=item.kind,
                title=item.title,
                body=item.body,
                city=city,
                district_ids=[districts[item.district].pk],
                topic_ids=[topics[item.topic].pk],
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=3) if starts_at else None,
                place_name=item.place,
            ),
            image=demo_picture(item.title, item.topic),
            image_alt=f"Gezeichnetes Titelbild (Demo) zum Impuls „{item.title}“",
        )
        for index in item.supporters:
            support_impulse(impulse=impulse, user=people[index], show_name=index % 2 == 0)
        if item.comment:
            post_comment(impulse=impulse, author=people[item.supporters[0]], body=item.comment)
        for index in item.helpers:
            boxes.offer_help(
                impulse=impulse,
                user=people[index],
                brings=["time", "skills"],
                district=districts[item.district],
                note="Ich wohne um die Ecke und kann samstags.",
            )
        if len(item.helpers) > 1:
            first = impulse.participations.get(user=people[item.helpers[0]])
            boxes.decide_offer(impulse=impulse, offer=first, by=author, accept=True)
            impulse.refresh_from_db()
            create_post(
                actor=network_actor(author),
                workspace=impulse.box,
                body="Willkommen in der Box! Erster Schritt: Wir fragen beim Amt für Stadtgrün "
                "nach, was am Spielplatz möglich ist. Wer übernimmt den Anruf?",
            )
    from partners.demo import seed_partners

    seed_partners(city, people)
    return True


def ensure_topics() -> None:
    for name in TOPICS:
        Topic.objects.get_or_create(name=name, defaults={"slug": slugify(name.replace("ü", "ue"))})


def set_demo_population(city: City) -> None:
    """Rounded, deterministic estimates where a district or the city has no figure."""
    localities = list(
        District.objects.filter(city=city, level=DistrictLevel.LOCALITY).order_by("number")
    )
    if not localities:
        return
    weights = {
        d.pk: 2 + int(hashlib.sha256(d.name.encode()).hexdigest()[:2], 16) % 9 for d in localities
    }
    total = sum(weights.values())
    figures = {pk: round(DEMO_CITY_POPULATION * w / total, -2) for pk, w in weights.items()}
    for district in localities:
        if district.population is None:
            District.objects.filter(pk=district.pk).update(population=int(figures[district.pk]))
    for borough in District.objects.filter(
        city=city, level=DistrictLevel.BOROUGH, population__isnull=True
    ):
        inside = sum(int(figures[d.pk]) for d in localities if d.parent_id == borough.pk)
        District.objects.filter(pk=borough.pk).update(population=inside or None)
    if city.population is None:
        City.objects.filter(pk=city.pk).update(population=DEMO_CITY_POPULATION)


def demo_picture(title: str, topic: str) -> SimpleUploadedFile:
    """A calm drawn title picture: the topic's colours, a sun, hills and a few trees, varied by
    the title so that no two impulses look alike."""
    width, height = 1200, 675
    top, bottom = TOPIC_COLOURS.get(topic, ((80, 80, 80), (200, 200, 200)))
    seed = hashlib.sha256(title.encode()).digest()
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        colour = tuple(int(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    sun_x = 150 + seed[0] * 3
    draw.ellipse([sun_x, 80, sun_x + 140, 220], fill=(255, 236, 170))
    for layer in range(3):
        shade = tuple(max(0, c - 40 * (layer + 1)) for c in bottom)
        base = 420 + layer * 80
        points = [(0, height)]
        for x in range(0, width + 100, 100):
            points.append((x, base - (seed[(x // 100 + layer) % 32] % 60)))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    for index in range(5):
        x = 80 + (seed[index + 5] * 4) % (width - 160)
        y = 470 + (seed[index + 10] % 90)
        draw.rectangle([x - 6, y, x + 6, y + 60], fill=(90, 60, 40))
        draw.ellipse([x - 40, y - 70, x + 40, y + 10], fill=(40, 120 + seed[index] % 60, 60))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return SimpleUploadedFile("demo.jpg", buffer.getvalue(), content_type="image/jpeg")
