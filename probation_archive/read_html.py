"""Read a web page (`.html` saved from a council's site) into rows of cells: the same rows `read_text` gives.

    from probation_archive.read_html import read_html
    rows = read_html(Path("source_plans/plan.html"))

The page is parsed by BeautifulSoup over lxml's HTML parser, never with regular expressions; nothing
it references is fetched and nothing in it runs (`<script>`, `<style>`, forms, frames and embedded
objects are dropped with their contents, and no attribute is read but `role`, `class`, `id`,
`colspan` and `rowspan`). Only the page's main content is read: `<main>`, else the element with
`role="main"`, else the one `<article>`, else the block holding the most text; inside it the site's
furniture (navigation, breadcrumbs, a cookie banner, asides, its footer) is dropped too. What is
dropped is no part of the plan: the coverage check neither keeps nor loses its words.

The main content becomes rows as a Word document's body does (`read_docx`): a heading, paragraph or
list item outside a table is a one-cell row at `paragraph N` (the Nth block of the main content),
each table row a row of its cells at `row N`, a cell spanning columns or rows read on the table's
grid (its text in its first column and row, '' where it spans).

A plan published as **blocks** rather than a table (a recommendation paragraph, then "Desired
outcome" bullets — its actions —, "Detail" bullets — progress — and "RAG" with its rating) is read
as the table it stands for: a header row whose labels `table.COLUMN_ROLES` reads (`Ref`,
`Recommendation`, `Action (desired outcome)`, `Progress (detail)`, `RAG`), then one row per
recommendation: its number, its text, its desired outcomes and its details (each a list in its
cell), its rating; so the parser needs no special case. See `block_rows`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from .model import Location, Row, SourceError
from .normalise import collapse_spaces
from .pdf.lines import PARAGRAPH

DROPPED = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "svg",
    "canvas",
    "audio",
    "video",
    "img",
    "picture",
    "map",
    "link",
    "meta",
    "head",
)
FURNITURE_TAGS = ("nav", "aside", "footer", "header", "dialog")
# class, id or aria-label words that mark a page's furniture rather than its content
FURNITURE_WORDS = re.compile(
    r"breadcrumb|cookie|consent|banner|skip-?link|site-?(?:header|footer|nav)|navigation|menu|share|"
    r"feedback|contact-?us|related|sidebar|back-?to-?top",
    re.I,
)
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCKS = (*HEADINGS, "p", "li", "dt", "dd", "blockquote", "pre", "caption", "figcaption", "address")
CONTAINERS = ("ul", "ol", "dl", "div", "section", "article", "main", "figure", "body", "html", "details", "summary")
BLOCK_HEADER = ("Ref", "Recommendation", "Action (desired outcome)", "Progress (detail)", "RAG")
_LABELS = {
    "action": re.compile(r"desired\s+outcomes?|actions?(?:\s+(?:required|planned|to\s+be\s+taken))?", re.I),
    "progress": re.compile(r"details?|progress(?:\s+update)?|update", re.I),
    "rag": re.compile(r"rag(?:\s+(?:rating|status))?|rating|status", re.I),
}
_LABEL_LINE = re.compile(r"^\s*(?P<label>[A-Za-z][A-Za-z ]{1,30}?)\s*(?:[:–—-]\s*(?P<value>.*))?$", re.S)
_REC_HEADING = re.compile(
    r"^\s*(?:recommendation|rec\.?)\s*(?:no\.?\s*)?(?P<ref>\d{1,3}[a-z]?)\s*[:.)–-]?\s*(?P<rest>.*)$", re.I
)
MAX_DEPTH = 200  # nesting deeper than this is read as text (lxml caps a document's depth at 256 anyway)


@dataclass
class Block:
    """One piece of the main content: a heading, paragraph or list item (`text`), or a table (`rows`)."""

    kind: str  # "heading", "paragraph", "item" or "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    bold: bool = False  # wholly bold or strong: a label such as "Desired outcome" set as a paragraph


def read_html(path: Path) -> list[Row]:
    """Read a saved web page from disk into rows of its main content."""
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(path.name, "empty file")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(path.name, "binary data, not a web page")
    soup = BeautifulSoup(data, "lxml")
    main = main_content(soup)
    if main is None:
        raise SourceError(path.name, "not a web page: no body text")
    blocks = list(read_blocks(main))
    if not any(b.text or b.rows for b in blocks):
        raise SourceError(path.name, "not a web page: no text in its main content")
    return block_rows(blocks)


def main_content(soup: BeautifulSoup) -> Tag | None:
    """The page's main content, scripts, furniture and hidden parts removed."""
    for tag in soup.find_all(DROPPED):
        tag.decompose()
    for node in soup.find_all(string=lambda s: isinstance(s, Comment | Declaration | Doctype | ProcessingInstruction)):
        node.extract()
    main = soup.find("main") or soup.find(True, attrs={"role": "main"})
    if not isinstance(main, Tag):
        articles = soup.find_all("article")
        main = articles[0] if len(articles) == 1 else None
    if not isinstance(main, Tag):
        body = soup.body or soup
        for tag in body.find_all(FURNITURE_TAGS):
            tag.decompose()
        main = largest_block(body) if isinstance(body, Tag) else None
    if main is None:
        return None
    for tag in [t for t in main.find_all(True) if is_furniture(t)]:
        if not tag.decomposed:
            tag.decompose()
    return main


