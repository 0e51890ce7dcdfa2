"""WEB-8: raw HTML in what people write is shown as text; nothing after it is lost."""

from __future__ import annotations

import pytest

from workspaces.markdown import render_markdown

RAW_TEXT_ELEMENTS = [
    "style",
    "script",
    "textarea",
    "title",
    "noscript",
    "iframe",
    "xmp",
    "plaintext",
]


@pytest.mark.parametrize("tag", RAW_TEXT_ELEMENTS)
def test_an_unclosed_raw_text_element_keeps_the_rest_of_the_text(tag: str) -> None:
    html = render_markdown(f"Hallo <{tag}> Welt **fett**\n\nNächster Absatz")
    assert f"&lt;{tag}&gt;" in html  # shown as the text the person typed
    assert f"<{tag}" not in html  # never an element
    assert "Welt" in html and "<strong>fett</strong>" in html and "Nächster Absatz" in html


@pytest.mark.parametrize("tag", RAW_TEXT_ELEMENTS)
def test_a_closed_raw_text_element_never_renders_as_markup(tag: str) -> None:
    html = render_markdown(f"a <{tag}><b onclick=x()>b</b></{tag}> c")
    assert f"<{tag}" not in html and "<b" not in html
    assert html.endswith("c</p>")


def test_markdown_itself_still_works() -> None:
    html = render_markdown("**a** `<b>` <https://example.org> [x](javascript:alert(1))")
    assert "<strong>a</strong>" in html and "<code>&lt;b&gt;</code>" in html
    assert 'href="https://example.org"' in html and "javascript:" not in html
