"""Everything that changes discussions and decisions: open a discussion, comment, start a
proposal, vote (and change one's vote), close a proposal (early, or by the beat task when its
time has come) and record and announce the outcome.

Each function takes the acting ``Actor`` (keyword-only), runs in one transaction, checks the
rules of decisions/permissions.py against freshly read rows and raises ``DecisionError`` with a
message that web, API and admin show as it is. Starting a proposal and voting are the paid
feature "decisions" on an intranet (billing.entitlements); discussions are free.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from config import ratelimit
from config.domain import DomainError
from decisions import permissions as perms
from decisions.models import (
    CHOICES_OF,
    CONTEXT_MAX,
    MAX_OPTIONS,
    MIN_OPTIONS,
    OPTION_MAX,
    REASON_MAX,
    SCORE_MAX,
    SCORE_MIN,
    TITLE_MAX,
    Choice,
    Discussion,
    Outcome,
    Process,
    Proposal,
    ProposalOption,
    Result,
    Vote,
)
from decisions.selectors import (
    eligible_voter_ids,
    options_of,
    readable_discussions,
    tally_of,
    voter_key,
)
from decisions.tally import final_result
from notifications.services import notify
from tenants.db import connection
from threads import services as threads
from threads.models import Comment
from threads.places import Place
from workspaces.markdown import render_markdown
from workspaces.models import Workspace
from workspaces.permissions import Actor, Scope
from workspaces.selectors import role_subquery
from workspaces.services import mentionable_people
from workspaces.tools import tool_url

DISCUSSION_KIND = "discussion"

BILLING_PATH = "/einstellungen/abrechnung/"
MAX_RUNTIME = timedelta(days=365)
MIN_RUNTIME = timedelta(minutes=5)
CLOSE_BATCH = 500


class DecisionError(DomainError):
    pass


def discussion_path(discussion: Discussion) -> str:
    """Where a discussion lives on its host (also the link in notifications): at
    /diskussionen/<id>/ on an intranet, under its box on the network."""
    return tool_url("decisions:discussion", discussion.workspace, discussion.public_id)


def _forbidden(message: str) -> DecisionError:
    return DecisionError(message, code="forbidden")


def feature_message() -> str:
    """Said by the page and the API alike, so it names the place in words, not as a path (the
    page adds the link)."""
    from billing.models import Feature
    from billing.selectors import plan_names_with

    plans = plan_names_with(Feature.DECISIONS)
    if not plans:
        return _(
            "Abstimmungen und Beschlüsse gehören nicht zu eurem Tarif. Wer die Organisation "
            "verwaltet, kann unter „Einstellungen → Abrechnung“ einen Tarif mit Beschlüssen "
            "buchen. Bestehende Abstimmungen bleiben lesbar."
        )
    return _(
        "Abstimmungen und Beschlüsse gehören nicht zu eurem Tarif. Wer die Organisation "
        "verwaltet, kann unter „Einstellungen → Abrechnung“ einen Tarif mit Beschlüssen buchen "
        "(%(plans)s). Bestehende Abstimmungen bleiben lesbar."
    ) % {"plans": plans}


def decisions_enabled() -> bool:
    """May this scope start proposals and vote? On an intranet: its plan's feature; the public
    network has no plans."""
    tenant = getattr(connection, "tenant", None)
    if tenant is None or connection.schema_name == get_public_schema_name():
        return True
    from billing.entitlements import has_feature
    from billing.models import Feature

    return has_feature(tenant, Feature.DECISIONS)


def _require_feature() -> None:
    if not decisions_enabled():
        raise _forbidden(feature_message())


def current_scope() -> Scope:
    """The scope of the schema we run in (the closing task has no request to ask)."""
    from workspaces.scopes import INTRANET, NETWORK

    return NETWORK if connection.schema_name == get_public_schema_name() else INTRANET


def _clean_text(text: str, *, maximum: int, field: str, what: str, required: bool = True) -> str:
    # Browsers send line breaks as CRLF; count them as one character, as the text field does.
    cleaned = (text or "").replace("\r\n", "\n").strip()
    if (required and not cleaned) or len(cleaned) > maximum:
        raise DecisionError(
            _("%(what)s braucht 1 bis %(max)s Zeichen.")
            % {"what": what, "max": f"{maximum:,}".replace(",", ".")},
            field=field,
        )
    return cleaned


def _fresh_discussion(actor: Actor, discussion: Discussion) -> Discussion:
    fresh = readable_discussions(actor).filter(pk=discussion.pk).first()
    if fresh is None:
        raise DecisionError(_("Diese Diskussion gibt es nicht."), code="not_found")
    if fresh.workspace is not None:
        fresh.workspace.my_role = fresh.my_role  # type: ignore[attr-defined]
    return fresh


# --- Discussions -------------------------------------------------------------------------------


@transaction.atomic
def start_discussion(
    *, actor: Actor, title: str, context: str = "", workspace: Workspace | None = None
) -> Discussion:
    if workspace is not None:
        workspace = (
            Workspace.objects.annotate(my_role=role_subquery(actor, "pk"))
            .filter(pk=workspace.pk)
            .first()
        )
        if workspace is None:
            raise DecisionError(_("Diese Gruppe gibt es nicht."), field="group", code="not_found")
    if not perms.can_start_discussion(actor, workspace):
        raise _forbidden(
            _("Diskussionen in dieser Gruppe beginnen nur ihre Mitglieder.")
            if workspace is not None and actor.can_write
            else _("Dafür fehlt dir die Berechtigung.")
        )
    title = _clean_text(title, maximum=TITLE_MAX, field="title", what=_("Ein Titel"))
    context = _clean_text(
        context, maximum=CONTEXT_MAX, field="context", what=_("Die Beschreibung"), required=False
    )
    # A discussion is a post with a title: it shares the person's posting budget.
    ratelimit.hit("post.create", actor.user_id)
    return Discussion.objects.create(
        workspace=workspace,
        author_id=actor.user_id,
        title=title,
        context=context,
        context_html=render_markdown(context),
    )


@transaction.atomic
def add_comment(
    *, actor: Actor, discussion: Discussion, body: str, parent: Comment | None = None
) -> Comment:
    """Comment in a discussion the actor can read; the thread keeps count and mentions."""
    discussion = _fresh_discussion(actor, discussion)
    if not perms.can_comment(actor, discussion):
        raise _forbidden(_("Mitreden können die Mitglieder der Gruppe."))
    return threads.post_comment(
        kind=DISCUSSION_KIND,
        target_id=discussion.pk,
        author_id=actor.user_id,
        body=body,
        parent=parent,
        mention_people=mentionable_people(actor, discussion.workspace),
    )


def _comment_link(comment: Comment) -> str:
    discussion = (
        Discussion.objects.select_related("workspace").filter(pk=comment.thread.target_id).first()
    )
    if discussion is None:
        return "/"
    return f"{discussion_path(discussion)}#kommentar-{comment.public_id}"


def _can_read(actor: Actor | None, comment: Comment) -> bool:
    if actor is None:
        return False
    return readable_discussions(actor).filter(pk=comment.thread.target_id).exists()


def _readable_discussion_of(actor: Actor, comment: Comment) -> Discussion | None:
    fresh = readable_discussions(actor).filter(pk=comment.thread.target_id).first()
    if fresh is not None and fresh.workspace is not None:
        fresh.workspace.my_role = fresh.my_role  # type: ignore[attr-defined]
    return fresh


def _can_write_on(actor: Actor, comment: Comment) -> bool:
    discussion = _readable_discussion_of(actor, comment)
    return discussion is not None and perms.can_comment(actor, discussion)


def _moderates(actor: Actor, comment: Comment) -> bool:
    discussion = _readable_discussion_of(actor, comment)
    return discussion is not None and perms.can_moderate_comments(actor, discussion)


def _mention_people(actor: Actor, comment: Comment) -> QuerySet[Any]:
    discussion = Discussion.objects.select_related("workspace").get(pk=comment.thread.target_id)
    return mentionable_people(actor, discussion.workspace)


PLACE = Place(
    kind=DISCUSSION_KIND,
    target_model="decisions.Discussion",
    link=_comment_link,
    can_read=_can_read,
    can_write=_can_write_on,
    can_moderate=_moderates,
    mention_people=_mention_people,
)


# --- Proposals ---------------------------------------------------------------------------------


def _clean_options(process: str, options: Iterable[str]) -> list[str]:
    if process not in (Process.SCORE, Process.RANKED):
        return []
    cleaned = [(o or "").strip() for o in options]
    cleaned = [o for o in cleaned if o]
    if not MIN_OPTIONS <= len(cleaned) <= MAX_OPTIONS:
        raise DecisionError(
            _("Bitte nenne %(min)s bis %(max)s Optionen, eine je Zeile.")
            % {"min": MIN_OPTIONS, "max": MAX_OPTIONS},
            field="options",
        )
    if any(len(o) > OPTION_MAX for o in cleaned):
        raise DecisionError(
            _("Eine Option hat höchstens %(max)s Zeichen.") % {"max": OPTION_MAX},
            field="options",
        )
    if len({o.casefold() for o in cleaned}) != len(cleaned):
        raise DecisionError(_("Jede Option darf nur einmal vorkommen."), field="options")
    return cleaned


@transaction.atomic
def start_proposal(
    *,
    actor: Actor,
    discussion: Discussion,
    title: str,
    process: str,
    closes_at: datetime | None,
    details: str = "",
    quorum_percent: int = 0,
    anonymous: bool = False,
    options: Iterable[str] = (),
    now: datetime | None = None,
) -> Proposal:
    now = now or timezone.now()
    discussion = _fresh_discussion(actor, discussion)
    if not perms.can_propose(actor, discussion):
        raise _forbidden(_("Vorschläge machen die Mitglieder der Gruppe."))
    _require_feature()
    title = _clean_text(title, maximum=TITLE_MAX, field="title", what=_("Ein Vorschlag"))
    details = _clean_text(
        details, maximum=CONTEXT_MAX, field="details", what=_("Die Erläuterung"), required=False
    )
    if process not in Process.values:
        raise DecisionError(_("Bitte wähle ein Abstimmungsverfahren."), field="process")
    if closes_at is None or closes_at < now + MIN_RUNTIME:
        raise DecisionError(
            _("Die Abstimmung muss mindestens fünf Minuten in der Zukunft enden."),
            field="closes_at",
        )
    if closes_at > now + MAX_RUNTIME:
        raise DecisionError(_("Eine Abstimmung läuft höchstens ein Jahr."), field="closes_at")
    if not isinstance(quorum_percent, int) or not 0 <= quorum_percent <= 100:
        raise DecisionError(
            _("Das Quorum ist ein Anteil von 0 bis 100 Prozent."), field="quorum_percent"
        )
    labels = _clean_options(process, options)
    if Proposal.objects.filter(discussion=discussion, closed_at__isnull=True).exists():
        raise DecisionError(_("In dieser Diskussion läuft schon eine Abstimmung."), code="conflict")
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                discussion=discussion,
                author_id=actor.user_id,
                title=title,
                details=details,
                details_html=render_markdown(details),
                process=process,
                closes_at=closes_at,
                quorum_percent=quorum_percent,
                anonymous=bool(anonymous),
            )
    except IntegrityError as exc:  # a second proposal started at the same moment
        raise DecisionError(
            _("In dieser Diskussion läuft schon eine Abstimmung."), code="conflict"
        ) from exc
    ProposalOption.objects.bulk_create(
        [
            ProposalOption(proposal=proposal, position=i, label=label)
            for i, label in enumerate(labels, 1)
        ]
    )
    voters = eligible_voter_ids(actor.scope, discussion.workspace) - {actor.user_id}
    title_text = _("Neue Abstimmung: %(title)s") % {"title": title}
    url = discussion_path(discussion)
    transaction.on_commit(
        lambda: notify(user_ids=voters, verb="decisions.proposal", title=title_text, url=url)
    )
    return proposal


def _positions(proposal: Proposal) -> list[int]:
    return [position for position, _label in options_of(proposal)]


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _clean_ballot(
    proposal: Proposal,
    *,
    choice: str,
    reason: str,
    scores: Mapping[Any, Any] | None,
    ranking: Iterable[Any] | None,
) -> tuple[str, str, Any]:
    """(choice, reason, ballot) as stored, or a DecisionError that says what is wrong."""
    process = proposal.process
    if process in (Process.SIMPLE, Process.CONSENT):
        allowed = [c.value for c in CHOICES_OF[Process(process)]]
        if choice not in allowed:
            raise DecisionError(_("Bitte wähle eine der Antworten."), field="choice")
        if choice == Choice.OBJECT:
            reason = _clean_text(
                reason, maximum=REASON_MAX, field="reason", what=_("Die Begründung des Einwands")
            )
        else:
            reason = _clean_text(
                reason, maximum=REASON_MAX, field="reason", what=_("Eine Begründung"),
                required=False,
            )  # fmt: skip
        return choice, reason, {}
    positions = _positions(proposal)
    if process == Process.SCORE:
        given: dict[int, int] = {}
        for key, value in (scores or {}).items():
            position, score = _as_int(key), _as_int(value)
            if position not in positions:
                raise DecisionError(_("Diese Option gibt es nicht."), field="scores")
            if score is None or not SCORE_MIN <= score <= SCORE_MAX:
                raise DecisionError(
                    _("Jede Option bekommt %(min)s bis %(max)s Punkte.")
                    % {"min": SCORE_MIN, "max": SCORE_MAX},
                    field="scores",
                )
            given[position] = score
        if set(given) != set(positions):
            raise DecisionError(_("Bitte bewerte jede Option."), field="scores")
        return "", "", {str(p): given[p] for p in positions}
    ranked = [_as_int(v) for v in (ranking or [])]
    if any(p not in positions for p in ranked):
        raise DecisionError(_("Diese Option gibt es nicht."), field="ranking")
    if sorted(ranked) != sorted(positions):  # type: ignore[type-var]
        raise DecisionError(
            _("Bitte bringe jede Option genau einmal in eine Reihenfolge."), field="ranking"
        )
    return "", "", ranked


@transaction.atomic
def cast_vote(
    *,
    actor: Actor,
    proposal: Proposal,
    choice: str = "",
    reason: str = "",
    scores: Mapping[Any, Any] | None = None,
    ranking: Iterable[Any] | None = None,
    now: datetime | None = None,
) -> Vote:
    """Vote, or change one's vote, until the proposal closes."""
    now = now or timezone.now()
    locked = Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
    if locked is None:
        raise DecisionError(_("Diesen Vorschlag gibt es nicht."), code="not_found")
    discussion = _fresh_discussion(actor, locked.discussion)
    locked.discussion = discussion
    if locked.closed_at is not None or locked.closes_at <= now:
        raise DecisionError(_("Die Abstimmung ist beendet."), code="conflict")
    if not perms.can_vote(actor, discussion):
        raise _forbidden(_("Abstimmen können die Mitglieder der Gruppe."))
    _require_feature()
    choice, reason, ballot = _clean_ballot(
        locked, choice=choice, reason=reason, scores=scores, ranking=ranking
    )
    key = voter_key(locked, actor.user_id)
    vote, created = Vote.objects.update_or_create(
        proposal=locked,
        voter_key=key,
        defaults={
            "voter_id": None if locked.anonymous else actor.user_id,
            "choice": choice,
            "reason": reason,
            "ballot": ballot,
        },
    )
    if created:
        Proposal.objects.filter(pk=locked.pk).update(vote_count=F("vote_count") + 1)
    return vote


