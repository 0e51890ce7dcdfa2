"""REST API for discussions and decisions (on an organisation's host under /api/v1/).

Same selectors and services as the web pages: serializers only translate JSON. Missing and
not-yours objects are 404 alike; refused actions are 4xx with a JSON body (config/api.py).
Anonymous proposals never name voters: ``votes`` is empty and results appear after closing.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import ByPublicId
from config.openapi import page_of
from decisions import selectors, services
from decisions.models import Discussion, Process, Proposal
from decisions.selectors import ProposalView
from threads.api_serializers import CommentInputSerializer, CommentSerializer
from workspaces import permissions as ws_perms
from workspaces.api import HasActor, group_param
from workspaces.api import request_actor as _actor
from workspaces.models import Workspace

# --- Serializers -------------------------------------------------------------------------------


# A field named like a Field attribute (label, context) is fine at run time: DRF's metaclass
# takes declared fields out of the class; the stubs do not know that.


class OptionSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]


class TallyRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField(required=False)
    average = serializers.FloatField(required=False)
    total = serializers.IntegerField(required=False)
    points = serializers.IntegerField(required=False)


class ResultsSerializer(serializers.Serializer):
    final = serializers.BooleanField(help_text="true once the proposal has closed")
    result = serializers.CharField(allow_blank=True)
    winners = serializers.ListField(child=serializers.CharField())
    tallies = TallyRowSerializer(many=True)
    objections = serializers.ListField(child=serializers.CharField())
    votes_cast = serializers.IntegerField()
    eligible = serializers.IntegerField(allow_null=True)
    quorum_met = serializers.BooleanField(allow_null=True)


class BallotSerializer(serializers.Serializer):
    choice = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)
    scores = serializers.DictField(child=serializers.IntegerField(), allow_null=True)
    ranking = serializers.ListField(child=serializers.IntegerField(), allow_null=True)


class VoterSerializer(BallotSerializer):
    name = serializers.CharField()


def _ballot(vote: Any) -> dict[str, Any]:
    return {
        "choice": vote.choice,
        "reason": vote.reason,
        "scores": vote.ballot if isinstance(vote.ballot, dict) and vote.ballot else None,
        "ranking": vote.ballot if isinstance(vote.ballot, list) else None,
    }


def _results(view: ProposalView) -> dict[str, Any] | None:
    p = view.proposal
    if p.is_closed:
        o = p.outcome
        return {
            "final": True,
            "result": o.result,
            "winners": o.winners,
            "tallies": o.tallies,
            "objections": o.objections,
            "votes_cast": o.votes_cast,
            "eligible": o.eligible,
            "quorum_met": o.quorum_met,
        }
    if view.tally is None:
        return None
    return {
        "final": False,
        "result": "",
        "winners": view.tally.winners,
        "tallies": view.tally.rows,
        "objections": view.tally.objections,
        "votes_cast": view.tally.votes_cast,
        "eligible": None,
        "quorum_met": None,
    }


class ProposalSerializer(serializers.Serializer):
    """A proposal as the caller sees it (built from ``selectors.ProposalView``)."""

    id = serializers.UUIDField(source="proposal.public_id")
    discussion = serializers.UUIDField(source="proposal.discussion.public_id")
    title = serializers.CharField(source="proposal.title")
    details = serializers.CharField(source="proposal.details")
    details_html = serializers.CharField(source="proposal.details_html")
    process = serializers.ChoiceField(source="proposal.process", choices=Process.choices)
    choices = serializers.SerializerMethodField()
    options = serializers.SerializerMethodField()
    closes_at = serializers.DateTimeField(source="proposal.closes_at")
    closed_at = serializers.DateTimeField(source="proposal.closed_at", allow_null=True)
    quorum_percent = serializers.IntegerField(source="proposal.quorum_percent")
    anonymous = serializers.BooleanField(source="proposal.anonymous")
    vote_count = serializers.IntegerField(source="proposal.vote_count")
    can_vote = serializers.BooleanField()
    can_close = serializers.BooleanField()
    my_vote = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()
    votes = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_choices(self, view: ProposalView) -> list[str]:
        return [c for c, _label in view.choices]

    @extend_schema_field(OptionSerializer(many=True))
    def get_options(self, view: ProposalView) -> list[dict[str, Any]]:
        return [{"position": o["position"], "label": o["label"]} for o in view.option_rows]

    @extend_schema_field(BallotSerializer(allow_null=True))
    def get_my_vote(self, view: ProposalView) -> dict[str, Any] | None:
        return _ballot(view.my_vote) if view.my_vote is not None else None

    @extend_schema_field(ResultsSerializer(allow_null=True))
    def get_results(self, view: ProposalView) -> dict[str, Any] | None:
        return _results(view)

    @extend_schema_field(VoterSerializer(many=True))
    def get_votes(self, view: ProposalView) -> list[dict[str, Any]]:
        return [
            {"name": v.voter.name if v.voter else "", **_ballot(v)}
            for v in view.voters
            if not view.proposal.anonymous
        ]


class DiscussionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    group = serializers.SerializerMethodField()
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = Discussion
        fields = [
            "id", "group", "title", "context", "context_html", "author_name", "created_at",
            "comment_count",
        ]  # fmt: skip
        read_only_fields = fields

    def get_group(self, discussion: Discussion) -> str | None:
        return discussion.workspace.slug if discussion.workspace is not None else None

    def get_author_name(self, discussion: Discussion) -> str | None:
        return discussion.author.name if discussion.author is not None else None


class DiscussionDetailSerializer(DiscussionSerializer):
    proposals = serializers.SerializerMethodField()

    class Meta(DiscussionSerializer.Meta):
        fields = [*DiscussionSerializer.Meta.fields, "proposals"]
        read_only_fields = fields

    @extend_schema_field(ProposalSerializer(many=True))
    def get_proposals(self, discussion: Discussion) -> list[dict[str, Any]]:
        return ProposalSerializer(self.context["proposals"], many=True).data  # type: ignore[return-value]


class DiscussionInputSerializer(serializers.Serializer):
    # Emptiness and length are the service's to judge, so web and API give the same message.
    title = serializers.CharField(allow_blank=True, trim_whitespace=False)
    context = serializers.CharField(allow_blank=True, required=False, default="")  # type: ignore[assignment]
    group = serializers.SlugField(required=False, allow_null=True, allow_blank=True)


class ProposalInputSerializer(serializers.Serializer):
    discussion = serializers.UUIDField()
    title = serializers.CharField(allow_blank=True, trim_whitespace=False)
    details = serializers.CharField(allow_blank=True, required=False, default="")
    process = serializers.ChoiceField(choices=Process.choices)
    closes_at = serializers.DateTimeField()
    quorum_percent = serializers.IntegerField(required=False, default=0)
    anonymous = serializers.BooleanField(required=False, default=False)
    options = serializers.ListField(
        child=serializers.CharField(allow_blank=True), required=False, default=list
    )


class VoteInputSerializer(serializers.Serializer):
    """Simple vote: ``choice`` yes|no|abstain. Consent: ``choice`` consent|object|abstain and,
    for an objection, ``reason``. Score: ``scores`` {position: 0–10} for every option. Ranked
    choice: ``ranking``, every option's position once, first choice first."""

    choice = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    scores = serializers.DictField(child=serializers.JSONField(), required=False, default=dict)
    ranking = serializers.ListField(child=serializers.JSONField(), required=False, default=list)


