"""Charts drawn at build time as inline SVG (no chart library at run time).

Each chart is a horizontal stacked bar per row, one segment per status. Segments carry a
pattern as well as a colour and a `<title>`, so status is never shown by colour alone;
pages always print the same numbers as a table beside the chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .model import NOT_STATED
from .render import STATUS_LABELS, esc

STATUS_ORDER = ("agreed", "partly-agreed", "not-agreed")
PATTERNS = {
    NOT_STATED: ("#b1b4b6", '<path d="M0 3 L6 3" stroke="#0b0c0c" stroke-width=".8" opacity=".5"/>'),
    "agreed": ("#1d70b8", ""),
    "partly-agreed": ("#f9c74f", '<path d="M0 6 L6 0" stroke="#000" stroke-width="1" opacity=".45"/>'),
    "not-agreed": ("#d4351c", '<path d="M0 0 L6 6 M6 0 L0 6" stroke="#fff" stroke-width="1.2"/>'),
}


def stacked_bar_chart(
    chart_id: str, title: str, rows: Sequence[tuple[str, Mapping[str, int]]], label_width: int = 330
) -> str:
    """An SVG of one stacked bar per `(label, counts by status)` row.

    >>> svg = stacked_bar_chart("c", "By theme", [("Training", {"agreed": 3, "partly-agreed": 1})])
    >>> svg.startswith('<svg') and "Training: 3 agreed" in svg
    True
    """
    bar_height, gap, width = 18, 8, 820
    plot = width - label_width - 40
    # Recommendations whose plan states no response get a segment (and a legend entry) only when there are any.
    order = (*STATUS_ORDER, *([NOT_STATED] if any(counts.get(NOT_STATED) for _, counts in rows) else []))
    most = max((sum(counts.get(s, 0) for s in order) for _, counts in rows), default=0) or 1
    height = len(rows) * (bar_height + gap) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{esc(chart_id)}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{esc(chart_id)}-title">',
        f'<title id="{esc(chart_id)}-title">{esc(title)}</title>',
        "<defs>",
        *(
            f'<pattern id="{esc(chart_id)}-{status}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{colour}"/>{marks}</pattern>'
            for status, (colour, marks) in PATTERNS.items()
            if status in order
        ),
        "</defs>",
    ]
    for n, (label, counts) in enumerate(rows):
        y = n * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 13}" text-anchor="end" class="chart-label">{esc(label)}</text>'
        )
        x = float(label_width)
        for status in order:
            value = counts.get(status, 0)
            if not value:
                continue
            w = plot * value / most
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" '
                f'fill="url(#{esc(chart_id)}-{status})" stroke="#0b0c0c" stroke-width=".5">'
                f"<title>{esc(label)}: {value} {STATUS_LABELS[status].lower()}</title></rect>"
            )
            x += w
        total = sum(counts.get(s, 0) for s in order)
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 13}" class="chart-total">{total}</text>')
    legend_y = len(rows) * (bar_height + gap) + 14
    x = float(label_width)
    for status in order:
        parts.append(
            f'<rect x="{x:.0f}" y="{legend_y}" width="14" height="14" fill="url(#{esc(chart_id)}-{status})" '
            'stroke="#0b0c0c" stroke-width=".5"/>'
            f'<text x="{x + 20:.0f}" y="{legend_y + 12}" class="chart-legend">{STATUS_LABELS[status]}</text>'
        )
        x += min(150, (width - label_width - 10) // len(order))
    parts.append("</svg>")
    return "".join(parts)
