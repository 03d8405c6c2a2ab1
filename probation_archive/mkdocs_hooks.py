"""MkDocs hooks (listed under `hooks:` in mkdocs.yml).

Material's search plugin stays enabled because Material shows its search box only with it,
but the archive answers searches from its own sharded index (`search_index.py`), so no page
goes into the plugin's index: `search/search_index.json` holds only the search configuration
(a few hundred bytes, which Material fetches on every page) and MkDocs skips parsing every
page for it.
"""

from __future__ import annotations

import re
from typing import Any


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown


# Material's templates indent every line of a page's header and navigation; at 2,000 plans that
# whitespace alone is megabytes of site/. A run of whitespace holding a line break renders as one
# space, as a single line break does, so it becomes one line break: the page renders the same.
# Preformatted text (`<pre>`, `<textarea>`) and scripts and styles are left exactly as they are.
_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_BROKEN_WHITESPACE = re.compile(r"[ \t\r\f\v]*\n\s*")


def collapse_whitespace(html: str) -> str:
    """Every whitespace run holding a line break, outside verbatim elements, as one line break.

    >>> collapse_whitespace("<nav>\\n    <a>x</a>   \\n\\n  </nav><pre>  a\\n\\n  b</pre>")
    '<nav>\\n<a>x</a>\\n</nav><pre>  a\\n\\n  b</pre>'
    """
    parts = _VERBATIM.split(html)
    # split() returns text, then for each match the whole element and its tag name
    return "".join(
        part if i % 3 == 1 else "" if i % 3 == 2 else _BROKEN_WHITESPACE.sub("\n", part) for i, part in enumerate(parts)
    )


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    return collapse_whitespace(output)