def is_furniture(tag: Tag) -> bool:
    """A site's navigation, breadcrumbs, cookie banner and the like, inside or around the content."""
    if tag.name in ("nav", "aside", "footer", "dialog") or tag.get("role") in ("navigation", "banner", "contentinfo"):
        return True
    if tag.get("hidden") is not None or tag.get("aria-hidden") == "true":
        return True
    names = " ".join([*(tag.get("class") or []), str(tag.get("id") or ""), str(tag.get("aria-label") or "")])
    return bool(FURNITURE_WORDS.search(names))


def largest_block(body: Tag) -> Tag:
    """The container holding the most text in its paragraphs, headings, lists and tables: the content
    of a page that marks none (its text-heavy `<div>`), else the body itself."""
    best, best_size = body, 0
    total = len(body.get_text(" ", strip=True))
    for tag in body.find_all(("div", "section")):
        size = len(tag.get_text(" ", strip=True))
        if size > best_size and size >= 0.5 * total and tag.find(("p", "table", "li", *HEADINGS)) is not None:
            best, best_size = tag, size
    # the smallest container that still holds at least half the page's text: `find_all` is in document
    # order, so a later (inner) container replaces its parent only when it is nearly as large
    for tag in body.find_all(("div", "section")):
        size = len(tag.get_text(" ", strip=True))
        if tag in best.descendants and size >= 0.9 * best_size:
            best = tag
    return best


# --- the main content as blocks -------------------------------------------------------------


def read_blocks(element: Tag, depth: int = 0) -> Iterator[Block]:
    """Headings, paragraphs, list items and tables in document order; loose inline text between
    blocks is a paragraph of its own."""
    inline: list[str] = []

    def loose() -> Iterator[Block]:
        text = collapse_spaces(" ".join(inline))
        inline.clear()
        if text:
            yield Block("paragraph", text)

    for child in element.children:
        if isinstance(child, NavigableString):
            inline.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "table":
            yield from loose()
            yield Block("table", rows=table_grid(child))
        elif name == "li" and child.find(("ul", "ol", "table", "p")) is not None and depth < MAX_DEPTH:
            yield from loose()
            yield Block("item", text_of(child, stop=("ul", "ol", "table")))
            yield from read_blocks_of_nested(child, depth + 1)
        elif name in BLOCKS or (name in CONTAINERS and depth >= MAX_DEPTH):
            yield from loose()
            kind = "heading" if name in HEADINGS else "item" if name in ("li", "dd") else "paragraph"
            text = text_of(child)
            if text:
                yield Block(kind, text, bold=is_bold(child))
        elif name in CONTAINERS or name == "br" or has_blocks(child):
            yield from loose()
            if name != "br":
                yield from read_blocks(child, depth + 1)
        else:
            inline.append(child.get_text(" "))
    yield from loose()


def read_blocks_of_nested(item: Tag, depth: int) -> Iterator[Block]:
    """The lists and tables inside a list item, after the item's own text."""
    for child in list(item.children):
        if isinstance(child, Tag) and child.name in ("ul", "ol", "table"):
            yield from read_blocks(wrap(child), depth)


def wrap(tag: Tag) -> Tag:
    """A stand-in parent holding only `tag`, so `read_blocks` reads it as a child."""
    holder = BeautifulSoup("<div></div>", "lxml").div
    assert holder is not None
    holder.append(tag.extract())
    return holder


