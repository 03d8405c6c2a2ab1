"""HTML that is safe by construction: text is escaped unless it is already `Html`.

Pages are built from `Html` templates written in our code, filled with `Html.format` (or joined with
`join`): every value that is a plain `str` (anything from a source, a provider name, a theme's title,
an address) is escaped on the way in, and only `Html` (a template of ours, or the output of a
builder made the same way) passes through unchanged. A forgotten escape cannot happen: there is no
escape to call.

    >>> cell = Html('<td data-label="{}">{}</td>').format("Owner", "<script>alert(1)</script>")
    >>> cell
    Html('<td data-label="Owner">&lt;script&gt;alert(1)&lt;/script&gt;</td>')
    >>> join([Html("<li>{}</li>").format("A & B"), "<b>x</b>"], ", ")
    Html('<li>A &amp; B</li>, &lt;b&gt;x&lt;/b&gt;')

`Html` is markupsafe's `Markup` with the archive's escaping (`escape_text`): besides `& < > " '`,
the braces and `%` of template syntax (`{{ … }}`, `{% … %}`), so that no template or macro syntax
in a source survives into a page either. Beware what `Markup` does with `+`: `Html + str` escapes
the `str`, while an f-string or `"".join` turns `Html` back into a plain `str` and escapes nothing,
so HTML is never built with them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

_TEMPLATE_SYNTAX = str.maketrans({"{": "&#123;", "}": "&#125;", "%": "&#37;"})


def escape_text(text: str) -> str:
    """Text escaped for an HTML element or a quoted attribute, template syntax included.

    >>> escape_text('<a title="x">{{x}} 5% \\'y\\'</a>')
    '&lt;a title=&quot;x&quot;&gt;&#123;&#123;x&#125;&#125; 5&#37; &#x27;y&#x27;&lt;/a&gt;'
    """
    return html.escape(text, quote=True).translate(_TEMPLATE_SYNTAX)


class Html(Markup):
    """A piece of HTML that is safe to publish. Construct one only from a literal template in our
    code; fill it with `.format(...)`, which escapes every argument that is not `Html` already."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any, /) -> Html:
        """`s` as `Html`: unchanged if it is markup already (has `__html__`), else escaped as text."""
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(escape_text(str(s)))


def join(parts: Iterable[object], separator: str = "") -> Html:
    """Pieces joined into one `Html`: `Html` pieces as they are, anything else escaped as text.
    `separator` is markup of ours (a literal: `", "`, `"<br>"`), never a source's text."""
    return Html(separator).join(parts)  # type: ignore[arg-type]  # non-str pieces are escaped like any value


def escape(text: object) -> Html:
    """One value escaped as text (or kept, if it is `Html`). Builders rarely need it: `format` and
    `join` escape their arguments themselves."""
    return Html.escape(text)
