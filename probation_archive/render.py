"""Plan -> Markdown pages with YAML front matter. Pure: data in, text out.

Everything that comes from a source document is HTML-escaped and placed in raw HTML
blocks or escaped Markdown, so nothing a source contains can become live markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import yaml

from .model import STATUSES, Plan, Recommendation

STATUS_LABELS = {"agreed": "Agreed", "partly-agreed": "Partly agreed", "not-agreed": "Not agreed", None: "No status"}
TARGET_LABELS = {"completed": "Completed", "ongoing": "Ongoing", "planned": "Planned", "unknown": "Unclear"}


def escape_md(text: str) -> str:
    """Escape text for an inline Markdown context (a heading, a link text).

    >>> print(escape_md("<b>A & B</b> [x](javascript:y)"))
    &lt;b&gt;A &amp; B&lt;/b&gt; \\[x\\]\\(javascript:y\\)
    """
    text = " ".join(text.split())
    out = []
    for char in text:
        if char in "<>&":
            out.append(html.escape(char))
        elif char in "\\`*_{}[]()#+-.!|~":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def esc(text: str) -> str:
    """Escape text for an HTML context; `{`, `}` and `%` too, so no template syntax survives.

    >>> esc('<script>{{x}}</script>')
    '&lt;script&gt;&#123;&#123;x&#125;&#125;&lt;/script&gt;'
    """
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")


def text_to_html(text: str) -> str:
    """Plain text with `- ` list lines (as the parser writes them) -> escaped HTML.

    >>> text_to_html("Lead:\\n- one\\n- two")
    '<p>Lead:</p><ul><li>one</li><li>two</li></ul>'
    """
    out: list[str] = []
    depth = 0
    for line in text.split("\n"):
        m = re.match(r"^( *)- (.*)$", line)
        level = len(m[1]) // 2 + 1 if m else 0
        content = m[2] if m else line
        while depth > level:
            out.append("</li></ul>" if depth > 1 else "</ul>")
            depth -= 1
        if level == 0:
            if content.strip():
                out.append(f"<p>{esc(content)}</p>")
            continue
        if depth < level:
            while depth < level:
                if depth >= 1 and out and out[-1].endswith("</li>"):
                    out[-1] = out[-1][: -len("</li>")]
                out.append("<ul>")
                depth += 1
            out.append(f"<li>{esc(content)}</li>")
        else:
            out.append(f"<li>{esc(content)}</li>")
    while depth > 0:
        out.append("</li></ul>" if depth > 1 else "</ul>")
        depth -= 1
    return "".join(out)


def human_date(iso: str | None) -> str:
    """`2019-03-29` -> `29 March 2019`; `2020-04` -> `April 2020`; None -> `not stated`."""
    if not iso:
        return "not stated"
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{months[int(parts[1]) - 1]} {parts[0]}"
    return iso


def plan_title(plan: Plan) -> str:
    """The page title: provider short name, then the month the plan was submitted."""
    when = human_date(plan.submitted[:7]) if plan.submitted else "undated"
    return f"{plan.provider.name}: action plan, {when}"


def plan_themes(plan: Plan) -> list[str]:
    """The themes of a plan's recommendations, most frequent first (ties in first-seen order)."""
    seen: dict[str, int] = {}
    for rec in plan.recommendations:
        for theme in rec.themes:
            seen[theme] = seen.get(theme, 0) + 1
    order = list(seen)
    return sorted(seen, key=lambda t: (-seen[t], order.index(t)))


def front_matter(plan: Plan) -> dict[str, object]:
    """The page's metadata, as MkDocs and the site templates read it."""
    return {
        "title": plan_title(plan),
        "plan_id": plan.slug,
        "provider": {
            "name": plan.provider.name,
            "short_name": plan.provider.short_name,
            "type": plan.provider.type,
            "slug": plan.provider.slug,
        },
        "submitted": plan.submitted,
        "published": plan.published,
        "source": plan.source,
        "source_sha256": plan.source_sha256,
        "counts": plan.counts(),
        "themes": plan_themes(plan),
        "recommendations": [
            {"id": rec.anchor, "number": rec.number, "status": rec.status, "themes": list(rec.themes)}
            for rec in plan.recommendations
        ],
        "warnings": list(plan.warnings),
    }


def dump_front_matter(data: dict[str, object]) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100) + "---\n"