# --- Discussions -------------------------------------------------------------------------------


class DiscussionViewSet(ByPublicId, viewsets.GenericViewSet):
    """Discussions the caller may read, newest first, paged by ``cursor``."""

    serializer_class = DiscussionSerializer
    permission_classes = [HasActor]

    def _discussion(self) -> Discussion:
        discussion = selectors.discussion_for(_actor(self.request), self.kwargs["public_id"])
        if discussion is None:
            raise Http404
        return discussion

    def _group(self, slug: str | None) -> Workspace | None:
        return group_param(_actor(self.request), slug)

    def _detail(self, discussion: Discussion, status: int = 200) -> Response:
        actor = _actor(self.request)
        views = selectors.proposal_views(
            actor,
            selectors.proposals_of(discussion),
            enabled=services.decisions_enabled(),
        )
        data = DiscussionDetailSerializer(discussion, context={"proposals": views}).data
        return Response(data, status=status)

    @extend_schema(
        parameters=[
            OpenApiParameter("group", str, description="a group's slug; default: all"),
            OpenApiParameter("cursor", str, description="the `next` value of the previous page"),
        ],
        responses=page_of("DiscussionPage", DiscussionSerializer(), next_field="next"),
    )
    def list(self, request: Request) -> Response:
        actor = _actor(request)
        workspace = self._group(request.query_params.get("group"))
        if workspace is not None and not ws_perms.can_read_workspace(actor, workspace):
            raise services.DecisionError(_("Nur Mitglieder lesen diese Gruppe."), code="forbidden")
        page = selectors.discussion_page(
            actor, workspace=workspace, cursor=request.query_params.get("cursor", "")
        )
        return Response(
            {
                "next": page.next_cursor,
                "results": DiscussionSerializer(page.items, many=True).data,
            }
        )

    @extend_schema(request=DiscussionInputSerializer, responses={201: DiscussionDetailSerializer})
    def create(self, request: Request) -> Response:
        data = DiscussionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        discussion = services.start_discussion(
            actor=_actor(request),
            title=data.validated_data["title"],
            context=data.validated_data["context"],
            workspace=self._group(data.validated_data.get("group")),
        )
        found = selectors.discussion_for(_actor(request), discussion.public_id)
        assert found is not None  # noqa: S101  # just made by this actor
        return self._detail(found, status=201)

    @extend_schema(responses=DiscussionDetailSerializer)
    def retrieve(self, request: Request, public_id: str) -> Response:
        return self._detail(self._discussion())

    @extend_schema(methods=["GET"], responses=CommentSerializer(many=True), request=None)
    @extend_schema(
        methods=["POST"],
        request=CommentInputSerializer,
        responses={201: CommentSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def comments(self, request: Request, public_id: str) -> Response:
        actor = _actor(request)
        discussion = self._discussion()
        if request.method == "GET":
            return Response(
                CommentSerializer(selectors.comments_of(actor, discussion), many=True).data
            )
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.add_comment(
            actor=actor, discussion=discussion, body=data.validated_data["body"]
        )
        return Response(CommentSerializer(comment).data, status=201)


# --- Proposals ---------------------------------------------------------------------------------


class ProposalViewSet(ByPublicId, viewsets.GenericViewSet):
    """Start a proposal in a discussion, read it, vote (again, to change the vote), close it."""

    serializer_class = ProposalSerializer
    permission_classes = [HasActor]

    def _proposal(self) -> Proposal:
        proposal = selectors.proposal_for(_actor(self.request), self.kwargs["public_id"])
        if proposal is None:
            raise Http404
        return proposal

    def _view(self, public_id: Any, status: int = 200) -> Response:
        actor = _actor(self.request)
        proposal = selectors.proposal_for(actor, public_id)
        if proposal is None:
            raise Http404
        (view,) = selectors.proposal_views(actor, [proposal], enabled=services.decisions_enabled())
        return Response(ProposalSerializer(view).data, status=status)

    @extend_schema(request=ProposalInputSerializer, responses={201: ProposalSerializer})
    def create(self, request: Request) -> Response:
        data = ProposalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        discussion = selectors.discussion_for(_actor(request), values.pop("discussion"))
        if discussion is None:
            raise services.DecisionError(
                _("Diese Diskussion gibt es nicht."), field="discussion", code="not_found"
            )
        proposal = services.start_proposal(actor=_actor(request), discussion=discussion, **values)
        return self._view(proposal.public_id, status=201)

    @extend_schema(responses=ProposalSerializer)
    def retrieve(self, request: Request, public_id: str) -> Response:
        return self._view(public_id)

    @extend_schema(request=VoteInputSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def vote(self, request: Request, public_id: str) -> Response:
        """Vote, or change one's vote, until the proposal closes."""
        proposal = self._proposal()
        data = VoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.cast_vote(actor=_actor(request), proposal=proposal, **data.validated_data)
        return self._view(public_id)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, public_id: str) -> Response:
        """Close early and record the outcome (the proposer, group admins, organisation
        admins)."""
        services.close_proposal(actor=_actor(request), proposal=self._proposal())
        return self._view(public_id)


__all__ = ["DiscussionViewSet", "ProposalViewSet"]
