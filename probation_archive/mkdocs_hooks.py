"""MkDocs hooks (listed under `hooks:` in mkdocs.yml).

Material's search plugin stays enabled because Material shows its search box only with it,
but the archive answers searches from its own sharded index (`search_index.py`), so no page
goes into the plugin's index: `search/search_index.json` holds only the search configuration
(a few hundred bytes, which Material fetches on every page) and MkDocs skips parsing every
page for it.
"""

from __future__ import annotations

from typing import Any


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown
