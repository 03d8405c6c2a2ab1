"""Charts drawn at build time as plain HTML and CSS (no chart library, no script at run time).

Each chart is one horizontal stacked bar per row, one segment per status. Labels are real text,
so they stay as large as the page's text at any width; segments carry a pattern as well as a
colour, so status is never shown by colour alone; pages always print the same numbers as a table.
Each row's name links to its page and each bar to the recommendations it counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import NOT_STATED, STATUSES, StatusOrNotStated
from ..present.markup import Html, join
from ..present.words import STATUS_LABELS, status_summary


@dataclass(frozen=True)
class ChartRow:
    """One bar: its label and where the label leads, and where the bar leads (both page-relative)."""

    label: str
    label_url: str
    bar_url: str
    counts: Mapping[str, int]


def bar_description(row: ChartRow) -> str:
    """The bar's accessible name: its total first (the number shown), then each status.

    >>> bar_description(ChartRow("Training", "t/", "e/", {"agreed": 3, "partly-agreed": 1}))
    'Training: 4 recommendations (3 agreed, 1 partly agreed, 0 not agreed), in the explorer'
    """
    total = sum(row.counts.get(s, 0) for s in (*STATUSES, NOT_STATED))
    return f"{row.label}: {total} recommendation{'s' if total != 1 else ''} ({status_summary(row.counts)}), in the explorer"


def stacked_bar_chart(chart_id: str, title: str, rows: Sequence[ChartRow]) -> Html:
    """An HTML chart of one stacked bar per row; a bar's length is its total against the largest.

    >>> html = stacked_bar_chart("c", "By theme", [ChartRow("Training", "t/", "e/", {"agreed": 3})])
    >>> 'href="e/"' in html and "width:100.0%" in html and "Training" in html
    True
    """
    # Recommendations whose plan states no response get a segment (and a legend entry) only when there are any.
    order: tuple[StatusOrNotStated, ...] = (
        *STATUSES,
        *([NOT_STATED] if any(row.counts.get(NOT_STATED) for row in rows) else []),
    )
    most = max((sum(row.counts.get(s, 0) for s in order) for row in rows), default=0) or 1
    items = []
    for row in rows:
        total = sum(row.counts.get(s, 0) for s in order)
        segments = join(
            Html('<span class="chart-segment chart-{}" style="width:{:.1f}%"></span>').format(
                status, 100 * row.counts.get(status, 0) / total
            )
            for status in order
            if total and row.counts.get(status, 0)
        )
        items.append(
            Html(
                '<li class="chart-row"><a class="chart-label" href="{label_url}">{label}</a>'
                '<span class="chart-track"><a class="chart-bar" href="{bar_url}" '
                'aria-label="{description}" style="width:{width:.1f}%">{segments}</a>'
                '<span class="chart-total" aria-hidden="true">{total}</span></span></li>'
            ).format(
                label_url=row.label_url,
                label=row.label,
                bar_url=row.bar_url,
                description=bar_description(row),
                width=100 * total / most,
                segments=segments,
                total=total,
            )
        )
    legend = join(
        Html('<li><span class="chart-swatch chart-{}"></span>{}</li>').format(status, STATUS_LABELS[status])
        for status in order
    )
    return Html(
        '<div class="chart" id="{}" role="group" aria-label="{}">'
        '<ul class="chart-rows">{}</ul><ul class="chart-legend" aria-label="Key">{}</ul></div>'
    ).format(chart_id, title, join(items), legend)
