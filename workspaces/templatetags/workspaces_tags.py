"""Template helpers of the feed: permission checks (the same functions the services use, no
queries) and the reaction bar."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from workspaces import permissions as perms
from workspaces.models import Post, Workspace
from workspaces.permissions import Actor
from workspaces.tools import tool_url

register = template.Library()


@register.simple_tag(name="tool_url")
def tool_url_tag(name: str, workspace: Workspace | None, *args: Any) -> str:
    """``{% tool_url 'events:event' event.workspace event.public_id %}``: a tool's page of a
    workspace's object, under the box on the network (workspaces.tools.tool_url)."""
    return tool_url(name, workspace, *args)


@register.filter
def can_edit(post: Post, actor: Actor) -> bool:
    return perms.can_edit_post(actor, post)


@register.filter
def can_delete(post: Post, actor: Actor) -> bool:
    return perms.can_delete_post(actor, post)


@register.filter
def can_pin(post: Post, actor: Actor) -> bool:
    return perms.can_pin_post(actor, post)


@register.filter
def can_take_part(post: Post, actor: Actor) -> bool:
    return perms.can_take_part(actor, post)


# The reaction bar repeats for every post of a feed page. As template markup (a form, four
# buttons) it cost about 0.7 ms per post, a fifth of the page (docs/benchmarks-intranet.md);
# this builds the same markup with plain string formatting. Kinds are fixed identifiers, counts
# integers and URLs our own; every text is escaped. Markup changes go here.

_BAR = '<div class="post__reactions" id="reaktionen-{id}">{inner}</div>'
_FORM = (
    '<form method="post" action="{url}" hx-post="{url}" hx-target="#reaktionen-{id}" '
    'hx-swap="outerHTML">{csrf}<input type="hidden" name="next" value="{next}">{buttons}</form>'
)
_CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
_NO_TOKEN = "NOTPROVIDED"  # noqa: S105 - the csrf context processor's "no request" marker

_BUTTON = (
    '<button class="kern-btn kern-btn--{style} kern-btn--x-small" type="submit" name="kind" '
    'value="{kind}" aria-pressed="{pressed}" title="{label}"><span class="kern-label">'
    '<span aria-hidden="true">{emoji}</span><span class="kern-sr-only">{label}</span> {count}'
    "</span></button>"
)
_COUNT = (
    '<span class="kern-body kern-body--small" title="{label}"><span aria-hidden="true">{emoji}'
    '</span><span class="kern-sr-only">{label}:</span> {count}</span>'
)


@register.simple_tag(takes_context=True)
def reaction_bar(context: template.Context, post: Post) -> SafeString:
    """A post's reactions: buttons in a form (htmx swaps the bar) for readers who may take
    part, otherwise the chosen reactions and their counts. ``next_url`` in the context is
    where the form returns without JavaScript (default: this page)."""
    summary = post.reaction_summary  # type: ignore[attr-defined]
    if not perms.can_take_part(context["actor"], post):
        inner = "".join(
            _COUNT.format(label=escape(r.label), emoji=escape(r.emoji), count=int(r.count))
            for r in summary
            if r.count
        )
        return mark_safe(_BAR.format(id=post.public_id, inner=inner))  # noqa: S308 - escaped
    buttons = "".join(
        _BUTTON.format(
            style="secondary" if r.mine else "tertiary",
            kind=escape(r.kind),
            pressed="true" if r.mine else "false",
            label=escape(r.label),
            emoji=escape(r.emoji),
            count=int(r.count),
        )
        for r in summary
    )
    request = context.get("request")
    token = str(context.get("csrf_token") or "")
    form = _FORM.format(
        url=escape(reverse("workspaces:post_react", args=[post.public_id])),
        id=post.public_id,
        # As {% csrf_token %}: no field at all without a real token.
        csrf=_CSRF.format(token=escape(token)) if token and token != _NO_TOKEN else "",
        next=escape(context.get("next_url") or (request.get_full_path() if request else "")),
        buttons=buttons,
    )
    return mark_safe(_BAR.format(id=post.public_id, inner=form))  # noqa: S308 - escaped
