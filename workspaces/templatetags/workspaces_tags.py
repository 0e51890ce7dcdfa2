"""Permission checks for templates: the same functions the services use, no queries."""

from __future__ import annotations

from django import template

from workspaces import permissions as perms
from workspaces.models import Post
from workspaces.permissions import Actor

register = template.Library()


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
