"""Markdown for everything people write (impulses, comments, posts), rendered to safe HTML.

Markdown → HTML with python-markdown, then sanitised with nh3 (Ammonia): only a small set of
tags survives, links get rel="noopener noreferrer nofollow ugc", scripts and event handlers go.
"""

from __future__ import annotations

import markdown as md
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> str:
    html = md.markdown(text or "", extensions=["sane_lists", "nl2br"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
    )
