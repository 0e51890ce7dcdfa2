"""Fill the public network with citizen boxes for the boxes benchmark (bench/boxes.py).

Set-based SQL (``INSERT … SELECT … FROM generate_series``) in the public schema:

- people ``boxperson<n>@boxseed.wecreate.test`` (unusable password), made once;
- ``--boxes`` filler boxes ``seed-box-<n>`` (nine in ten an impulse's closed box without an
  impulse row, one in ten a friend circle), each with three members (an owner and two others
  spread over the people), so every person is in about ``3 × boxes / people`` boxes;
- one measured box ``--slug`` of a real impulse (made with the ORM), with ``--members``
  members (boxperson1 owns it, boxperson2 is the ordinary member the benchmark logs in as),
  ``--tasks`` tasks (open, in progress, done; half assigned, some due) and ``--posts`` posts
  spread over a year.

Every choice is a hash of the row number, so the same arguments give the same data. Each part
is skipped when it exists (people by e-mail, filler boxes by slug, the measured box by
``--slug``), so the large and the small shape share one run's people and filler boxes.

    manage.py seed_boxes --boxes 100000 --slug seed-box-large --members 2000 --tasks 20000 \\
        --posts 50000
    manage.py seed_boxes --boxes 100000 --slug seed-box-small --members 20 --tasks 50 --posts 100
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from public_marketplace.models import City, Impulse, ImpulseKind, ImpulseStatus

SEED_DOMAIN = "boxseed.wecreate.test"
STRIDE = 7919  # a prime: the owners of consecutive filler boxes spread over the people
OTHER = 104_729  # a prime: the two other members of a filler box
WORDS = [
    "Gemeinschaftsgarten", "Spielplatz", "Bücherschrank", "Radweg", "Sitzbänke", "Jugendtreff",
    "Repair-Café", "Blühwiese", "Hofkonzert", "Flohmarkt", "Baumpflanzaktion", "Lastenrad",
]  # fmt: skip
TASKS = [
    "Spaten leihen", "Flyer drucken", "Erde bestellen", "Termin mit dem Amt", "Beete umgraben",
    "Bänke streichen", "Helferliste führen", "Fotos machen", "Spenden sammeln", "Schilder malen",
]  # fmt: skip
POSTS = [
    "Wer hat am Samstag Zeit zum Mithelfen?", "Die Erde ist geliefert, danke an alle!",
    "Das Amt hat geantwortet: wir dürfen anfangen.", "Nächstes Treffen am Donnerstag um 18 Uhr.",
    "Ich bringe Werkzeug und Handschuhe mit.", "Hier die Fotos vom letzten Arbeitseinsatz.",
]  # fmt: skip


def _rnd(seed: int, n: str = "n") -> str:
    """A number in [0, 1) from the row number ``n``: the same every run."""
    return f"((hashint8extended({n}, {seed}) & 1048575)::float8 / 1048576)"


def _pick(words: list[str], seed: int, n: str = "n") -> str:
    array = "ARRAY[" + ", ".join("'" + w.replace("'", "''") + "'" for w in words) + "]"
    return f"({array})[1 + floor({_rnd(seed, n)} * {len(words)})::int]"


class Command(BaseCommand):
    help = "Seed citizen boxes (filler boxes and one measured box) for bench/boxes.py."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=10_000)
        parser.add_argument("--boxes", type=int, default=100_000, help="filler boxes")
        parser.add_argument("--slug", default="seed-box-large", help="the measured box")
        parser.add_argument("--members", type=int, default=2_000)
        parser.add_argument("--tasks", type=int, default=20_000)
        parser.add_argument("--posts", type=int, default=50_000)
        parser.add_argument("--city", default="leipzig")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 3 <= options["members"] <= options["people"]:
            raise CommandError("--members must be between 3 and --people")
        with schema_context(get_public_schema_name()):
            self._seed(options)

    def _step(self, label: str, started: float) -> None:
        self.stdout.write(f"  {label}: {time.perf_counter() - started:.1f} s")

    def _seed(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        city = City.objects.filter(slug=options["city"]).first()
        if city is None:
            raise CommandError(f"city {options['city']!r} not found: run `manage.py seed_demo`")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL work_mem = '256MB'")
            step = time.perf_counter()
            base = self._people(cursor, options["people"])
            self._step("people", step)
            step = time.perf_counter()
            self._filler(cursor, options["boxes"], options["people"], base)
            self._step("filler boxes and their members", step)
            step = time.perf_counter()
            self._measured(cursor, city, options, base)
            self._step("measured box (members, tasks, posts)", step)
        step = time.perf_counter()
        with connection.cursor() as cursor:
            for table in (
                "accounts_user",
                "workspaces_workspace",
                "workspaces_workspacemember",
                "workspaces_post",
                "taskboard_task",
            ):
                cursor.execute(f"ANALYZE {table}")
        self._step("ANALYZE", step)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {options['slug']} ({options['members']:,} members, "
                f"{options['tasks']:,} tasks, {options['posts']:,} posts) among "
                f"{options['boxes']:,} boxes in {time.perf_counter() - started:.0f} s"
            )
        )

    def _people(self, cursor: Any, people: int) -> int:
        """Make the people once; returns the id before boxperson1 (ids are consecutive)."""
        cursor.execute(
            "SELECT min(id), count(*) FROM accounts_user WHERE email LIKE %s",
            [f"%@{SEED_DOMAIN}"],
        )
        low, count = cursor.fetchone()
        if count:
            if count < people:
                raise CommandError(f"{count} seed people exist, fewer than --people {people}")
            return int(low) - 1
        cursor.execute("LOCK TABLE accounts_user IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
        base = int(cursor.fetchone()[0])
        cursor.execute(
            """
            INSERT INTO accounts_user (id, password, email, is_active, is_verified, public_id,
                display_name, date_joined, preferred_language, blocked_reason)
            SELECT %(base)s + n, '!', 'boxperson' || n || '@' || %(domain)s, true, true,
                   gen_random_uuid(), 'Nachbar:in ' || n, now(), 'de', ''
            FROM generate_series(1, %(people)s) AS n
            """,
            {"base": base, "people": people, "domain": SEED_DOMAIN},
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('accounts_user', 'id'), %s)", [base + people]
        )
        return base

    def _filler(self, cursor: Any, boxes: int, people: int, base: int) -> None:
        cursor.execute("SELECT count(*) FROM workspaces_workspace WHERE slug ~ '^seed-box-[0-9]+$'")
        if cursor.fetchone()[0] >= boxes:
            return
        cursor.execute("DELETE FROM workspaces_workspace WHERE slug ~ '^seed-box-[0-9]+$'")
        cursor.execute(
            f"""
            INSERT INTO workspaces_workspace (public_id, name, slug, description, visibility,
                created_by_id, created_at, updated_at, member_count)
            SELECT gen_random_uuid(), {_pick(WORDS, 1)} || ' ' || n, 'seed-box-' || n,
                   'Hier setzen wir den Impuls gemeinsam um.',
                   CASE WHEN n %% 10 = 0 THEN 'secret' ELSE 'closed' END,
                   %(base)s + 1 + (n * {STRIDE}) %% %(people)s,
                   now() - {_rnd(2)} * interval '700 days', now(), 3
            FROM generate_series(1, %(boxes)s) AS n
            """,  # noqa: S608 - generated SQL from constants; values are parameters
            {"base": base, "people": people, "boxes": boxes},
        )
        cursor.execute(
            f"""
            INSERT INTO workspaces_workspacemember (workspace_id, user_id, role, joined_at)
            SELECT w.id,
                   %(base)s + 1 + ((n * {STRIDE}) + k * {OTHER}) %% %(people)s,
                   CASE WHEN k = 0 THEN 'owner' ELSE 'member' END, w.created_at
            FROM workspaces_workspace w
            CROSS JOIN LATERAL (SELECT substr(w.slug, 10)::int AS n) AS nn
            CROSS JOIN generate_series(0, 2) AS k
            WHERE w.slug ~ '^seed-box-[0-9]+$'
            ON CONFLICT DO NOTHING
            """,  # noqa: S608
            {"base": base, "people": people},
        )

    def _measured(self, cursor: Any, city: City, options: dict[str, Any], base: int) -> None:
        from workspaces.models import Visibility, Workspace

        slug = options["slug"]
        if Workspace.objects.filter(slug=slug).exists():
            return
        members, tasks, posts = options["members"], options["tasks"], options["posts"]
        owner_id = base + 1
        box = Workspace.objects.create(
            name=f"Gemeinschaftsgarten ({slug})",
            slug=slug,
            description="Hier setzen wir den Impuls gemeinsam um.",
            visibility=Visibility.CLOSED,
            created_by_id=owner_id,
            member_count=members,
        )
        Impulse.objects.create(
            kind=ImpulseKind.IDEA,
            title=f"Gemeinschaftsgarten für alle ({slug})",
            body="Ein Garten, den die Nachbarschaft gemeinsam pflegt.",
            body_html="<p>Ein Garten, den die Nachbarschaft gemeinsam pflegt.</p>",
            city=city,
            author_id=owner_id,
            author_kind="citizen",
            status=ImpulseStatus.IN_IMPLEMENTATION,
            published_at=timezone.now(),
            box=box,
        )
        cursor.execute(
            """
            INSERT INTO workspaces_workspacemember (workspace_id, user_id, role, joined_at)
            SELECT %(box)s, %(base)s + n, CASE WHEN n = 1 THEN 'owner' ELSE 'member' END,
                   now() - (%(members)s - n) * interval '1 minute'
            FROM generate_series(1, %(members)s) AS n
            """,
            {"box": box.pk, "base": base, "members": members},
        )
        cursor.execute(
            f"""
            INSERT INTO taskboard_task (public_id, workspace_id, title, description,
                description_html, assignee_id, due_date, status, position, created_by_id,
                created_at, updated_at, completed_at, checklist_total, checklist_done)
            SELECT gen_random_uuid(), %(box)s, {_pick(TASKS, 3)} || ' (' || n || ')', '', '',
                   CASE WHEN n %% 2 = 0 THEN %(base)s + 1 + (n * {STRIDE}) %% %(members)s END,
                   CASE WHEN n %% 3 = 0 THEN current_date + (n %% 120 - 30) END,
                   s.status, n, %(base)s + 1 + (n * {OTHER}) %% %(members)s,
                   now() - (%(tasks)s - n) * interval '10 minutes', now(),
                   CASE WHEN s.status = 'done' THEN now() END, 0, 0
            FROM generate_series(1, %(tasks)s) AS n
            CROSS JOIN LATERAL (SELECT CASE WHEN {_rnd(4)} < 0.4 THEN 'open'
                WHEN {_rnd(4)} < 0.6 THEN 'in_progress' ELSE 'done' END AS status) AS s
            """,  # noqa: S608
            {"box": box.pk, "base": base, "members": members, "tasks": tasks},
        )
        cursor.execute(
            f"""
            INSERT INTO workspaces_post (public_id, workspace_id, author_id, body, body_html,
                created_at, comment_count)
            SELECT gen_random_uuid(), %(box)s, %(base)s + 1 + (n * {STRIDE}) %% %(members)s,
                   {_pick(POSTS, 5)}, '<p>' || {_pick(POSTS, 5)} || '</p>',
                   now() - (%(posts)s - n) * interval '10 minutes', 0
            FROM generate_series(1, %(posts)s) AS n
            """,  # noqa: S608
            {"box": box.pk, "base": base, "members": members, "posts": posts},
        )
