"""The pages' long prose, in Jinja2 templates (`pages/templates/*.md.j2`): Python computes the numbers
and the lists, a template only displays them.

Values are escaped as `Html.format` escapes them: autoescape is on, and every value a template shows
first goes through `present.markup.escape` (the environment's `finalize`), so the braces and `%` of
template syntax in a source's text are escaped too; `Html` (markup built by our code) passes unchanged.
A name the template uses but is not given is an error, not an empty string.

    >>> from probation_archive.present.markup import Html
    >>> print(ENVIRONMENT.from_string("<b>{{ name }}</b> {{ html }}").render(name="{{ x }} 5% <i>", html=Html("<i>")))
    <b>&#123;&#123; x &#125;&#125; 5&#37; &lt;i&gt;</b> <i>
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..present.markup import escape
from .layout import dump_front_matter

ENVIRONMENT = Environment(
    loader=PackageLoader(__package__ or "probation_archive.pages", "templates"),
    autoescape=True,
    finalize=escape,
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def template_page(meta: dict[str, object], template: str, **values: object) -> str:
    """A Markdown page: `meta` as front matter, then the template filled with `values`."""
    return dump_front_matter(meta) + "\n" + ENVIRONMENT.get_template(template).render(**values)