def has_blocks(tag: Tag) -> bool:
    return tag.find((*BLOCKS, "table", "ul", "ol", "div", "section")) is not None


def text_of(tag: Tag, stop: Sequence[str] = ()) -> str:
    """An element's text, spaces collapsed; `<br>` is a line break (a double space, as the text
    extractions mark one) and the text of any `stop` element inside it is left out."""
    parts: list[str] = []
    for node in tag.descendants:
        if any(parent.name in stop for parent in node.parents if parent is not tag and tag in parent.parents):
            continue
        if isinstance(node, Tag) and node.name == "br":
            parts.append("\x1d")
        elif isinstance(node, NavigableString) and not isinstance(node, Comment):
            parts.append(str(node))
    lines = [collapse_spaces(line) for line in "".join(parts).split("\x1d")]
    return "  ".join(line for line in lines if line)


def is_bold(tag: Tag) -> bool:
    """Whether all of an element's text is in `<strong>`/`<b>` (a label set as a bold paragraph)."""
    text = collapse_spaces(tag.get_text(" "))
    bold = collapse_spaces(" ".join(b.get_text(" ") for b in tag.find_all(("strong", "b"))))
    return bool(text) and text == bold


def table_grid(table: Tag) -> list[list[str]]:
    """A table's rows on its grid: a cell spanning columns has its text in its first column and ''
    in the others; a cell spanning rows reads as '' in the rows below (as a merged cell of a PDF).
    A cell's paragraphs and list items are marked as the PDF reader marks them (`<p>`, `•`)."""
    rows: list[list[str]] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a row of a table nested in a cell: read as part of that cell
        cells: list[str] = []
        column = 0
        for td in tr.find_all(("td", "th"), recursive=False):
            while pending.get(column, 0) > 0:
                cells.append("")
                pending[column] -= 1
                column += 1
            colspan = span(td.get("colspan"), 50)
            rowspan = span(td.get("rowspan"), 500)
            cells.append(cell_text(td))
            cells += [""] * (colspan - 1)
            for c in range(column, column + colspan):
                if rowspan > 1:
                    pending[c] = rowspan - 1
            column += colspan
        while any(pending.get(c, 0) > 0 for c in range(column, max(pending, default=-1) + 1)):
            if pending.get(column, 0) > 0:
                pending[column] -= 1
            cells.append("")
            column += 1
        rows.append(cells)
    return rows


def span(value: object, limit: int) -> int:
    """A `colspan`/`rowspan` as a number from 1 to `limit` (anything else: 1)."""
    text = str(value or "1").strip()
    return min(max(int(text), 1), limit) if text.isdigit() else 1


def cell_text(td: Tag) -> str:
    """A table cell's text: its paragraphs joined by `<p>`, its list items opened with `•`."""
    blocks = list(read_blocks(td, depth=MAX_DEPTH - 2))
    out = ""
    for block in blocks:
        text = block.text or "  ".join(" ".join(c for c in row if c) for row in block.rows)
        if not text:
            continue
        if block.kind == "item":
            out += (" • " if out else "• ") + text
        else:
            out += (f" {PARAGRAPH} " if out else "") + text
    return out.strip()


# --- blocks into rows -------------------------------------------------------------------------


@dataclass
class BlockRecord:
    """One recommendation of a plan published as blocks."""

    ref: str
    recommendation: str
    actions: list[str] = field(default_factory=list)
    progress: list[str] = field(default_factory=list)
    rag: str = ""


def label_of(block: Block) -> tuple[str, str] | None:
    """`(role, value)` when a block is a label of the block layout: "Desired outcome", "Detail:",
    "RAG: Green" (the value after it, or '')."""
    if block.kind not in ("heading", "paragraph"):
        return None
    m = _LABEL_LINE.match(block.text)
    if not m:
        return None
    for role, pattern in _LABELS.items():
        if pattern.fullmatch(m["label"].strip()):
            value = collapse_spaces(m["value"] or "")
            if value and role != "rag" and not (block.bold or block.kind == "heading"):
                return None  # "Update: …" in running text is a sentence, not a label
            return role, value
    return None


def recommendation_paragraphs(blocks: Sequence[Block], starts: Sequence[int]) -> dict[int, int]:
    """Index of each recommendation's paragraph (the block before a "Desired outcome" label) -> index of
    its numbered "Recommendation N" heading just above it, or of itself when there is none."""
    rec_at: dict[int, int] = {}
    for s in starts:
        if s == 0 or label_of(blocks[s - 1]) is not None:
            continue
        above = s - 2
        numbered = above >= 0 and blocks[above].kind == "heading" and _REC_HEADING.match(blocks[above].text)
        rec_at[s - 1] = above if numbered else s - 1
    return rec_at


