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

A rebuild renders only the pages whose Markdown changed: `on_page_markdown` hands each page a render
that first looks in the render cache (`RenderCache`, one file, its folder given by the build through
`RENDER_CACHE_ENV`), keyed by everything `Page.render` reads. A page found there takes its HTML, table
of contents, title and anchors from the cache, provided every file its links looked up is still there
as it was, and MkDocs' warnings from its render are logged again: strict mode and the anchor check see
what they would have seen. Which raw blocks a page's Markdown sets aside is kept there too.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import re
import sys
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from markdown.util import BLOCK_LEVEL_ELEMENTS
from mkdocs.structure.pages import Page


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    cache = _BUILD.get("cache")
    if cache is None:
        markdown, page.archive_raw_blocks = set_aside_raw_blocks(markdown)
        return markdown
    markdown, page.archive_raw_blocks = set_aside_cached(cache, markdown)
    if type(page) is Page:  # a page of another kind may render otherwise
        page.render = functools.partial(render_cached, cache, page)  # type: ignore[method-assign]  # this page only
    return markdown


def on_page_content(content: str, page: Any, **kwargs: Any) -> str:
    content = put_back_raw_blocks(content, getattr(page, "archive_raw_blocks", []))
    page.archive_raw_blocks = []  # held once, in the page's HTML, until MkDocs writes it
    return content


def on_pre_build(config: Any, **kwargs: Any) -> None:
    _BUILD.clear()
    folder = os.environ.get(RENDER_CACHE_ENV)
    if folder:
        _BUILD["cache"] = open_render_cache(Path(folder) / RENDER_CACHE_FILE, config)


def on_post_build(config: Any, **kwargs: Any) -> None:
    cache = _BUILD.pop("cache", None)
    if cache is not None:
        renders = sum(1 for key in cache.new if not key.startswith("aside "))
        logging.getLogger("mkdocs.plugins.archive").debug("Render cache: %d of %d pages", cache.hits, renders)
        save_render_cache(cache)


def on_build_error(error: Exception, **kwargs: Any) -> None:
    _BUILD.clear()  # a failed build's renders are not kept


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
    return put_aside(blocks, raw_block_stand_ins(blocks))


def raw_block_stand_ins(blocks: list[str]) -> list[tuple[int, str]]:
    """Which of a page's `blocks` (its Markdown split at blank lines) to set aside, each with its stand-in."""
    found: list[tuple[int, str]] = []
    for n, block in enumerate(blocks):
        html = block.rstrip("\n")  # the last block of a page ends with its line break
        if html.startswith("<") and verbatim_block(html):
            anchors = _ID.findall(html) + _A_NAME.findall(html)
            found.append(
                (n, f'<div data-archive-raw="{len(found)}"' + "".join(f' id="{a}"' for a in anchors) + "></div>")
            )
    return found


def put_aside(blocks: list[str], stand_ins: list[tuple[int, str]]) -> tuple[str, list[str]]:
    """`set_aside_raw_blocks` of the page split into `blocks`, given which to set aside (`raw_block_stand_ins`)."""
    aside: list[str] = []
    for n, stand_in in stand_ins:
        html = blocks[n].rstrip("\n")
        blocks[n] = stand_in + blocks[n][len(html) :]
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


# --- the render cache ------------------------------------------------------------------------------
# `Page.render` (mkdocs/structure/pages.py) converts `page.markdown` with the configured extensions and
# sets `content`, `toc`, `_title_from_render`, `present_anchor_ids` and `links_to_anchors`. What it reads
# besides the Markdown: the page's file (src_uri, url, whether it is excluded), the settings below, and
# the files its links name (`files.get_file_from_path`: the url and inclusion of each one found), and
# it logs a warning for a link that leads nowhere. All of that is in an entry's key or checked on use.
RENDER_CACHE_ENV = "PROBATION_ARCHIVE_RENDER_CACHE"  # a folder; the build sets it, otherwise no cache
RENDER_CACHE_FILE = "render.pickle"
_FORMAT = "probation-archive render cache 1"
_PAGES_LOG = "mkdocs.structure.pages"  # render's logger; whether it logs debug decides links_to_anchors
_BUILD: dict[str, RenderCache] = {}  # the cache of the build in progress (none outside a build)

FileFacts = tuple[str, str, str] | None  # a looked-up file's src_uri, url and inclusion, or None: not found


@dataclass
class RenderCache:
    """The previous build's entries (pickled, by key) and this build's, which replace them when it ends."""

    path: Path
    salt: str  # what every key hashes besides the page
    old: dict[str, bytes]
    new: dict[str, bytes] = field(default_factory=dict)
    hits: int = 0


