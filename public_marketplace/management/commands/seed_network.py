"""Fill the public network with a large, realistic data set for benchmarks (issue #3).

Everything is generated set-based in SQL (``INSERT … SELECT … FROM generate_series``), in the
public schema, without Django objects:

- people: ``accounts_user`` rows ``person<k>@seed.wecreate.test`` with an unusable password
  (``!``); no organisation links;
- impulses spread over the city's Ortsteile (some also tagged with their Stadtbezirk, a few
  city-wide), with German titles and texts built from word lists (so full-text search finds
  something), kinds, statuses (mostly published), ``published_at`` over the last two years,
  events with ``starts_at``/``ends_at``;
- supports: unique per (impulse, person), heavy-tailed per impulse (Pareto), with
  ``support_count`` equal to the rows and ``hot_score`` computed as in
  ``public_marketplace.services.impulses.hot_score``.

Every random choice is a hash of the row number (``hashint8extended``), so the same arguments
give the same data. Seed rows are recognised by the people's e-mail domain (impulses by their
author); ``--reset`` deletes only those. Run ``migrate_schemas --shared`` and ``seed_demo``
first (public tenant and Leipzig).

    manage.py seed_network --impulses 1000000 --people 100000 --supports 5000000
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context

from public_marketplace.models import City, District, DistrictLevel, Impulse, Support, Topic
from tenants.models import Organisation, OrganisationStatus

SEED_DOMAIN = "seed.wecreate.test"
SEED_EMAIL_LIKE = f"%@{SEED_DOMAIN}"
PARETO_ALPHA = 1.3  # supports per impulse: most have one or two, a few tens of thousands
HOT_SCORE_SECONDS = 45_000  # public_marketplace.services.impulses.HOT_SCORE_SECONDS
TWO_YEARS_DAYS = 730

IMPULSE = Impulse._meta.db_table
SUPPORT = Support._meta.db_table
IMPULSE_DISTRICTS = Impulse.districts.through._meta.db_table
IMPULSE_TOPICS = Impulse.topics.through._meta.db_table
USER_TABLE = "accounts_user"

# --- Word lists (German) -------------------------------------------------------------------

IDEAS = [
    "Trinkbrunnen", "Gemeinschaftsgarten", "Spielplatz", "Bücherschrank", "Radweg",
    "Fahrradbügel", "Sitzbänke", "Zebrastreifen", "Tempo 30", "Jugendtreff", "Seniorentreff",
    "Wochenmarkt", "Lastenrad-Verleih", "Schulweg", "Hundewiese", "Blühwiese",
    "Stadtteilbibliothek", "Straßenbeleuchtung", "Baumpatenschaften", "Skatepark",
    "Sportplatz", "Mülleimer", "Repair-Café", "Kita-Plätze", "Carsharing-Station",
    "Barrierefreiheit", "Schattenbäume", "Nachbarschaftshilfe", "Fahrradstraße",
    "Wasserspielplatz", "Toiletten", "Stadtteilzeitung",
]  # fmt: skip
EVENTS = [
    "Nachbarschaftsfest", "Flohmarkt", "Kulturabend", "Sprachcafé", "Frühjahrsputz", "Lesung",
    "Fahrradtour", "Hofkonzert", "Baumpflanzaktion", "Kiezspaziergang", "Kleidertausch",
    "Filmabend", "Laternenumzug", "Stadtteilkonferenz", "Kinderfest", "Repair-Café",
]  # fmt: skip
PLACES = [
    "am Lindenauer Markt", "am Karl-Heine-Kanal", "im Clara-Zetkin-Park", "am Connewitzer Kreuz",
    "in der Eisenbahnstraße", "im Lene-Voigt-Park", "am Augustusplatz", "am Südplatz",
    "an der Sachsenbrücke", "im Rabet", "am Cospudener See", "in der Georg-Schwarz-Straße",
    "im Auwald", "am Wilhelm-Leuschner-Platz", "im Mariannenpark", "am Floßplatz",
    "an der Jahnallee", "im Stadtteilpark Plagwitz", "am Volkmarsdorfer Markt", "im Rosental",
]  # fmt: skip
ACTIONS = [
    "einrichten", "erhalten", "ausbauen", "sanieren", "gemeinsam gestalten", "sicherer machen",
    "endlich umsetzen", "planen", "barrierefrei machen", "beleben",
]  # fmt: skip
REASONS = [
    "Viele Familien aus der Nachbarschaft wünschen sich das seit Jahren.",
    "Im Sommer fehlen hier Schatten und Abkühlung.",
    "Das würde den Stadtteil lebendiger und sicherer machen.",
    "Gerade ältere Menschen und Kinder hätten etwas davon.",
    "Die Stadtverwaltung hat Unterstützung signalisiert, wenn sich genug Leute finden.",
    "Ähnliche Projekte in anderen Stadtteilen laufen sehr gut.",
    "Der Ortschaftsrat soll sich noch in diesem Jahr damit befassen.",
    "Bisher gibt es im ganzen Viertel nichts Vergleichbares.",
]  # fmt: skip
CALLS = [
    "Wer macht mit?",
    "Unterstützt den Vorschlag, damit der Stadtbezirksbeirat ihn aufgreift.",
    "Wir suchen Leute, die mit anpacken.",
    "Kommt vorbei und bringt Ideen mit!",
    "Jede Unterstützung zählt.",
]  # fmt: skip
FIRST_NAMES = [
    "Anna", "Ben", "Clara", "Deniz", "Emil", "Fatma", "Greta", "Hannes", "Ida", "Jonas", "Karla",
    "Luca", "Mia", "Noah", "Olga", "Paul", "Quirin", "Rosa", "Sami", "Tilda", "Ugur", "Vera",
    "Willi", "Yara", "Zoe", "Mehmet", "Lena", "Finn", "Marie", "Tom",
]  # fmt: skip
LAST_INITIALS = list("ABCDEFGHIJKLMNOPRSTUVWZ")


def _rnd(seed: int, n: str = "n") -> str:
    """SQL for a uniform number in [0, 1), a hash of the row number (reproducible)."""
    return f"((hashint8extended({n}, {seed}) & 140737488355327)::float8 / 140737488355328.0)"


def _pick(param: str, seed: int, n: str = "n") -> str:
    """SQL that picks one element of the text[] parameter ``param`` by a hash of the row."""
    return (
        f"(%({param})s::text[])[1 + ((hashint8extended({n}, {seed}) & 2147483647)"
        f" %% cardinality(%({param})s::text[]))]"
    )


@contextmanager
def _timed(label: str, timings: dict[str, float], out: Any) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[label] = round(time.perf_counter() - started, 2)
    out.write(f"  {label}: {timings[label]:.1f} s")
    out.flush()


class Command(BaseCommand):
    help = "Generate people, impulses and supports for benchmarks (set-based SQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--impulses", type=int, default=1_000_000)
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--supports", type=int, default=5_000_000)
        parser.add_argument("--city", default="leipzig", help="city slug (must be loaded)")
        parser.add_argument(
            "--batch", type=int, default=100_000, help="impulses per INSERT statement"
        )
        parser.add_argument("--reset", action="store_true", help="delete earlier seed rows first")
        parser.add_argument("--no-vacuum", action="store_true", help="ANALYZE only, no VACUUM")

    def handle(self, *args: Any, **options: Any) -> None:
        with schema_context(get_public_schema_name()):
            self._seed(options)

    def _seed(self, options: dict[str, Any]) -> None:
        impulses, people, supports = options["impulses"], options["people"], options["supports"]
        batch = max(1_000, options["batch"])
        if impulses < 0 or people < 1 or supports < 0:
            raise CommandError("--people must be at least 1; counts cannot be negative")
        if supports > 0.95 * impulses * people:
            raise CommandError("more supports than (impulse, person) pairs allow")
        city = City.objects.filter(slug=options["city"]).first()
        if city is None:
            raise CommandError(
                f"city {options['city']!r} not found: run `manage.py seed_demo` "
                "(or `load_city`) first"
            )
        timings: dict[str, float] = {}
        started = time.perf_counter()
        existing = self._seed_counts()
        if existing["people"]:
            if not options["reset"]:
                raise CommandError(
                    f"seed rows exist ({existing['people']} people, {existing['impulses']} "
                    "impulses): use --reset to delete them first"
                )
            with _timed("reset (delete earlier seed rows)", timings, self.stdout):
                self._reset()
        self.stdout.write(
            f"Seeding {impulses:,} impulses, {people:,} people, {supports:,} supports "
            f"in {city.name} (batches of {batch:,} impulses)"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            self._session_settings(cursor)
            cursor.execute(f"LOCK TABLE {USER_TABLE}, {IMPULSE} IN SHARE ROW EXCLUSIVE MODE")
            user_base = self._max_id(cursor, USER_TABLE)
            impulse_base = self._max_id(cursor, IMPULSE)
            with _timed("people", timings, self.stdout):
                self._people(cursor, people, user_base)
            with _timed("plan (statuses, kinds, dates, support counts)", timings, self.stdout):
                self._plan(cursor, city, impulses, people, supports)
            with _timed("impulses", timings, self.stdout):
                self._impulses(cursor, city, impulses, impulse_base, user_base, batch)
            with _timed("impulse districts and topics", timings, self.stdout):
                self._districts(cursor, city, impulse_base)
            with _timed("supports", timings, self.stdout):
                self._supports(cursor, impulses, people, impulse_base, user_base, batch)
            for table in (USER_TABLE, IMPULSE):
                high = self._max_id(cursor, table)
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, max(high, 1)]
                )
            cursor.execute("DROP TABLE seed_plan")
        verb = "ANALYZE" if options["no_vacuum"] else "VACUUM (ANALYZE)"
        with _timed(verb, timings, self.stdout), connection.cursor() as cursor:
            for table in (USER_TABLE, IMPULSE, IMPULSE_DISTRICTS, IMPULSE_TOPICS, SUPPORT):
                cursor.execute(f"{verb} {table}")
        counts = self._seed_counts()
        total = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {counts['people']:,} people, {counts['impulses']:,} impulses, "
                f"{counts['supports']:,} supports in {total:.0f} s"
            )
        )

    # --- helpers ---------------------------------------------------------------------------

    def _seed_counts(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*), min(id), max(id) FROM {USER_TABLE} WHERE email LIKE %s",  # noqa: S608
                [SEED_EMAIL_LIKE],
            )
            people, low, high = cursor.fetchone()
            if not people:
                return {"people": 0, "impulses": 0, "supports": 0}
            cursor.execute(
                f"SELECT count(*), coalesce(sum(support_count), 0) FROM {IMPULSE} "  # noqa: S608
                "WHERE author_id BETWEEN %s AND %s",
                [low, high],
            )
            impulses, supports = cursor.fetchone()
        return {"people": people, "impulses": impulses, "supports": int(supports)}

    @staticmethod
    def _max_id(cursor: Any, table: str) -> int:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608 - fixed names
        return int(cursor.fetchone()[0])

    @staticmethod
    def _session_settings(cursor: Any) -> None:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        # The rows are consistent by construction; skipping the (deferred) foreign-key triggers
        # saves queuing millions of checks until commit. Needs a superuser; without, checks run.
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")

    def _reset(self) -> None:
        """Delete seed people, their impulses and every row pointing at either (public schema)."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '256MB'")
            users = f"SELECT id FROM {USER_TABLE} WHERE email LIKE %s"  # noqa: S608
            cursor.execute(
                f"CREATE TEMP TABLE seed_users ON COMMIT DROP AS {users}", [SEED_EMAIL_LIKE]
            )
            cursor.execute("ALTER TABLE seed_users ADD PRIMARY KEY (id)")
            ids = f"SELECT id FROM {IMPULSE} WHERE author_id IN (SELECT id FROM seed_users)"  # noqa: S608
            cursor.execute(f"CREATE TEMP TABLE seed_impulses ON COMMIT DROP AS {ids}")
            cursor.execute("ALTER TABLE seed_impulses ADD PRIMARY KEY (id)")
            cursor.execute("ANALYZE seed_users")
            cursor.execute("ANALYZE seed_impulses")
            for target, ids in ((IMPULSE, "seed_impulses"), (USER_TABLE, "seed_users")):
                for table, column in self._references(cursor, target):
                    if table == IMPULSE or table.startswith("tenants_"):
                        # Impulses go below; organisations are never deleted here (a seed
                        # person cannot own one: the foreign key check at commit refuses).
                        continue
                    cursor.execute(
                        f'DELETE FROM public."{table}" WHERE "{column}" IN (SELECT id FROM {ids})'  # noqa: S608
                    )
                if target == IMPULSE:
                    cursor.execute(
                        f"DELETE FROM {IMPULSE} WHERE id IN (SELECT id FROM seed_impulses)"  # noqa: S608
                    )
            cursor.execute(f"DELETE FROM {USER_TABLE} WHERE id IN (SELECT id FROM seed_users)")  # noqa: S608

    @staticmethod
    def _references(cursor: Any, table: str) -> list[tuple[str, str]]:
        """(table, column) of every single-column foreign key in public pointing at ``table``."""
        cursor.execute(
            """
            SELECT src.relname, att.attname
            FROM pg_constraint c
            JOIN pg_class src ON src.oid = c.conrelid
            JOIN pg_namespace ns ON ns.oid = src.relnamespace
            JOIN pg_attribute att ON att.attrelid = c.conrelid AND att.attnum = c.conkey[1]
            WHERE c.contype = 'f' AND c.confrelid = %s::regclass AND ns.nspname = 'public'
              AND cardinality(c.conkey) = 1
            ORDER BY src.relname, att.attname
            """,
            [f"public.{table}"],
        )
        return [(name, column) for name, column in cursor.fetchall()]

    def _people(self, cursor: Any, people: int, user_base: int) -> None:
        cursor.execute(
            f"""
            INSERT INTO {USER_TABLE}
              (id, password, email, is_active, is_verified, public_id, display_name, date_joined,
               preferred_language, blocked_reason)
            SELECT %(base)s + n, '!', 'person' || n || '@{SEED_DOMAIN}', true, true,
                   gen_random_uuid(),
                   {_pick("first", 11)} || ' ' || {_pick("initial", 12)} || '.',
                   now() - {_rnd(13)} * interval '{TWO_YEARS_DAYS + 365} days',
                   CASE WHEN {_rnd(14)} < 0.1 THEN 'en' ELSE 'de' END, ''
            FROM generate_series(1, %(people)s) AS n
            """,  # noqa: S608 - fixed names and generated SQL; values are parameters
            {"base": user_base, "people": people, "first": FIRST_NAMES, "initial": LAST_INITIALS},
        )

    def _plan(self, cursor: Any, city: City, impulses: int, people: int, supports: int) -> None:
        """One row per impulse with every decision that later inserts must agree on."""
        localities = list(
            District.objects.filter(city=city, level=DistrictLevel.LOCALITY)
            .order_by("number")
            .values_list("pk", "parent_id", "name")
        )
        organisations = list(
            Organisation.objects.filter(status=OrganisationStatus.READY)
            .exclude(schema_name="public")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        cursor.execute(
            f"""
            CREATE TEMP TABLE seed_plan AS
            WITH r AS (
              SELECT n, {_rnd(21)} AS r_status, {_rnd(22)} AS r_kind, {_rnd(23)} AS r_age,
                     {_rnd(24)} AS r_pop, {_rnd(25)} AS r_loc, {_rnd(26)} AS r_author,
                     {_rnd(27)} AS r_hidden, {_rnd(28)} AS r_start, {_rnd(29)} AS r_tie,
                     {_rnd(30)} AS r_org, {_rnd(31)} AS r_borough
              FROM generate_series(1, %(impulses)s) AS n
            ), s AS (
              SELECT n, r_kind, r_age, r_pop, r_loc, r_author, r_hidden, r_start, r_tie, r_org,
                     r_borough,
                     CASE WHEN r_status < 0.02 THEN 'draft'
                          WHEN r_status < 0.87 THEN 'published'
                          WHEN r_status < 0.93 THEN 'in_implementation'
                          WHEN r_status < 0.96 THEN 'implemented'
                          ELSE 'archived' END AS status
              FROM r
            ), w AS (
              SELECT *, CASE WHEN status = 'draft' THEN 0.0
                             ELSE power(r_pop + 1e-12, -1.0 / {PARETO_ALPHA}) END AS weight
              FROM s
            )
            SELECT n, status,
                   CASE WHEN r_kind < 0.70 THEN 'idea' WHEN r_kind < 0.90 THEN 'event'
                        ELSE 'reform' END AS kind,
                   r_hidden < 0.003 AS hidden,
                   CASE WHEN status = 'draft' THEN NULL
                        ELSE now() - r_age * interval '{TWO_YEARS_DAYS} days' END AS published_at,
                   now() - r_age * interval '{TWO_YEARS_DAYS} days'
                     - interval '3 hours' * r_tie AS created_at,
                   r_start,
                   floor(r_author * %(people)s)::bigint AS author_k,
                   CASE WHEN cardinality(%(orgs)s::bigint[]) > 0 AND r_org < 0.03
                        THEN (%(orgs)s::bigint[])[
                               1 + floor(r_org / 0.03 * cardinality(%(orgs)s::bigint[]))::int]
                        END AS organisation_id,
                   CASE WHEN cardinality(%(loc_ids)s::bigint[]) = 0 OR r_loc < 0.05 THEN NULL
                        ELSE 1 + floor((r_loc - 0.05) / 0.95
                                       * cardinality(%(loc_ids)s::bigint[]))::int END AS loc,
                   r_borough < 0.12 AS with_borough,
                   r_tie,
                   least(%(people)s, floor(weight * %(supports)s
                                           / nullif(sum(weight) OVER (), 0)))::bigint AS c
            FROM w
            """,  # noqa: S608 - generated SQL; values are parameters
            {
                "impulses": impulses,
                "people": people,
                "supports": supports,
                "orgs": organisations,
                "loc_ids": [pk for pk, _, _ in localities],
            },
        )
        cursor.execute("UPDATE seed_plan SET c = 0 WHERE c IS NULL")
        cursor.execute("ALTER TABLE seed_plan ADD PRIMARY KEY (n)")
        # Floors lose a fraction per impulse: hand the rest out one by one (bounded rounds).
        for _ in range(20):
            cursor.execute("SELECT coalesce(sum(c), 0) FROM seed_plan")
            missing = supports - int(cursor.fetchone()[0])
            if missing <= 0:
                break
            cursor.execute(
                """
                UPDATE seed_plan SET c = c + 1 WHERE n IN (
                  SELECT n FROM seed_plan WHERE status <> 'draft' AND c < %s
                  ORDER BY r_tie LIMIT %s)
                """,
                [people, missing],
            )
            if cursor.rowcount == 0:
                raise CommandError("cannot place all supports (too few impulses or people)")
        else:
            raise CommandError("support counts did not converge")
        cursor.execute("ANALYZE seed_plan")
        self._localities = localities

    def _impulses(
        self,
        cursor: Any,
        city: City,
        impulses: int,
        impulse_base: int,
        user_base: int,
        batch: int,
    ) -> None:
        names = [name for _, _, name in self._localities]
        title = f"""
          CASE p.kind
            WHEN 'event' THEN CASE WHEN {_rnd(31, "p.n")} < 0.5
                 THEN {_pick("events", 32, "p.n")} || ' ' || {_pick("places", 33, "p.n")}
                 ELSE {_pick("events", 32, "p.n")} || ' in ' || {_district_name()} END
            WHEN 'reform' THEN 'Antrag: ' || {_pick("ideas", 34, "p.n")} || ' in '
                 || {_district_name()} || ' ' || {_pick("actions", 35, "p.n")}
            ELSE CASE WHEN {_rnd(36, "p.n")} < 0.4
                 THEN {_pick("ideas", 34, "p.n")} || ' ' || {_pick("places", 33, "p.n")}
                 WHEN {_rnd(36, "p.n")} < 0.8
                 THEN {_pick("ideas", 34, "p.n")} || ' in ' || {_district_name()}
                 ELSE {_district_name()} || ': ' || {_pick("ideas", 34, "p.n")} || ' '
                      || {_pick("actions", 35, "p.n")} END
          END"""
        body = f"""
          'Unser Vorschlag: ' || {_pick("ideas", 37, "p.n")} || ' ' || {_pick("places", 38, "p.n")}
          || '. ' || {_pick("reasons", 39, "p.n")} || ' ' || {_pick_other("reasons", 39, 40)}
          || ' ' || {_pick("calls", 41, "p.n")}"""
        hot_score = f"""
          CASE WHEN p.published_at IS NULL THEN 0.0
               ELSE round((log(greatest(p.c, 1)::float8)
                           + extract(epoch FROM p.published_at
                                     - timestamptz '2020-01-01 00:00:00+00')::float8
                             / {HOT_SCORE_SECONDS})::numeric, 7)::float8 END"""
        starts_at = "(p.published_at + p.r_start * interval '90 days' + interval '18 hours')"
        sql = f"""
          INSERT INTO {IMPULSE}
            (id, public_id, kind, title, body, body_html, author_kind, status,
             implementation_report, starts_at, ends_at, place_name, address, latitude,
             longitude, online_url, support_count, participant_count, comment_count, hot_score,
             is_hidden, published_at, created_at, updated_at, author_id, city_id,
             organisation_id)
          SELECT %(impulse_base)s + p.n, gen_random_uuid(), p.kind, left(t.title, 140), t.body,
                 '<p>' || t.body || '</p>',
                 CASE WHEN p.organisation_id IS NOT NULL THEN 'organisation'
                      WHEN p.r_tie < 0.01 THEN 'administration' ELSE 'citizen' END,
                 p.status,
                 CASE WHEN p.status = 'implemented'
                      THEN 'Umgesetzt mit Hilfe aus der Nachbarschaft.' ELSE '' END,
                 CASE WHEN p.kind = 'event' THEN coalesce({starts_at}, p.created_at) END,
                 CASE WHEN p.kind = 'event'
                      THEN coalesce({starts_at}, p.created_at) + interval '2 hours' END,
                 CASE WHEN p.kind = 'event' THEN 'Stadtteiltreff ' || {_district_name()}
                      ELSE '' END,
                 '', NULL, NULL, '', p.c, 0, 0, {hot_score}, p.hidden, p.published_at,
                 p.created_at, coalesce(p.published_at, p.created_at),
                 %(user_base)s + 1 + p.author_k, %(city)s, p.organisation_id
          FROM seed_plan p
          CROSS JOIN LATERAL (SELECT {title} AS title, {body} AS body) AS t
          WHERE p.n BETWEEN %(low)s AND %(high)s
          ORDER BY p.n
        """  # noqa: S608 - generated SQL; values are parameters
        params = {
            "impulse_base": impulse_base,
            "user_base": user_base,
            "city": city.pk,
            "ideas": IDEAS,
            "events": EVENTS,
            "places": PLACES,
            "actions": ACTIONS,
            "reasons": REASONS,
            "calls": CALLS,
            "names": names,
            "city_name": city.name,
        }
        for low in range(1, impulses + 1, batch):
            high = min(impulses, low + batch - 1)
            cursor.execute(sql, {**params, "low": low, "high": high})
            if impulses > batch:
                self.stdout.write(f"    impulses {high:,}/{impulses:,}")
                self.stdout.flush()

    def _districts(self, cursor: Any, city: City, impulse_base: int) -> None:
        if self._localities:
            cursor.execute(
                f"""
                INSERT INTO {IMPULSE_DISTRICTS} (impulse_id, district_id)
                SELECT %(base)s + p.n, d.district_id
                FROM seed_plan p
                CROSS JOIN LATERAL (
                  SELECT (%(loc_ids)s::bigint[])[p.loc] AS district_id
                  UNION ALL
                  SELECT (%(parent_ids)s::bigint[])[p.loc] WHERE p.with_borough
                ) AS d
                WHERE p.loc IS NOT NULL AND d.district_id IS NOT NULL
                ORDER BY p.n
                """,  # noqa: S608 - fixed names; values are parameters
                {
                    "base": impulse_base,
                    "loc_ids": [pk for pk, _, _ in self._localities],
                    "parent_ids": [parent for _, parent, _ in self._localities],
                },
            )
        topics = list(Topic.objects.order_by("pk").values_list("pk", flat=True))
        if topics:  # only when the city's topics exist; the seed does not invent any
            cursor.execute(
                f"""
                INSERT INTO {IMPULSE_TOPICS} (impulse_id, topic_id)
                SELECT %(base)s + p.n,
                       (%(topics)s::bigint[])[1 + floor({_rnd(61, "p.n")}
                                                        * cardinality(%(topics)s::bigint[]))::int]
                FROM seed_plan p WHERE {_rnd(62, "p.n")} < 0.6
                ORDER BY p.n
                """,  # noqa: S608 - fixed names; values are parameters
                {"base": impulse_base, "topics": topics},
            )

    def _supports(
        self,
        cursor: Any,
        impulses: int,
        people: int,
        impulse_base: int,
        user_base: int,
        batch: int,
    ) -> None:
        """Impulse n is supported by people (a + k·stride) mod P, k < c: distinct because the
        stride is coprime with P and c ≤ P."""
        stride = _coprime_stride(people)
        sql = f"""
          INSERT INTO {SUPPORT} (show_name, created_at, impulse_id, user_id)
          SELECT {_rnd(51, "p.n::bigint * 100003 + k")} < 0.25,
                 p.published_at + {_rnd(52, "p.n::bigint * 100003 + k")} * (now() - p.published_at),
                 %(impulse_base)s + p.n,
                 %(user_base)s + 1
                   + ((hashint8extended(p.n, 53) & 2147483647) + k::bigint * %(stride)s)
                     %% %(people)s
          FROM seed_plan p
          CROSS JOIN LATERAL generate_series(0, p.c - 1) AS k
          WHERE p.n BETWEEN %(low)s AND %(high)s AND p.c > 0
          ORDER BY p.n, k
        """  # noqa: S608 - generated SQL; values are parameters
        params = {
            "impulse_base": impulse_base,
            "user_base": user_base,
            "stride": stride,
            "people": people,
        }
        for low in range(1, impulses + 1, batch):
            high = min(impulses, low + batch - 1)
            cursor.execute(sql, {**params, "low": low, "high": high})
            if impulses > batch:
                self.stdout.write(f"    supports for impulses {high:,}/{impulses:,}")
                self.stdout.flush()


def _pick_other(param: str, first_seed: int, seed: int) -> str:
    """Another element than ``_pick(param, first_seed, "p.n")`` chose (no repeated sentence)."""
    size = f"cardinality(%({param})s::text[])"
    first = f"((hashint8extended(p.n, {first_seed}) & 2147483647) %% {size})"
    step = f"(1 + (hashint8extended(p.n, {seed}) & 2147483647) %% ({size} - 1))"
    return f"(%({param})s::text[])[1 + ({first} + {step}) %% {size}]"


def _district_name() -> str:
    """The name of the impulse's Ortsteil (the city's name for city-wide impulses)."""
    return "coalesce((%(names)s::text[])[p.loc], %(city_name)s)"


def _coprime_stride(people: int) -> int:
    stride = max(1, int(people * 0.618))
    while math.gcd(stride, people) != 1:
        stride += 1
    return stride