def new_record(text: str, heading: str) -> BlockRecord:
    """A recommendation's record: its number from its heading, else from its own opening words."""
    ref = ""
    for source in (heading, text):
        if (m := _REC_HEADING.match(source)) and not ref:
            ref = m["ref"]
            if source is text and m["rest"]:
                text = m["rest"]
    return BlockRecord(ref, text)


def block_rows(blocks: Sequence[Block]) -> list[Row]:
    """The rows of the main content: blocks as one-cell rows and tables as their rows; a plan laid out
    as blocks (a "Desired outcome" label after a paragraph, and no table) read as the table it stands for.

    Each recommendation is the paragraph just before its "Desired outcome" label (with its number
    taken from a "Recommendation N" heading just above it, or from its own opening); the blocks after
    a label are its items until the next label; a rating ends the record. Text anywhere else (the
    headings above the first recommendation, a heading between two, a key below the last) is a
    paragraph row, outside the table.
    """
    starts = [n for n, b in enumerate(blocks) if (lab := label_of(b)) is not None and lab[0] == "action"]
    if not starts or any(b.kind == "table" for b in blocks):
        return plain_rows(blocks)
    rec_at = recommendation_paragraphs(blocks, starts)
    headings_of = {heading: rec for rec, heading in rec_at.items()}
    rows: list[Row] = []
    counts = {"paragraph": 0, "row": 0}

    def add(unit: str, cells: Sequence[str]) -> None:
        counts[unit] += 1
        rows.append(Row(tuple(cells), Location("paragraph" if unit == "paragraph" else "row", counts[unit])))

    record: BlockRecord | None = None
    role = ""
    for n, block in enumerate(blocks):
        if record is None and n == min(headings_of, default=len(blocks)):
            add("row", BLOCK_HEADER)
        if n in headings_of and n not in rec_at:
            continue  # a "Recommendation N" heading: read with the paragraph below it
        if n in rec_at:
            if record is not None:
                add_record(record, add)
            record, role = new_record(block.text, blocks[rec_at[n]].text if rec_at[n] != n else ""), ""
            continue
        label = label_of(block)
        if record is not None and label is not None:
            role, value = label
            if value:
                append(record, role, value)
                role = "" if role == "rag" else role
            continue
        if record is not None and role and block.kind != "heading":
            append(record, role, block.text)
            role = "" if role == "rag" else role
            continue
        if record is not None:
            add_record(record, add)
            record = None
        add("paragraph", [block.text])
    if record is not None:
        add_record(record, add)
    return rows


def append(record: BlockRecord, role: str, text: str) -> None:
    if role == "action":
        record.actions.append(text)
    elif role == "progress":
        record.progress.append(text)
    elif role == "rag":
        record.rag = f"{record.rag} {text}".strip()


def add_record(record: BlockRecord, add: Callable[[str, Sequence[str]], None]) -> None:
    """A record as the row a table would give: its outcomes and its details each a list in one cell
    (`•` items, as a Word cell's bullets read). With no owner or date column, the parser could not
    tell one action row from the next anyway: it reads the outcomes as one action, item by item."""
    add("row", [record.ref, record.recommendation, bullets(record.actions), bullets(record.progress), record.rag])


def bullets(texts: Sequence[str]) -> str:
    """`• a • b` for several texts, the text itself for one.

    >>> bullets(["Train staff.", "Audit cases."]), bullets(["Train staff."])
    ('• Train staff. • Audit cases.', 'Train staff.')
    """
    return "• " + " • ".join(texts) if len(texts) > 1 else "".join(texts)


def plain_rows(blocks: Sequence[Block]) -> list[Row]:
    """Blocks as one-cell rows at `paragraph N`, tables as their rows at `row N`."""
    rows: list[Row] = []
    paragraphs = table_rows = 0
    for block in blocks:
        if block.kind == "table":
            for cells in block.rows:
                table_rows += 1
                rows.append(Row(tuple(cells), Location("row", table_rows)))
        elif block.text:
            paragraphs += 1
            rows.append(Row((block.text,), Location("paragraph", paragraphs)))
    return rows
