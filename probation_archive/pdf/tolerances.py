"""Every ratio and threshold the PDF reader judges a layout by, named in one place.

As pdfplumber gathers its table-finding tolerances in `TableSettings`, the reader's are the fields
of one frozen `Tolerances`; `DEFAULT_TOLERANCES` is what every function uses unless given another.
Distances are in PDF points (1/72 inch); a `_ratio` is a multiple of the font size (or, where it
says so, of the page's height or the distance between lines).

>>> DEFAULT_TOLERANCES.word_gap_ratio * 10  # a gap wider than 1.5pt between 10pt characters is a space
1.5
>>> from dataclasses import replace
>>> replace(DEFAULT_TOLERANCES, word_gap_ratio=0.2).word_gap_ratio  # another set, for an experiment
0.2
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tolerances:
    """The reader's tolerances; each field says what it measures and why it has its value."""

    # --- characters and lines (lines.py)
    duplicate_char_distance: float = 1.0
    """pt: the same character in the same size drawn again this close (across and down) is a copy
    made to fake bold, and is dropped; a real next letter is at least a narrow glyph's width away."""
    same_line_ratio: float = 0.5
    """A character whose top is less than this much of its size below the top of a line's first
    character is on that line: superscripts and mixed sizes stay on their line, the next line
    (a whole line height below) does not."""
    word_gap_ratio: float = 0.15
    """A gap between two characters wider than this much of the font size is a space: a space is
    about a quarter of the size, kerning and letter spacing far less."""
    column_gap_ratio: float = 0.9
    """A gap within a line wider than this much of the font size (several spaces) separates the
    cells of a table drawn without rules."""
    paragraph_space_ratio: float = 0.4
    """Space above a line in a cell, beyond the usual line pitch, of more than this much of its
    font size opens a paragraph (Word's and LibreOffice's space before or after a paragraph)."""
    line_break_space_ratio: float = 0.12
    """Space above a line beyond the usual pitch of more than this much of its size (but not a
    paragraph's) is a line break: a line of a slightly taller style, not a wrapped line."""
    fallback_space_ratio: float = 0.25
    """The width of a space, as a share of the font size, where neither line shows one (one-word
    lines): about a space's width in the common fonts."""
    max_space_ratio: float = 0.5
    """The widest space, as a share of the font size, counted when deciding whether a line's first
    word would have fitted on the line before: a justified line's stretched spaces are not the
    space that word would have had."""
    wrap_slack: float = 0.5
    """pt: a word that would overrun the cell's text edge by less than this still counts as not
    fitting (rounding in the PDF's positions)."""
    fallback_pitch_ratio: float = 1.2
    """The distance between lines, as a multiple of the font size, where no cell has two lines to
    measure it by: single spacing in Word and LibreOffice."""
    cell_font_size: float = 9.0
    """pt: the font size assumed for a ruled table's fallback line pitch (with `fallback_pitch_ratio`),
    the size the published plans' tables are set in."""

    # --- text outside tables (lines.py)
    page_margin_ratio: float = 0.08
    """A share of the page's height at its top and at its bottom: a line there that is only a page
    number ("3", "Page 3 of 9") is a running header or footer, and is dropped."""
    paragraph_join_gap_ratio: float = 0.5
    """Lines outside tables less than this much of the font size apart, top of one to the bottom of
    the one above, are one paragraph (a paragraph's own spacing is well under half a line)."""
    same_size_tolerance: float = 0.5
    """pt: lines whose font sizes differ by less than this are in the same style, and may join into
    one paragraph (a heading above body text does not)."""

    # --- ruled tables (ruled.py)
    white_level: float = 0.95
    """A grey or RGB colour whose every component is at least this light is white: a white or
    hidden rule must not split cells."""
    white_ink: float = 0.05
    """A CMYK colour with no more than this much of every ink is white (the CMYK `white_level`)."""
    rule_thickness: float = 2.0
    """pt: a rectangle no thicker than this, and longer than it, is drawn as a rule (one edge);
    a thicker one is a box with four edges."""
    rule_slant: float = 1.0
    """pt: a line whose ends differ by at most this across its length is straight (horizontal or
    vertical). pdfplumber's exact `top == bottom` test misreads rules on rotated pages."""
    min_table_cells: int = 2
    """A ruled table with fewer cells than this is a framed paragraph, not a table."""
    cut_row_room_ratio: float = 0.5
    """The room below the lowest line at a table's foot, short of the usual room below a row's last
    line by more than this much of the line pitch, shows the page break cut that row inside a
    paragraph (where paragraphs have space after them)."""

    # --- assembly across pages (assemble.py)
    header_search_rows: int = 3
    """The action plan's header row is looked for in a ruled table's first this many rows (a title
    row or two may come above it)."""
    continuation_top_ratio: float = 0.25
    """A share of the page's height: only a table starting this near the top of a page can carry
    on a row broken at the foot of the page before."""
    foot_slack_lines: float = 1.5
    """Line pitches: a table ending within this many lines of the lowest any table reaches in the
    document reaches the foot of its page (a word processor breaks a row at a line, so the table
    can end up to a line short of the foot)."""

    # --- tables without rules (unruled.py)
    row_gap_ratio: float = 0.8
    """A gap between lines larger than the line pitch plus this much of the font size starts a new
    row of a table without rules (rows are set apart by more than a paragraph's spacing)."""
    min_line_pitch_ratio: float = 0.95
    """The distance between two lines of one paragraph is at least this much of the font size:
    a smaller one is an overlap (a superscript, a second column) and is not the pitch."""
    fallback_line_pitch: float = 10.0
    """pt: the line pitch of a table without rules where no two lines measure it."""
    column_overhang: float = 2.0
    """pt: a character starting this far left of a column's left edge still belongs to it (a
    header label and the text below it do not line up exactly), so the column before ends this
    far short of that edge; a line that crosses a column's edge by more runs across the columns
    (a section row)."""
    column_end_margin: float = 1.0
    """pt: added to the right end of a column's longest line to give the column's text edge."""
    min_header_columns: int = 4
    """A line of an unruled table's header has at least this many separate labels (the plan's
    table has at least recommendation, response, action and owner or date)."""
    max_header_lines: int = 4
    """An unruled table's header is at most this many lines deep (labels wrap onto a few lines)."""
    header_line_pitch_ratio: float = 1.6
    """Lines of an unruled table's header are at most this much of the font size apart: single to
    one-and-a-half spacing, no more."""


DEFAULT_TOLERANCES = Tolerances()
