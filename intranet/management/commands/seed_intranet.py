"""Fill one organisation's intranet with a large, realistic data set for benchmarks (issue #4).

The organisation is made (or reused) through the normal provisioning service
(``tenants.services.register_organisation`` + ``provision_organisation``), so its schema, its
owner and its public rows are exactly what a real one has. Everything else is generated
set-based in SQL (``INSERT … SELECT … FROM generate_series``), without Django objects:

- people: ``accounts_user`` rows ``m<k>@<slug>.intranet-seed.test`` (public schema, unusable
  password ``!``), each linked to the organisation as ``intranet.services.add_member`` does:
  the django-tenant-users link (``accounts_user_tenants``), a ``UserTenantPermissions`` row in
  the organisation's schema and a ``Membership`` (95 % members, 3 % guests, 2 % admins);
- groups (``Workspace``): 60 % open, 30 % closed, 10 % secret, with members (each person in
  0–15 groups, skewed towards the low-numbered, "popular" groups; the first member of each
  group is its admin) and ``member_count`` kept as the services keep it;
- posts with German text built from word lists, newest with the highest id, 20 % in the
  organisation's feed and 80 % in groups (skewed like the memberships); a few pinned; a rare
  word in about 1 % of the posts (each of the 40 rare words in ~0.025 %), so search has a
  common word (``Mitgliederversammlung``, ~1 in 8 posts) and a rare one;
- comments (``comment_count`` kept), reactions (unique per post, person and kind);
- events over the past and the next year (30 % for the whole organisation), with answers
  (``going_count`` and ``maybe_count`` kept).

Every random choice is a hash of the row number (``hashint8extended``) and every public id an
MD5 of the organisation's slug and the row number, so the same arguments give the same data.
Idempotent: a step whose rows are all there is skipped; a partial step inserts what is missing
(``ON CONFLICT DO NOTHING``). Prints the time of each step.

    manage.py seed_intranet --slug bench --members 20000 --groups 500 --posts 200000
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Organisation, OrganisationStatus

SEED_DOMAIN_SUFFIX = "intranet-seed.test"
TWO_YEARS_DAYS = 730
COMMON_WORD = "Mitgliederversammlung"

# --- Word lists (German) -------------------------------------------------------------------

OPENERS = [
    "Einladung zur", "Protokoll der", "Rückblick auf die", "Ideen für die", "Fragen zur",
    "Danke für die", "Erinnerung an die", "Vorbereitung der", "Nachlese zur", "Termin für die",
]  # fmt: skip
TOPICS = [
    "Mitgliederversammlung", "Klausurtagung", "Infostand-Schicht", "Haushaltsdebatte",
    "Plakataktion", "Sommerfest", "Arbeitsgruppe Verkehr", "Neumitgliedertreffen",
    "Vorstandssitzung", "Podiumsdiskussion", "Kampagnenplanung", "Mitgliederversammlung",
    "Bildungswochenende", "Stadtratssitzung", "Fahrraddemo", "Mitgliederversammlung",
]  # fmt: skip
PLACES = [
    "im Gemeindehaus", "in der Geschäftsstelle", "im Bürgerhaus Lindenau", "online per Video",
    "im Café am Markt", "im Rathaus", "im Gewerkschaftshaus", "im Nachbarschaftszentrum",
    "am Infostand Connewitz", "im Jugendclub", "in der Stadtbibliothek", "im Volkshaus",
]  # fmt: skip
SENTENCES = [
    "Bitte meldet euch bis Freitag an, damit wir genug Stühle haben.",
    "Die Tagesordnung hängt an, Ergänzungen gern in die Kommentare.",
    "Wir brauchen noch zwei Leute für die Kinderbetreuung.",
    "Das Protokoll der letzten Sitzung ist jetzt im Dokumentenbereich.",
    "Für Getränke ist gesorgt, Kuchen wird gern gesehen.",
    "Wer eine Mitfahrgelegenheit braucht, schreibt mir bitte direkt.",
    "Die Presse ist eingeladen, ein kurzes Statement wäre gut.",
    "Wir stimmen über den Antrag zur Satzungsänderung ab.",
    "Neue Mitglieder sind herzlich willkommen, es gibt eine kurze Einführung.",
    "Die Ergebnisse der Umfrage stellen wir am Anfang vor.",
    "Bitte bringt eure Ideen für das nächste Halbjahr mit.",
    "Der Raum ist barrierefrei erreichbar.",
]  # fmt: skip
CALLS = [
    "Wer macht mit?", "Ich freue mich auf euch!", "Bis dann!", "Danke euch allen!",
    "Kommt zahlreich!", "Gebt es gern weiter.",
]  # fmt: skip
RARE_WORDS = [
    "Kassenprüfungsbericht", "Delegiertenschlüssel", "Wahlkreiskonferenz", "Haushaltssperre",
    "Urabstimmung", "Schiedskommission", "Landesparteitag", "Beitragsordnung", "Briefwahlparty",
    "Quartiersmanagement", "Mietspiegel", "Kältebus", "Lastenradförderung", "Schulsozialarbeit",
    "Bürgerhaushalt", "Stadtteilfonds", "Ehrenamtspauschale", "Seniorenbeirat",
    "Jugendparlament", "Klimaschutzkonzept", "Baumschutzsatzung", "Parkraumbewirtschaftung",
    "Kleingartenverein", "Wohnungstauschbörse", "Solidaritätsfonds", "Gemeinwohlbilanz",
    "Tarifkommission", "Betriebsratswahl", "Streikkasse", "Kirchenvorstandswahl",
    "Konfirmandenfreizeit", "Posaunenchor", "Erntedankfest", "Friedensgebet", "Tafelausgabe",
    "Flüchtlingspatenschaft", "Integrationskurs", "Sprachpatenschaft", "Inklusionsbeirat",
    "Wahlprüfsteine",
]  # fmt: skip
GROUP_THEMES = [
    "AG Verkehr", "AG Klima", "AG Soziales", "Ortsverband", "Arbeitskreis Bildung",
    "Jugendgruppe", "Seniorenkreis", "Kampagnenteam", "Presseteam", "Vorstand",
    "Chor", "Besuchsdienst", "Finanzen", "Veranstaltungsteam", "Neumitglieder",
    "Stadtteilgruppe", "Redaktion", "Netzwerk Frauen", "Digitales", "Kultur",
]  # fmt: skip
DISTRICTS = [
    "Lindenau", "Plagwitz", "Connewitz", "Gohlis", "Reudnitz", "Schleußig", "Grünau",
    "Paunsdorf", "Möckern", "Stötteritz", "Eutritzsch", "Volkmarsdorf", "Anger-Crottendorf",
    "Leutzsch", "Probstheida", "Mockau", "Lößnig", "Zentrum-Süd", "Neustadt", "Wahren",
    "Sellerhausen", "Thekla", "Holzhausen", "Knautkleeberg", "Böhlitz-Ehrenberg",
]  # fmt: skip
EVENT_KINDS = [
    "Mitgliederversammlung", "Stammtisch", "Infostand", "Workshop", "Vorstandssitzung",
    "Lesekreis", "Sommerfest", "Plakatieren", "Chorprobe", "Sprechstunde", "Klausurtagung",
    "Radtour",
]  # fmt: skip
FIRST_NAMES = [
    "Anna", "Ben", "Clara", "Deniz", "Emil", "Fatma", "Greta", "Hannes", "Ida", "Jonas", "Karla",
    "Luca", "Mia", "Noah", "Olga", "Paul", "Quirin", "Rosa", "Sami", "Tilda", "Ugur", "Vera",
    "Willi", "Yara", "Zoe", "Mehmet", "Lena", "Finn", "Marie", "Tom", "Helga", "Jürgen",
]  # fmt: skip
LAST_NAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun",
    "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann",
    "Yılmaz", "Kaya", "Nowak", "Kowalski", "Nguyen",
]  # fmt: skip
REACTION_KINDS = ["like", "thanks", "celebrate", "idea"]
FUNCTIONS = ["", "", "", "", "Kassierer:in", "Schriftführer:in", "Beisitzer:in", "Sprecher:in"]


def _rnd(seed: int, n: str = "n") -> str:
    """SQL for a uniform number in [0, 1), a hash of the row number (reproducible)."""
    return f"((hashint8extended({n}, {seed}) & 140737488355327)::float8 / 140737488355328.0)"


def _pick(param: str, seed: int, n: str = "n") -> str:
    """SQL that picks one element of the text[] parameter ``param`` by a hash of the row."""
    return (
        f"(%({param})s::text[])[1 + ((hashint8extended({n}, {seed}) & 2147483647)"
        f" %% cardinality(%({param})s::text[]))]"
    )


def _uuid(kind: str, n: str = "n") -> str:
    """A deterministic public id: the MD5 of slug, kind and row number."""
    return f"md5(%(slug)s || ':{kind}:' || {n})::uuid"


@contextmanager
def _timed(label: str, timings: dict[str, float], out: Any) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[label] = round(time.perf_counter() - started, 2)
    out.write(f"  {label}: {timings[label]:.1f} s")
    out.flush()


class Command(BaseCommand):
    help = "Generate members, groups, posts and events in one organisation (set-based SQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", default="bench")
        parser.add_argument("--name", default="Benchmark-Verband Leipzig")
        parser.add_argument("--members", type=int, default=20_000)
        parser.add_argument("--groups", type=int, default=500)
        parser.add_argument("--posts", type=int, default=200_000)
        parser.add_argument("--comments", type=int, default=60_000)
        parser.add_argument("--reactions", type=int, default=150_000)
        parser.add_argument("--events", type=int, default=3_000)
        parser.add_argument("--batch", type=int, default=50_000, help="posts per INSERT")

    def handle(self, *args: Any, **options: Any) -> None:
        if min(options["members"], options["groups"]) < 1:
            raise CommandError("--members and --groups must be at least 1")
        started = time.perf_counter()
        timings: dict[str, float] = {}
        with _timed("organisation (provisioning service)", timings, self.stdout):
            organisation = self._organisation(options["slug"], options["name"])
        self.slug = organisation.slug
        self.schema = organisation.schema_name
        self.stdout.write(
            f"Seeding {organisation.slug} ({self.schema}): {options['members']:,} members, "
            f"{options['groups']:,} groups, {options['posts']:,} posts, "
            f"{options['events']:,} events"
        )
        steps = [
            ("people and memberships", self._people, options["members"]),
            ("groups", self._groups, options["groups"]),
            ("group members", self._group_members, options["members"]),
            ("posts", self._posts, options["posts"]),
            ("comments", self._comments, options["comments"]),
            ("reactions", self._reactions, options["reactions"]),
            ("events and answers", self._events, options["events"]),
        ]
        self.options = options
        for label, step, wanted in steps:
            with _timed(label, timings, self.stdout):
                done = step(wanted)
            if not done:
                self.stdout.write(f"    ({label}: already there, skipped)")
        with _timed("VACUUM (ANALYZE)", timings, self.stdout), connection.cursor() as cursor:
            for table in (
                "public.accounts_user",
                "public.accounts_user_tenants",
                *(
                    f'"{self.schema}".{name}'
                    for name in (
                        "intranet_membership",
                        "permissions_usertenantpermissions",
                        "workspaces_workspace",
                        "workspaces_workspacemember",
                        "workspaces_post",
                        "threads_thread",
                        "threads_comment",
                        "workspaces_reaction",
                        "events_event",
                        "events_rsvp",
                    )
                ),
            ):
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        counts = self.counts()
        self.stdout.write(
            self.style.SUCCESS(
                f"{organisation.slug}: {counts} in {time.perf_counter() - started:.0f} s"
            )
        )
        self.timings = timings

    # --- organisation ---------------------------------------------------------------------

    def _organisation(self, slug: str, name: str) -> Organisation:
        from billing.models import BillingAccount, Plan, SubscriptionStatus
        from tenants import services
        from tenants.routing import forget_organisation

        with schema_context(get_public_schema_name()):
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                from accounts.models import User

                owner, _ = User.objects.get_or_create(
                    email=f"owner@{slug}.{SEED_DOMAIN_SUFFIX}",
                    defaults={"display_name": "Vorstand (Seed)", "is_active": True},
                )
                organisation = services.register_organisation(
                    name=name, slug=slug, owner=owner, enqueue=False
                )
            if organisation.status == OrganisationStatus.PROVISIONING:
                organisation = services.provision_organisation(organisation_id=organisation.pk)
            if organisation.status != OrganisationStatus.READY:
                raise CommandError(f"organisation {slug!r} is {organisation.status}")
            # 20,000 members need a plan without a member limit (as a real one would have).
            plan = Plan.objects.filter(member_limit__isnull=True).order_by("pk").first()
            if plan is not None:
                BillingAccount.objects.update_or_create(
                    organisation=organisation,
                    defaults={"plan": plan, "status": SubscriptionStatus.ACTIVE},
                )
                forget_organisation(organisation.pk)
        return organisation

    # --- helpers --------------------------------------------------------------------------

    def _t(self, table: str) -> str:
        return f'"{self.schema}".{table}'

    def _count(self, sql: str, params: Any = None) -> int:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0])

    def counts(self) -> dict[str, int]:
        t = self._t
        return {
            "members": self._count(f"SELECT count(*) FROM {t('intranet_membership')}"),  # noqa: S608
            "groups": self._count(f"SELECT count(*) FROM {t('workspaces_workspace')}"),  # noqa: S608
            "group_members": self._count(f"SELECT count(*) FROM {t('workspaces_workspacemember')}"),  # noqa: S608
            "posts": self._count(f"SELECT count(*) FROM {t('workspaces_post')}"),  # noqa: S608
            "comments": self._count(f"SELECT count(*) FROM {t('threads_comment')}"),  # noqa: S608
            "reactions": self._count(f"SELECT count(*) FROM {t('workspaces_reaction')}"),  # noqa: S608
            "events": self._count(f"SELECT count(*) FROM {t('events_event')}"),  # noqa: S608
            "rsvps": self._count(f"SELECT count(*) FROM {t('events_rsvp')}"),  # noqa: S608
        }

    def _seed_people(self) -> str:
        """SQL: (k, user id) of the seed people, k = 1…members."""
        return (
            "SELECT split_part(split_part(email, '@', 1), 'm', 2)::bigint AS k, id "  # noqa: S608
            "FROM public.accounts_user "
            f"WHERE split_part(email, '@', 2) = '{self.slug}.{SEED_DOMAIN_SUFFIX}' "
            "AND split_part(email, '@', 1) ~ '^m[0-9]+$'"
        )

    @staticmethod
    def _session(cursor: Any) -> None:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")

    # --- steps ----------------------------------------------------------------------------

    def _people(self, members: int) -> bool:
        have = self._count(
            f"SELECT count(*) FROM {self._t('intranet_membership')} m "  # noqa: S608
            f"JOIN ({self._seed_people()}) p ON p.id = m.user_id"
        )
        if have >= members:
            return False
        org_id = Organisation.objects.get(slug=self.slug).pk
        params = {
            "members": members,
            "slug": self.slug,
            "domain": f"{self.slug}.{SEED_DOMAIN_SUFFIX}",
            "first": FIRST_NAMES,
            "last": LAST_NAMES,
            "functions": FUNCTIONS,
            "org": org_id,
        }
        with transaction.atomic(), connection.cursor() as cursor:
            self._session(cursor)
            cursor.execute(
                f"""
                INSERT INTO public.accounts_user
                  (password, email, is_active, is_verified, public_id, display_name, date_joined,
                   preferred_language, blocked_reason)
                SELECT '!', 'm' || n || '@' || %(domain)s, true, true, {_uuid("person")},
                       {_pick("first", 11)} || ' ' || {_pick("last", 12)},
                       now() - {_rnd(13)} * interval '{TWO_YEARS_DAYS} days',
                       CASE WHEN {_rnd(14)} < 0.1 THEN 'en' ELSE 'de' END, ''
                FROM generate_series(1, %(members)s) AS n
                ON CONFLICT DO NOTHING
                """,  # noqa: S608 - generated SQL; values are parameters
                params,
            )
            people = f"SELECT id FROM ({self._seed_people()}) s"  # noqa: S608
            # What organisation.add_user() makes: the public link and the tenant permissions.
            cursor.execute(
                f"""
                INSERT INTO public.accounts_user_tenants (user_id, organisation_id)
                SELECT id, %(org)s FROM ({people}) p
                WHERE NOT EXISTS (SELECT 1 FROM public.accounts_user_tenants l
                                  WHERE l.user_id = p.id AND l.organisation_id = %(org)s)
                """,  # noqa: S608
                params,
            )
            cursor.execute(
                f"""
                INSERT INTO {self._t("permissions_usertenantpermissions")}
                  (profile_id, is_staff, is_superuser, created_at, modified_at)
                SELECT id, false, false, now(), now() FROM ({people}) p
                ON CONFLICT DO NOTHING
                """,  # noqa: S608
                params,
            )
            seed = self._seed_people()
            cursor.execute(
                f"""
                INSERT INTO {self._t("intranet_membership")}
                  (user_id, role, is_active, joined_at, updated_at, contact_email,
                   contact_visibility, function, phone)
                SELECT p.id,
                       CASE WHEN p.k = 1 THEN 'member'
                            WHEN {_rnd(15, "p.k")} < 0.02 THEN 'admin'
                            WHEN {_rnd(15, "p.k")} < 0.05 THEN 'guest' ELSE 'member' END,
                       true, now() - {_rnd(16, "p.k")} * interval '{TWO_YEARS_DAYS} days', now(),
                       '', CASE WHEN {_rnd(17, "p.k")} < 0.3 THEN 'members' ELSE 'nobody' END,
                       {_pick("functions", 18, "p.k")}, ''
                FROM ({seed}) p
                ON CONFLICT DO NOTHING
                """,  # noqa: S608
                params,
            )
        return True

    def _groups(self, groups: int) -> bool:
        if self._count(f"SELECT count(*) FROM {self._t('workspaces_workspace')}") >= groups:  # noqa: S608
            return False
        with transaction.atomic(), connection.cursor() as cursor:
            self._session(cursor)
            cursor.execute(
                f"""
                INSERT INTO {self._t("workspaces_workspace")}
                  (public_id, name, slug, description, visibility, created_at, updated_at,
                   member_count)
                SELECT {_uuid("group")},
                       {_pick("themes", 21)} || ' ' || {_pick("districts", 22)} || ' ' || n,
                       'gruppe-' || n,
                       'Die Gruppe für alle, die sich um ' || {_pick("topics", 23)}
                         || ' kümmern. Treffen ' || {_pick("places", 24)} || '.',
                       CASE WHEN n %% 10 = 0 THEN 'secret'
                            WHEN n %% 10 IN (3, 6, 9) THEN 'closed' ELSE 'open' END,
                       now() - interval '{TWO_YEARS_DAYS} days' + n * interval '1 hour',
                       now(), 0
                FROM generate_series(1, %(groups)s) AS n
                ON CONFLICT DO NOTHING
                """,  # noqa: S608
                {
                    "groups": groups,
                    "slug": self.slug,
                    "themes": GROUP_THEMES,
                    "districts": DISTRICTS,
                    "topics": TOPICS,
                    "places": PLACES,
                },
            )
        return True

    def _group_ids(self) -> str:
        """SQL: (g, id) of the seed groups, g = 1…groups."""
        return (
            f"SELECT split_part(slug, '-', 2)::int AS g, id FROM {self._t('workspaces_workspace')} "  # noqa: S608
            "WHERE slug ~ '^gruppe-[0-9]+$'"
        )

    def _group_members(self, members: int) -> bool:
        if self._count(f"SELECT count(*) FROM {self._t('workspaces_workspacemember')}") > 0:  # noqa: S608
            return False
        groups = self.options["groups"]
        with transaction.atomic(), connection.cursor() as cursor:
            self._session(cursor)
            # Person k joins floor(16·r²) groups (about 5 on average); group 1 + floor(G·r^1.8)
            # makes the low-numbered groups the big ones. Person 1 (the benchmark's member)
            # belongs to groups 1–12.
            cursor.execute(
                f"""
                INSERT INTO {self._t("workspaces_workspacemember")}
                  (role, joined_at, user_id, workspace_id)
                SELECT 'member', now() - {_rnd(31, "p.k * 100 + j")} * interval '700 days',
                       p.id, g.id
                FROM ({self._seed_people()}) p
                CROSS JOIN LATERAL generate_series(
                  1, CASE WHEN p.k = 1 THEN 12 ELSE floor(16 * power({_rnd(32, "p.k")}, 2))::int
                     END) AS j
                JOIN ({self._group_ids()}) g ON g.g = CASE WHEN p.k = 1 THEN j ELSE
                  1 + least(%(groups)s - 1,
                            floor(%(groups)s * power({_rnd(33, "p.k * 100 + j")}, 1.8))::int)
                  END
                ON CONFLICT DO NOTHING
                """,  # noqa: S608
                {"groups": groups},
            )
            # The longest-standing member of each group (never person 1) is its admin.
            cursor.execute(
                f"""
                UPDATE {self._t("workspaces_workspacemember")} SET role = 'admin'
                WHERE id IN (
                  SELECT DISTINCT ON (workspace_id) wm.id
                  FROM {self._t("workspaces_workspacemember")} wm
                  JOIN public.accounts_user u ON u.id = wm.user_id
                  WHERE u.email <> %(first)s
                  ORDER BY workspace_id, joined_at, wm.id)
                """,  # noqa: S608
                {"first": f"m1@{self.slug}.{SEED_DOMAIN_SUFFIX}"},
            )
            cursor.execute(
                f"""
                UPDATE {self._t("workspaces_workspace")} w SET member_count = c.n
                FROM (SELECT workspace_id, count(*) AS n
                      FROM {self._t("workspaces_workspacemember")} GROUP BY workspace_id) c
                WHERE c.workspace_id = w.id
                """  # noqa: S608
            )
        return True

    def _posts(self, posts: int) -> bool:
        have = self._count(f"SELECT count(*) FROM {self._t('workspaces_post')}")  # noqa: S608
        if have >= posts:
            return False
        groups = self.options["groups"]
        members = self.options["members"]
        body = f"""
          {_pick("openers", 41)} || ' ' || {_pick("topics", 42)} || ' ' || {_pick("places", 43)}
          || '. ' || {_pick("sentences", 44)} || ' ' || {_pick("sentences", 45)}
          || CASE WHEN {_rnd(46)} < 0.01
                  THEN ' Stichwort: ' || {_pick("rare", 47)} || '.' ELSE '' END
          || ' ' || {_pick("calls", 48)}"""
        # Post n was written at now() - (N - n)·(two years / N): ids grow with time, as they do.
        sql = f"""
          INSERT INTO {self._t("workspaces_post")}
            (public_id, body, body_html, created_at, edited_at, pinned_at, comment_count,
             author_id, pinned_by_id, workspace_id)
          SELECT {_uuid("post", "x.n")}, x.body, '<p>' || x.body || '</p>',
                 x.created_at, NULL,
                 CASE WHEN x.n %% 25000 = 7 THEN x.created_at END, 0,
                 a.id, CASE WHEN x.n %% 25000 = 7 THEN a.id END,
                 g.id
          FROM (
            SELECT n, {body} AS body,
                   now() - (%(posts)s - n) * interval '{TWO_YEARS_DAYS} days' / %(posts)s
                     AS created_at,
                   1 + floor({_rnd(49)} * %(members)s)::bigint AS author_k,
                   CASE WHEN {_rnd(50)} < 0.2 THEN NULL
                        ELSE 1 + least(%(groups)s - 1,
                                       floor(%(groups)s * power({_rnd(51)}, 1.8))::int) END
                     AS group_g
            FROM generate_series(%(low)s, %(high)s) AS n
          ) x
          JOIN ({self._seed_people()}) a ON a.k = x.author_k
          LEFT JOIN ({self._group_ids()}) g ON g.g = x.group_g
          ORDER BY x.n
          ON CONFLICT DO NOTHING
        """  # noqa: S608 - generated SQL; values are parameters
        params = {
            "slug": self.slug,
            "posts": posts,
            "members": members,
            "groups": groups,
            "openers": OPENERS,
            "topics": TOPICS,
            "places": PLACES,
            "sentences": SENTENCES,
            "rare": RARE_WORDS,
            "calls": CALLS,
        }
        batch = max(1_000, self.options["batch"])
        with transaction.atomic(), connection.cursor() as cursor:
            self._session(cursor)
            for low in range(1, posts + 1, batch):
                high = min(posts, low + batch - 1)
                cursor.execute(sql, {**params, "low": low, "high": high})
                self.stdout.write(f"    posts {high:,}/{posts:,}")
                self.stdout.flush()
        return True

    def _post_numbers(self) -> str:
        return f"SELECT id, row_number() OVER (ORDER BY id) AS rn FROM {self._t('workspaces_post')}"  # noqa: S608

    def _comments(self, comments: int) -> bool:
        if self._count(f"SELECT count(*) FROM {self._t('threads_comment')}") >= comments:  # noqa: S608
            return False
        posts = self._count(f"SELECT count(*) FROM {self._t('workspaces_post')}")  # noqa: S608
        if not posts:
            return False
        with transaction.atomic(), connection.cursor() as cursor:
            self._session(cursor)
            # One thread per post (threads/models.py), then the comments in them.
            cursor.execute(
                f"""
                INSERT INTO {self._t("threads_thread")} (kind, target_id, comment_count, created_at)
                SELECT 'post', p.id, 0, p.created_at FROM {self._t("workspaces_post")} p
                ON CONFLICT DO NOTHING
                """  # noqa: S608
            )
            # Recent posts get more comments: post rank N·(1 - r³).
            cursor.execute(
                f"""
                INSERT INTO {self._t("threads_comment")}
                  (public_id, body, body_html, created_at, author_id, thread_id, is_hidden,
                   reply_count)
                SELECT {_uuid("comment", "x.n")}, x.body, '<p>' || x.body || '</p>',
                       p_created.created_at + interval '1 hour', a.id, th.id, false, 0
                FROM (
                  SELECT n, {_pick("sentences", 61)} || ' ' || {_pick("calls", 62)} AS body,
                         1 + least(%(posts)s - 1,
                                   floor(%(posts)s * (1 - power({_rnd(63)}, 3)))::bigint) AS rn,
                         1 + floor({_rnd(64)} * %(members)s)::bigint AS author_k
                  FROM generate_series(1, %(comments)s) AS n
                ) x
                JOIN ({self._post_numbers()}) p ON p.rn = x.rn
                JOIN {self._t("workspaces_post")} p_created ON p_created.id = p.id
                JOIN {self._t("threads_thread")} th ON th.kind = 'post' AND th.target_id = p.id
                JOIN ({self._seed_people()}) a ON a.k = x.author_k
                ON CONFLICT DO NOTHING
                """,  # noqa: S608
                {
                    "slug": self.slug,
                    "posts": posts,
                    "comments": comments,
                    "members": self.options["members"],
                    "sentences": SENTENCES,
                    "calls": CALLS,
                },
            )
            # The counters the services keep: on the thread and on the post.
            cursor.execute(
                f"""
                UPDATE {self._t("threads_thread")} th SET comment_count = c.n
                FROM (SELECT thread_id, count(*) AS n FROM {self._t("threads_comment")}
                      GROUP BY thread_id) c
                WHERE c.thread_id = th.id AND th.comment_count <> c.n
                """  # noqa: S608
            )
            cursor.execute(
                f"""
                UPDATE {self._t("workspaces_post")} p SET comment_count = th.comment_count
                FROM {self._t("threads_thread")} th
                WHERE th.kind = 'post' AND th.target_id = p.id
                  AND p.comment_count <> th.comment_count
                """  # noqa: S608
            )
        return True

    def _reactions(self, reactions: int) -> bool:
        if self._count(f"SELECT count(*) FROM {self._t('workspaces_reaction')}") > 0:  # noqa: S608
            return False
        posts = self._count(f"SELECT count(*) FROM {self._t('workspaces_post')}")  # noqa: S608
        if not posts:
            return False
        with transaction.atomic(), connection.cursor() as cursor:
            self._session(cursor)
            cursor.execute(
                f"""
                INSERT INTO {self._t("workspaces_reaction")} (kind, created_at, post_id, user_id)
                SELECT {_pick("kinds", 71)}, now() - {_rnd(72)} * interval '700 days', p.id, a.id
                FROM (
                  SELECT n,
                         1 + least(%(posts)s - 1,
                                   floor(%(posts)s * (1 - power({_rnd(73)}, 3)))::bigint) AS rn,
                         1 + floor({_rnd(74)} * %(members)s)::bigint AS user_k
                  FROM generate_series(1, %(reactions)s) AS n
                ) x
                JOIN ({self._post_numbers()}) p ON p.rn = x.rn
                JOIN ({self._seed_people()}) a ON a.k = x.user_k
                ON CONFLICT DO NOTHING
                """,  # noqa: S608
                {
                    "posts": posts,
                    "reactions": reactions,
                    "members": self.options["members"],
                    "kinds": REACTION_KINDS,
                },
            )
        return True

    def _events(self, events: int) -> bool:
        if self._count(f"SELECT count(*) FROM {self._t('events_event')}") >= events:  # noqa: S608
            return False
        groups = self.options["groups"]
        members = self.options["members"]
        with transaction.atomic(), connection.cursor() as cursor:
            self._session(cursor)
            # Starts spread over the past year and the next (whole hours, 10:00–20:00 UTC).
            cursor.execute(
                f"""
                INSERT INTO {self._t("events_event")}
                  (public_id, title, description, description_html, starts_at, ends_at, place,
                   online_url, capacity, created_at, updated_at, going_count, waiting_count,
                   maybe_count, created_by_id, workspace_id)
                SELECT {_uuid("event", "x.n")}, x.title, x.description,
                       '<p>' || x.description || '</p>', x.starts_at,
                       x.starts_at + interval '2 hours', x.place, '', NULL,
                       x.starts_at - interval '30 days', now(), 0, 0, 0, a.id, g.id
                FROM (
                  SELECT n,
                         {_pick("kinds", 81)} || ' ' || {_pick("districts", 82)} AS title,
                         {_pick("sentences", 83)} || ' ' || {_pick("calls", 84)} AS description,
                         date_trunc('day', now()) - interval '365 days'
                           + floor({_rnd(85)} * 730) * interval '1 day'
                           + (10 + floor({_rnd(86)} * 10)) * interval '1 hour' AS starts_at,
                         {_pick("places", 87)} AS place,
                         1 + floor({_rnd(88)} * %(members)s)::bigint AS author_k,
                         CASE WHEN {_rnd(89)} < 0.3 THEN NULL
                              ELSE 1 + least(%(groups)s - 1,
                                             floor(%(groups)s * power({_rnd(90)}, 1.8))::int)
                              END AS group_g
                  FROM generate_series(1, %(events)s) AS n
                ) x
                JOIN ({self._seed_people()}) a ON a.k = x.author_k
                LEFT JOIN ({self._group_ids()}) g ON g.g = x.group_g
                ORDER BY x.n
                ON CONFLICT DO NOTHING
                """,  # noqa: S608
                {
                    "slug": self.slug,
                    "events": events,
                    "members": members,
                    "groups": groups,
                    "kinds": EVENT_KINDS,
                    "districts": DISTRICTS,
                    "sentences": SENTENCES,
                    "calls": CALLS,
                    "places": PLACES,
                },
            )
            # Answers: floor(60·r³) per event (a few popular ones), distinct people by stride.
            cursor.execute(
                f"""
                INSERT INTO {self._t("events_rsvp")}
                  (answer, waiting, yes_at, answered_at, event_id, user_id)
                SELECT CASE WHEN {_rnd(91, "e.id * 1000 + j")} < 0.7 THEN 'yes'
                            WHEN {_rnd(91, "e.id * 1000 + j")} < 0.9 THEN 'maybe' ELSE 'no' END,
                       false,
                       CASE WHEN {_rnd(91, "e.id * 1000 + j")} < 0.7 THEN e.created_at END,
                       e.created_at, e.id, a.id
                FROM {self._t("events_event")} e
                CROSS JOIN LATERAL generate_series(
                  1, floor(60 * power({_rnd(92, "e.id")}, 3))::int) AS j
                JOIN ({self._seed_people()}) a
                  ON a.k = 1 + ((hashint8extended(e.id, 93) & 2147483647) + j * 7919)
                               %% %(members)s
                ON CONFLICT DO NOTHING
                """,  # noqa: S608
                {"members": members},
            )
            cursor.execute(
                f"""
                UPDATE {self._t("events_event")} e
                SET going_count = c.going, maybe_count = c.maybe
                FROM (SELECT event_id, count(*) FILTER (WHERE answer = 'yes') AS going,
                             count(*) FILTER (WHERE answer = 'maybe') AS maybe
                      FROM {self._t("events_rsvp")} GROUP BY event_id) c
                WHERE c.event_id = e.id
                """  # noqa: S608
            )
        return True