def cache_salt(config: Any) -> str:
    """Everything a render reads that is the same for every page of a build: the versions of MkDocs,
    Python-Markdown and Python, this file's code, the Markdown extensions and their settings, and the
    link settings render follows."""
    links = config.validation.links
    parts = [
        _FORMAT,
        version("mkdocs"),
        version("markdown"),
        sys.version,
        hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        repr(config.markdown_extensions),
        repr(sorted(config.mdx_configs.items())),
        repr(config.use_directory_urls),
        repr((links.not_found, links.anchors, links.absolute_links, links.unrecognized_links)),
        repr(logging.getLogger(_PAGES_LOG).getEffectiveLevel()),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def page_key(salt: str, page: Any) -> str:
    file = page.file
    parts = [salt, file.src_uri, file.url, file.inclusion.name, page.markdown]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def open_render_cache(path: Path, config: Any) -> RenderCache:
    """The cache at `path` for a build with `config`; a missing, unreadable or other build's file is empty."""
    salt = cache_salt(config)
    try:
        with path.open("rb") as file:
            stored = pickle.load(file)
    except Exception:  # missing, truncated or corrupt (unpickling raises many kinds): start empty
        stored = None
    fits = isinstance(stored, dict) and stored.get("format") == _FORMAT and stored.get("salt") == salt
    entries = stored.get("entries") if fits else None
    return RenderCache(path, salt, entries if isinstance(entries, dict) else {})


def save_render_cache(cache: RenderCache) -> None:
    """Write this build's entries (only its pages) in place of the file, atomically; unchanged: no write."""
    if cache.new.keys() == cache.old.keys():
        return
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    data = pickle.dumps({"format": _FORMAT, "salt": cache.salt, "entries": cache.new}, pickle.HIGHEST_PROTOCOL)
    handle, tmp = tempfile.mkstemp(prefix=".render-", dir=cache.path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(tmp, cache.path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def render_cached(cache: RenderCache, page: Any, config: Any, files: Any) -> None:
    """`Page.render`, or what it set and logged before for the same key, if that still holds."""
    del page.render  # the class's render again
    key = page_key(cache.salt, page)
    stored = cache.old.get(key)
    if stored is not None and restore_render(page, stored, files):
        cache.new[key] = stored
        cache.hits += 1
        return
    entry = recorded_render(page, config, files)
    if entry is not None:
        cache.new[key] = entry


def set_aside_cached(cache: RenderCache, markdown: str) -> tuple[str, list[str]]:
    """`set_aside_raw_blocks`, with which blocks to set aside taken from the cache if it has this
    Markdown (a function of the Markdown and this file's code, which the salt holds)."""
    key = "aside " + hashlib.sha256(f"{cache.salt}\0{markdown}".encode()).hexdigest()
    stored = cache.old.get(key)
    if stored is not None:
        try:
            result = put_aside(markdown.split("\n\n"), pickle.loads(stored))
        except Exception:  # a corrupt entry (unpickling raises many kinds) is worked out again
            pass
        else:
            cache.new[key] = stored
            return result
    blocks = markdown.split("\n\n")
    stand_ins = raw_block_stand_ins(blocks)
    cache.new[key] = pickle.dumps(stand_ins, pickle.HIGHEST_PROTOCOL)
    return put_aside(blocks, stand_ins)


def file_facts(file: Any) -> FileFacts:
    return None if file is None else (file.src_uri, file.url, file.inclusion.name)


class _RecordingFiles:
    """The build's files, noting each one looked up; any other use makes the render uncacheable."""

    def __init__(self, files: Any) -> None:
        self.files = files
        self.looked_up: dict[str, FileFacts] = {}
        self.other_use = False

    def get_file_from_path(self, path: str) -> Any:
        file = self.files.get_file_from_path(path)
        self.looked_up[path] = file_facts(file)
        return file

    def __getattr__(self, name: str) -> Any:
        self.other_use = True
        return getattr(self.files, name)


class _RecordingHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: dict[int, logging.LogRecord] = {}  # by id: a record reaches several loggers

    def emit(self, record: logging.LogRecord) -> None:
        self.records[id(record)] = record


def recorded_render(page: Any, config: Any, files: Any) -> bytes | None:
    """Render the page, and return its entry (pickled now, before templates touch the table of
    contents), or None if the render used the files in a way the cache cannot check."""
    looking, handler = _RecordingFiles(files), _RecordingHandler()
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]  # mkdocs' may not propagate
    for logger in loggers:
        logger.addHandler(handler)
    try:
        Page.render(page, config, looking)  # type: ignore[arg-type]  # the files, looked up through it
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    if looking.other_use:
        return None
    links = page.links_to_anchors
    entry = (  # as `restore_render` reads it (plain values: this module is loaded under its path's name)
        page.content,
        page.toc,
        page._title_from_render,
        page.present_anchor_ids,
        None if links is None else {file.src_uri: dict(anchors) for file, anchors in links.items()},
        looking.looked_up,
        [(r.name, r.levelno, r.getMessage()) for r in handler.records.values()],
    )
    return pickle.dumps(entry, pickle.HIGHEST_PROTOCOL)


def restore_render(page: Any, stored: bytes, files: Any) -> bool:
    """Set what the stored render set and log what it logged, if every file it looked up is as it was
    (a link's target gone, moved or excluded: False, and the page is rendered again). A corrupt entry:
    False."""
    try:
        content, toc, title, anchors, stored_links, looked_up, stored_logs = pickle.loads(stored)
        if any(file_facts(files.get_file_from_path(uri)) != facts for uri, facts in looked_up.items()):
            return False
        links = None if stored_links is None else {files.get_file_from_path(u): a for u, a in stored_links.items()}
        logs = [(str(name), int(level), str(message)) for name, level, message in stored_logs]
    except Exception:  # a corrupt entry (unpickling raises many kinds) is rendered again
        return False
    if not isinstance(content, str) or not isinstance(anchors, set) or (links is not None and None in links):
        return False
    page.content, page.toc, page._title_from_render = content, toc, title
    page.present_anchor_ids, page.links_to_anchors = anchors, links
    for name, level, message in logs:
        logging.getLogger(name).log(level, message)
    return True
