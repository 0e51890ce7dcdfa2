"""Markdown for everything people write (impulses, comments, posts), rendered to safe HTML.

Markdown → HTML with python-markdown, then sanitised with nh3 (Ammonia): only a small set of
tags survives, links get rel="noopener noreferrer nofollow ugc", scripts and event handlers go.
Raw HTML typed by a person is shown as text, never parsed (WEB-8): an unclosed raw-text
element (``<style>``, ``<script>``, ``<textarea>``, ``<plaintext>`` …) would otherwise make the
HTML parser swallow everything after it.
"""

from __future__ import annotations

import markdown as md
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


class _RawHtmlAsText(md.extensions.Extension):
    """Drop python-markdown's raw-HTML block and inline rules, so tags stay escaped text."""

    def extendMarkdown(self, markdown: md.Markdown) -> None:  # noqa: N802 (markdown's API)
        markdown.preprocessors.deregister("html_block")
        markdown.inlinePatterns.deregister("html")


def render_markdown(text: str) -> str:
    html = md.markdown(
        text or "", extensions=["sane_lists", "nl2br", _RawHtmlAsText()], output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
    )
