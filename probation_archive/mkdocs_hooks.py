"""MkDocs hooks (listed under `hooks:` in mkdocs.yml).

Our pages are mostly raw HTML blocks between a few Markdown headings. Python-Markdown (and MkDocs,
looking for anchors) reads every raw block with `html.parser`, which was most of MkDocs' time, only to
put the block back unchanged. So `on_page_markdown` sets aside each block that Python-Markdown would
certainly pass through verbatim (`set_aside_raw_blocks`), leaving a one-tag stand-in that carries the
block's anchors, and `on_page_content` puts the blocks back: the page's HTML is byte for byte the same.

Material's search plugin stays enabled because Material shows its search box only with it,
but the archive answers searches from its own sharded index (`search_index.py`), so no page
goes into the plugin's index: `search/search_index.json` holds only the search configuration
(a few hundred bytes, which Material fetches on every page) and MkDocs skips parsing every
page for it.
"""

from __future__ import annotations

import re
from typing import Any

from markdown.util import BLOCK_LEVEL_ELEMENTS


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    markdown, page.archive_raw_blocks = set_aside_raw_blocks(markdown)
    return markdown


def on_page_content(content: str, page: Any, **kwargs: Any) -> str:
    content = put_back_raw_blocks(content, getattr(page, "archive_raw_blocks", []))
    page.archive_raw_blocks = []  # held once, in the page's HTML, until MkDocs writes it
    return content


# A block (text between blank lines) that Python-Markdown stores and outputs exactly as it is: it opens
# with a block-level tag at the start of its line, that element closes exactly where the block ends,
# and it holds nothing `html.parser` would rewrite or read otherwise (an entity without its `;`, a
# comment, a declaration, a script, style or other raw-text element).
_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)")
_FIRST_TAG = re.compile(r"<([a-z][a-z0-9]*)[\s>]")
_UNSURE = re.compile(
    r"<!|<\?|<(?:script|style|textarea|title|xmp|iframe|noembed|noframes|plaintext)\b|&(?![#\w]+;)", re.I
)
_ID = re.compile(r'\sid="([^"]*)"')
_A_NAME = re.compile(r'<a\s(?:[^>]*?\s)?name="([^"]*)"')
_STAND_IN = re.compile(r'<div data-archive-raw="(\d+)"[^>]*></div>')


def verbatim_block(block: str) -> bool:
    """True when Python-Markdown would keep `block` (a block between blank lines) as one raw HTML block,
    unchanged.

    >>> verbatim_block('<dl class="x"><dt>A</dt><dd>a &amp; b<br></dd></dl>'), verbatim_block("<p>a</p> tail")
    (True, False)
    >>> verbatim_block("<span>inline</span>"), verbatim_block("<div><div>x</div>"), verbatim_block("<p>&copy 1</p>")
    (False, False, False)
    """
    first = _FIRST_TAG.match(block)
    if not first or first[1] not in BLOCK_LEVEL_ELEMENTS or first[1] == "hr" or _UNSURE.search(block):
        return False
    name, depth, tags = first[1], 0, list(_TAG.finditer(block))
    for n, tag in enumerate(tags):
        if tag[2].lower() == name:
            depth += -1 if tag[1] else 1
            if depth == 0:
                return n == len(tags) - 1 and block.endswith(f"</{name}>") and tag.end() == len(block) - 1
    return False


def set_aside_raw_blocks(markdown: str) -> tuple[str, list[str]]:
    r"""The Markdown with each verbatim raw block replaced by a stand-in (a `<div>` holding the block's
    `id`s, and its `<a name>`s as ids, for MkDocs' anchor check), and the blocks set aside, in order.

    >>> page = '# Title\n\n<ol id="list"><li><a name="x">a</a></li></ol>\n\ntext'
    >>> set_aside_raw_blocks(page)
    ('# Title\n\n<div data-archive-raw="0" id="list" id="x"></div>\n\ntext', ['<ol id="list"><li><a name="x">a</a></li></ol>'])
    """
    blocks = markdown.split("\n\n")
    aside: list[str] = []
    for n, block in enumerate(blocks):
        html = block.rstrip("\n")  # the last block of a page ends with its line break
        if html.startswith("<") and verbatim_block(html):
            anchors = _ID.findall(html) + _A_NAME.findall(html)
            stand_in = f'<div data-archive-raw="{len(aside)}"' + "".join(f' id="{a}"' for a in anchors) + "></div>"
            blocks[n] = stand_in + block[len(html) :]
            aside.append(html)
    return "\n\n".join(blocks), aside


def put_back_raw_blocks(content: str, aside: list[str]) -> str:
    """The page's HTML with every stand-in replaced by the block it stands for."""
    return _STAND_IN.sub(lambda m: aside[int(m[1])], content) if aside else content


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
