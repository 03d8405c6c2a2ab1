"""probation_archive.markup: HTML built from `Html` escapes every plain value by default."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from probation_archive.present.markup import Html, escape, escape_text, join


def test_format_escapes_text_and_keeps_markup() -> None:
    cell = Html('<td title="{}">{}</td>').format('"><img src=x onerror=alert(1)>', Html("<b>{}</b>").format("<i>"))
    assert cell == '<td title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"><b>&lt;i&gt;</b></td>'
    assert isinstance(cell, Html)


def test_keyword_arguments_numbers_and_format_specs() -> None:
    bar = Html('<span style="width:{width:.1f}%">{n} {label}</span>').format(width=100 / 3, n=7, label="A & B")
    assert bar == '<span style="width:33.3%">7 A &amp; B</span>'


def test_template_syntax_is_escaped_as_the_old_esc_did() -> None:
    assert Html("<p>{}</p>").format("{{ config }} {% include 'x' %}") == (
        "<p>&#123;&#123; config &#125;&#125; &#123;&#37; include &#x27;x&#x27; &#37;&#125;</p>"
    )


def test_join_escapes_plain_pieces_and_keeps_html_ones() -> None:
    assert join([Html("<li>{}</li>").format("a"), "<li>b</li>", 3], ", ") == "<li>a</li>, &lt;li&gt;b&lt;/li&gt;, 3"
    assert join([]) == "" and isinstance(join([]), Html)


def test_adding_plain_text_to_html_escapes_it() -> None:
    """What markupsafe does with `+`: the plain side is text, on either side."""
    assert Html("<br>") + "<b>" == "<br>&lt;b&gt;"
    assert "<b>" + Html("<br>") == "&lt;b&gt;<br>"


def test_markupsafe_markup_from_elsewhere_passes_through() -> None:
    from markupsafe import Markup

    assert Html("<p>{}</p>").format(Markup("<em>x</em>")) == "<p><em>x</em></p>"


@given(st.text())
def test_escaped_text_reads_back_as_itself_and_never_holds_markup(text: str) -> None:
    escaped = escape(text)
    assert html.unescape(escaped) == text
    assert not set("<>\"'{}%") & set(escaped.replace("&#123;", "").replace("&#125;", "").replace("&#37;", ""))
    assert escaped == escape_text(text) and escape(escaped) == escaped  # escaping twice changes nothing


VALUES = st.one_of(
    st.text(max_size=8),
    st.integers(),
    st.none(),
    st.builds(Html, st.text(alphabet="<>&{}%ab", max_size=8)),
)
TEMPLATES = st.lists(
    st.sampled_from(["{}", "<b>", "{{", "}}", "a", "%", '"', "{0}", "{x}", "{!r}", "{:>3}"]), max_size=6
)


@given(TEMPLATES, st.lists(VALUES, max_size=6))
def test_format_fills_a_template_as_markupsafes_formatter_does(pieces: list[str], values: list[object]) -> None:
    """`Html.format`'s fast path for bare, numbered and named fields gives exactly markupsafe's
    `Markup.format`, and anything else (converted or formatted fields, too few values) goes to it."""
    template = Html("".join(pieces))
    kwargs = {"x": values[0]} if values else {}
    try:
        expected: object = Markup.format(template, *values, **kwargs)
    except (IndexError, KeyError, ValueError, TypeError) as error:
        expected = type(error)
    try:
        got: object = template.format(*values, **kwargs)
    except (IndexError, KeyError, ValueError, TypeError) as error:
        got = type(error)
    assert got == expected
    assert not isinstance(got, str) or isinstance(got, Html)


@given(st.lists(VALUES, max_size=6), st.sampled_from(["", ", ", "<br>"]))
def test_join_is_markupsafes_join(values: list[object], separator: str) -> None:
    joined = join(values, separator)
    assert joined == Markup.join(Html(separator), values) and isinstance(joined, Html)


@given(st.one_of(st.text(max_size=8), st.builds(Markup, st.text(max_size=8)), st.builds(Html, st.text(max_size=8))))
def test_html_is_made_as_markupsafes_markup(value: str) -> None:
    """`Html(...)`'s shortcut for a plain `str` makes what `Markup(...)` makes; markup is taken as it is."""
    made = Html(value)
    assert made == Markup(value) and type(made) is Html


@given(st.text(alphabet="<>&\\`*_{}[]()#+-.!|~ ab\n\t%\"'é", max_size=20))
def test_markdown_escaping_is_one_character_at_a_time(text: str) -> None:
    """`escape_md`: spaces collapsed, then each of HTML's three escaped and each Markdown character after a backslash."""
    from probation_archive.present.words import escape_md

    def by_hand(char: str) -> str:
        return html.escape(char) if char in "<>&" else "\\" + char if char in "\\`*_{}[]()#+-.!|~" else char

    assert escape_md(text) == "".join(by_hand(char) for char in " ".join(text.split()))