def render_plan_page(plan: Plan) -> str:
    """The Markdown page of one plan: header, then one section per recommendation."""
    counts = plan.counts()
    summary = ", ".join(f"{counts[s]} {STATUS_LABELS[s].lower()}" for s in STATUSES)
    lines = [
        dump_front_matter(front_matter(plan)),
        f"# {escape_md(plan_title(plan))}",
        "",
        '<dl class="plan-facts">',
        f"<dt>Provider</dt><dd>{esc(plan.provider.name)} ({esc(plan.provider.short_name)}, {esc(plan.provider.type)})</dd>",
        f"<dt>Action plan submitted</dt><dd>{esc(human_date(plan.submitted))}</dd>",
        f"<dt>Inspection report published</dt><dd>{esc(human_date(plan.published))}</dd>",
        f"<dt>Recommendations</dt><dd>{counts['total']} ({esc(summary)}); {counts['actions']} actions</dd>",
        f"<dt>Source</dt><dd><code>{esc(plan.source)}</code> (SHA-256 <code>{esc(plan.source_sha256)}</code>)</dd>",
        "</dl>",
        "",
    ]
    if plan.warnings:
        lines += [
            '<details class="extraction-warnings"><summary>Extraction warnings '
            f"({len(plan.warnings)})</summary><ul>",
            *(f"<li>{esc(w)}</li>" for w in plan.warnings),
            "</ul></details>",
            "",
        ]
    for rec in plan.recommendations:
        lines += render_recommendation(rec)
    return "\n".join(lines)


def render_recommendation(rec: Recommendation) -> list[str]:
    status = STATUS_LABELS[rec.status]
    lines = [
        f"## Recommendation {rec.number} {{ #{rec.anchor} }}",
        "",
        f'<p class="rec-meta"><strong class="status status-{esc(rec.status or "none")}">{status}</strong>'
        f" · For: {esc(rec.addressee)}"
        + (" · Repeated from the previous inspection" if rec.repeated else "")
        + (f" · Themes: {esc(', '.join(rec.themes))}" if rec.themes else "")
        + "</p>",
        f'<div class="rec-text">{text_to_html(rec.text)}</div>',
        "",
    ]
    if rec.rationale:
        lines += [f'<div class="rationale"><p><strong>Why not fully agreed:</strong></p>{text_to_html(rec.rationale)}</div>', ""]
    if rec.actions:
        lines.append('<table class="actions"><thead><tr><th>Action</th><th>Owner</th><th>Target</th><th>Target status</th></tr></thead><tbody>')
        for action in rec.actions:
            lines.append(
                f"<tr><td>{text_to_html(action.text)}</td><td>{esc(action.owner)}</td>"
                f"<td>{esc(action.target.text)}</td><td>{TARGET_LABELS[action.target.status]}</td></tr>"
            )
        lines += ["</tbody></table>", ""]
    return lines


def render_home(plans: Sequence[Plan]) -> str:
    """The home page: what the archive is, and every plan with its counts."""
    total = sum(len(p.recommendations) for p in plans)
    lines = [
        dump_front_matter({"title": "Probation Action Plan Archive"}),
        "# Probation Action Plan Archive",
        "",
        "When HM Inspectorate of Probation inspects a probation provider, the government publishes an "
        "action plan: each recommendation, whether it is agreed, and what will be done, by whom and by when. "
        f"This archive holds {len(plans)} plans with {total} recommendations, parsed from the published documents.",
        "",
        '<table class="plans"><thead><tr><th>Plan</th><th>Submitted</th><th>Agreed</th><th>Partly agreed</th>'
        "<th>Not agreed</th><th>Actions</th></tr></thead><tbody>",
    ]
    for plan in sorted(plans, key=lambda p: (p.submitted or "", p.slug), reverse=True):
        c = plan.counts()
        lines.append(
            f'<tr><td><a href="{esc(plan.url)}">{esc(plan.provider.name)}</a></td><td>{esc(human_date(plan.submitted))}</td>'
            f"<td>{c['agreed']}</td><td>{c['partly-agreed']}</td><td>{c['not-agreed']}</td><td>{c['actions']}</td></tr>"
        )
    lines += ["</tbody></table>", "", "Open data: [plans.json](data/plans.json), "
              "[recommendations.csv](data/recommendations.csv), [actions.csv](data/actions.csv).", ""]
    return "\n".join(lines)
