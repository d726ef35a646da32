"""Markdown is rendered and sanitized."""

from django.template import Context, Template

from community_portal.core.markdown import render_markdown


def test_formatting_survives():
    html = render_markdown("# Title\n\n**bold** and [a link](https://example.org)\n\n- one\n- two")

    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">a link</a>' in html
    assert "<li>one</li>" in html


def test_script_never_reaches_the_page():
    html = render_markdown("Hello <script>alert('x')</script> <img src=x onerror=alert(1)>")

    assert "<script" not in html
    assert "onerror" not in html
    assert "<img" not in html


def test_javascript_links_are_removed():
    html = render_markdown("[click](javascript:alert(1)) <a href='JaVaScRiPt:alert(2)'>x</a>")

    assert "javascript:" not in html.lower()


def test_template_filter_renders_sanitized_markdown():
    rendered = Template("{% load portal %}{{ text|markdown }}").render(
        Context({"text": "*hi* <iframe src='https://evil.example'></iframe>"})
    )

    assert "<em>hi</em>" in rendered
    assert "iframe" not in rendered


def test_empty_text_renders_nothing():
    assert render_markdown(None) == ""
