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
import re
import string
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from markupsafe import Markup


def escape_text(text: str) -> str:
    """Text escaped for an HTML element or a quoted attribute, template syntax included.

    >>> escape_text('<a title="x">{{x}} 5% \\'y\\'</a>')
    '&lt;a title=&quot;x&quot;&gt;&#123;&#123;x&#125;&#125; 5&#37; &#x27;y&#x27;&lt;/a&gt;'
    """
    if not _SPECIAL.search(text):
        return text  # most values: nothing to escape, and one scan finds that
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")


_SPECIAL = re.compile(r"[&<>\"'{}%]")  # the characters `escape_text` replaces


def _escaped(value: object) -> str:
    """One value of `Html.format` or `join` as markupsafe's escaping formatter gives it for a bare
    `{}`: markup as it is, anything else formatted as text and escaped."""
    if isinstance(value, Html):
        return value  # a str already: joined as it is
    if type(value) is str:  # plain text (not another kind of markup that is a str too)
        return escape_text(str(value))
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape_text(format(value, ""))


@lru_cache(maxsize=1024)
def _fields(template: str) -> tuple[tuple[str, ...], tuple[int | str, ...]] | None:
    """A template's text between its fields and each field's argument (a position, or a keyword's
    name), when no field has an attribute, an index, a conversion or a format spec (the fast path of
    `Html.format`); None otherwise.

    >>> _fields('<a href="{0}">{0}</a>'), _fields("{n}{{x}}{}"), _fields("{n!r}"), _fields("{}{0}")
    ((('<a href="', '">', '</a>'), (0, 0)), (('', '{x}', ''), ('n', 0)), None, None)
    """
    literals: list[str] = []
    names: list[int | str] = []
    text, auto = "", 0
    for literal, field, spec, conversion in string.Formatter().parse(template):
        text += literal
        if field is None:  # text only ("{{" and "}}" end a piece of text early)
            continue
        if spec or conversion or "." in field or "[" in field:
            return None
        if field == "":
            names.append(auto)
            auto += 1
        else:
            names.append(int(field) if field.isdigit() else field)
        literals.append(text)
        text = ""
    if auto and any(field.isdigit() for _, field, _, _ in string.Formatter().parse(template) if field):
        return None  # "{}" beside "{0}": str.format's error, from markupsafe's own path
    return (*literals, text), tuple(names)


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

    def __new__(cls, base: Any = "", encoding: str | None = None, errors: str = "strict") -> Html:
        if type(base) is str and encoding is None:  # a template of ours: no `__html__` to ask for
            return str.__new__(cls, base)
        return super().__new__(cls, base, encoding, errors)

    def format(self, *args: Any, **kwargs: Any) -> Html:
        """The template filled, each value escaped unless it is `Html` (markupsafe's `format`, with a
        fast path for fields without a conversion or format spec, the only kind our pages use: the
        values escaped first, then `str.format`)."""
        if not (_PLAIN.get(self) or _is_plain(self)):
            return Html(super().format(*args, **kwargs))
        try:
            if kwargs:
                text = str.format(self, *map(_escaped, args), **{k: _escaped(v) for k, v in kwargs.items()})
            else:
                text = str.format(self, *map(_escaped, args))
        except (IndexError, KeyError):  # a missing argument: markupsafe's own error
            return Html(super().format(*args, **kwargs))
        return str.__new__(Html, text)  # `_html`, inlined: the hottest call of a build


_PLAIN: dict[str, bool] = {}  # template -> whether `_fields` takes it (the fast path of `Html.format`)


def _is_plain(template: str) -> bool:
    plain = _PLAIN.get(template)
    if plain is None:
        plain = _fields(str(template)) is not None
        if len(_PLAIN) < 4096:  # templates are literals of ours: a few hundred
            _PLAIN[str(template)] = plain
    return plain


def join(parts: Iterable[object], separator: str = "") -> Html:
    """Pieces joined into one `Html`: `Html` pieces as they are, anything else escaped as text.
    `separator` is markup of ours (a literal: `", "`, `"<br>"`), never a source's text."""
    return _html(separator.join([_escaped(part) for part in parts]))


def _html(text: str) -> Html:
    """`Html(text)` for a plain `str` built here, without `Markup.__new__`'s checks (hundreds of
    thousands of calls on a large archive)."""
    return str.__new__(Html, text)


def escape(text: object) -> Html:
    """One value escaped as text (or kept, if it is `Html`). Builders rarely need it: `format` and
    `join` escape their arguments themselves."""
    return Html.escape(text)