# --- Closing -----------------------------------------------------------------------------------


def _close(proposal_id: int, *, closed_by: int | None, now: datetime) -> Outcome | None:
    """Close one proposal and record its outcome; None if it was already closed (idempotent:
    the row lock and the one-outcome-per-proposal constraint make a second run a no-op)."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("discussion", "discussion__workspace")
        .filter(pk=proposal_id, closed_at__isnull=True)
        .first()
    )
    if proposal is None:
        return None
    discussion = proposal.discussion
    scope = current_scope()
    voter_ids = eligible_voter_ids(scope, discussion.workspace)
    tally = tally_of(proposal)
    result, met = final_result(
        tally, eligible=len(voter_ids), quorum_percent=proposal.quorum_percent
    )
    outcome = Outcome.objects.create(
        proposal=proposal,
        result=result,
        tallies=tally.rows,
        winners=tally.winners,
        votes_cast=tally.votes_cast,
        eligible=len(voter_ids),
        quorum_percent=proposal.quorum_percent,
        quorum_met=met,
        objections=tally.objections,
        closed_at=now,
        closed_by_id=closed_by,
        closed_early=closed_by is not None,
    )
    proposal.closed_at = now
    proposal.save(update_fields=["closed_at"])
    recipients = voter_ids | ({discussion.author_id} if discussion.author_id else set())
    title = _("Abstimmung beendet: %(title)s – %(result)s") % {
        "title": proposal.title,
        "result": Result(result).label,
    }
    url = discussion_path(discussion)
    transaction.on_commit(
        lambda: notify(user_ids=recipients, verb="decisions.outcome", title=title, url=url)
    )
    return outcome


@transaction.atomic
def close_proposal(*, actor: Actor, proposal: Proposal, now: datetime | None = None) -> Outcome:
    """Close early (the proposer, workspace admins, moderators)."""
    fresh = Proposal.objects.filter(pk=proposal.pk).first()
    if fresh is None:
        raise DecisionError(_("Diesen Vorschlag gibt es nicht."), code="not_found")
    fresh.discussion = _fresh_discussion(actor, fresh.discussion)
    if not perms.can_close_proposal(actor, fresh):
        raise _forbidden(_("Vorzeitig beenden können nur, wer vorgeschlagen hat, und Admins."))
    outcome = _close(fresh.pk, closed_by=actor.user_id, now=now or timezone.now())
    if outcome is None:
        raise DecisionError(_("Die Abstimmung ist schon beendet."), code="conflict")
    return outcome


def close_due_proposals(*, now: datetime | None = None) -> int:
    """Close every open proposal whose time has come (the beat task, in each schema); each in
    its own transaction, so one failure does not hold back the rest. Safe to run twice."""
    now = now or timezone.now()
    due = list(
        Proposal.objects.filter(closed_at__isnull=True, closes_at__lte=now)
        .order_by("closes_at", "id")
        .values_list("id", flat=True)[:CLOSE_BATCH]
    )
    closed = 0
    for proposal_id in due:
        with transaction.atomic():
            if _close(proposal_id, closed_by=None, now=now) is not None:
                closed += 1
    return closed
