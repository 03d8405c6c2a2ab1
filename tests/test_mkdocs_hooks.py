"""The MkDocs hooks: raw HTML blocks set aside before Python-Markdown and put back after change
nothing in a page's HTML or in the anchors MkDocs finds, only the time it takes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from mkdocs.structure.pages import _RawHTMLPreprocessor

from probation_archive.mkdocs_hooks import put_back_raw_blocks, set_aside_raw_blocks, verbatim_block
from probation_archive.site import MKDOCS_CONFIG, content_files, parse_sources
from probation_archive.themes import load_themes

from .conftest import SOURCE_PLANS

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def converter() -> tuple[markdown.Markdown, _RawHTMLPreprocessor]:
    """Python-Markdown as MkDocs runs it with mkdocs.yml's extensions, with MkDocs' raw-HTML anchor finder."""
    config = yaml.safe_load(re.sub(r"!ENV \[(\w+), \"\"\]", '""', MKDOCS_CONFIG.read_text(encoding="utf-8")))
    names: list[str] = []
    settings: dict[str, Any] = {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        settings[name] = options
    md = markdown.Markdown(extensions=names, extension_configs=settings)
    anchors = _RawHTMLPreprocessor()
    anchors._register(md)
    return md, anchors


def render(text: str) -> tuple[str, set[str], list[Any]]:
    md, anchors = converter()
    return md.convert(text), anchors.present_anchor_ids, getattr(md, "toc_tokens", [])


def render_with_hooks(text: str) -> tuple[str, set[str], list[Any]]:
    md, anchors = converter()
    text, aside = set_aside_raw_blocks(text)
    return put_back_raw_blocks(md.convert(text), aside), anchors.present_anchor_ids, getattr(md, "toc_tokens", [])


def generated_pages() -> dict[str, str]:
    files = content_files(parse_sources(SOURCE_PLANS).plans, load_themes())
    return {path: FRONT_MATTER.sub("", text) for path, text in files.items() if path.endswith(".md")}


PAGES = generated_pages()
ODD = [
    '<div id="a"><div>x</div></div>\n\n<div>y</div> tail\n\n<p>&copy 1</p>\n\n<span>inline</span>\n\ntext <b>x</b>',
    '<ol><li><a name="n">a</a><br></li></ol>\n<p>after, no blank line</p>\n\n<hr>\n\n<table><tr><td>1</td></tr></table>\n',
    "# Title { #t }\n\n<dl><dt>a</dt><dd>&amp; &#x27;b&#x27;</dd></dl>\n\n\n<div><!-- c --></div>\n\n<p>x</p>",
]


@pytest.mark.parametrize("path", sorted(PAGES))
def test_every_generated_page_renders_the_same_with_its_raw_blocks_set_aside(path: str) -> None:
    assert render_with_hooks(PAGES[path]) == render(PAGES[path])


def test_plan_pages_raw_blocks_are_nearly_all_set_aside() -> None:
    """What makes it pay: on a plan page, Python-Markdown's HTML parser sees stand-ins, not the blocks."""
    for path, text in PAGES.items():
        if path.startswith("plans/"):
            rest, aside = set_aside_raw_blocks(text)
            assert len(aside) >= 5 and len(rest) < len(text) / 5


@pytest.mark.parametrize("text", ODD)
def test_odd_markdown_renders_the_same(text: str) -> None:
    assert render_with_hooks(text) == render(text)


def test_blocks_python_markdown_might_change_are_left_to_it() -> None:
    assert not verbatim_block("<div>y</div> tail")  # text after the element
    assert not verbatim_block("<p>&copy 1</p>")  # an entity html.parser would end with ";"
    assert not verbatim_block("<div><!-- c --></div>")  # a comment
    assert not verbatim_block("<span>inline</span>")  # not a block-level element
    assert verbatim_block('<table class="x"><tr><td>1</td></tr></table>')


def test_hooks_module_is_the_one_mkdocs_runs() -> None:
    hooks = yaml.safe_load(re.sub(r"!ENV \[(\w+), \"\"\]", '""', MKDOCS_CONFIG.read_text(encoding="utf-8")))["hooks"]
    assert hooks == [Path("probation_archive/mkdocs_hooks.py").as_posix()]
