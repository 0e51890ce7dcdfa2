"""Plain thread rows for tests that need a comment without going through a place's service."""

from __future__ import annotations

from typing import Any

from threads.models import Comment
from threads.services import thread_for


def make_comment(
    kind: str, target_id: int, author: Any, body: str = "Ein Kommentar", **extra: Any
) -> Comment:
    return Comment.objects.create(
        thread=thread_for(kind, target_id),
        author=author,
        body=body,
        body_html=f"<p>{body}</p>",
        **extra,
    )
