"""Open data: the whole archive as `plans.json`, and one CSV row per recommendation / action."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from .model import Plan
from .render import plan_title

RECOMMENDATION_COLUMNS = (
    "plan_id", "provider", "provider_short_name", "provider_type", "submitted", "published",
    "recommendation_id", "number", "url", "addressee", "status", "repeated", "themes", "text", "rationale", "actions",
)
ACTION_COLUMNS = (
    "plan_id", "provider", "provider_type", "submitted", "recommendation_id", "number", "url",
    "recommendation_status", "action_number", "text", "owner", "target_text", "target_date", "target_status",
)


def plan_record(plan: Plan) -> dict[str, object]:
    """One plan in the exact shape of `plans.json` (other tools read it: keep it stable)."""
    return {
        "id": plan.slug,
        "source": plan.source,
        "source_sha256": plan.source_sha256,
        "title": plan_title(plan),
        "provider": {
            "name": plan.provider.name,
            "short_name": plan.provider.short_name,
            "type": plan.provider.type,
            "slug": plan.provider.slug,
        },
        "submitted": plan.submitted,
        "published": plan.published,
        "url": plan.url,
        "counts": plan.counts(),
        "declared_summary": plan.declared_summary,
        "warnings": list(plan.warnings),
        "recommendations": [
            {
                "id": rec.anchor,
                "number": rec.number,
                "url": f"{plan.url}#{rec.anchor}",
                "addressee": rec.addressee,
                "text": rec.text,
                "status": rec.status,
                "rationale": rec.rationale,
                "repeated": rec.repeated,
                "themes": list(rec.themes),
                "actions": [
                    {
                        "text": action.text,
                        "owner": action.owner,
                        "target": {"text": action.target.text, "date": action.target.date, "status": action.target.status},
                    }
                    for action in rec.actions
                ],
            }
            for rec in plan.recommendations
        ],
    }


def plans_json(plans: Sequence[Plan]) -> str:
    """`{"plans": [...]}`, plans in slug order, pretty-printed, ending in a newline."""
    records = [plan_record(p) for p in sorted(plans, key=lambda p: p.slug)]
    return json.dumps({"plans": records}, ensure_ascii=False, indent=2) + "\n"


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell(3), safe_cell(None), safe_cell(True)
    ("'=HYPERLINK(1)", '3', '', 'true')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(columns: Sequence[str], rows: list[dict[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row[c]) for c in columns])
    return buffer.getvalue()


def recommendations_csv(plans: Sequence[Plan]) -> str:
    rows = []
    for plan in sorted(plans, key=lambda p: p.slug):
        for rec in plan.recommendations:
            rows.append({
                "plan_id": plan.slug, "provider": plan.provider.name, "provider_short_name": plan.provider.short_name,
                "provider_type": plan.provider.type, "submitted": plan.submitted, "published": plan.published,
                "recommendation_id": rec.anchor, "number": rec.number, "url": f"{plan.url}#{rec.anchor}",
                "addressee": rec.addressee, "status": rec.status, "repeated": rec.repeated,
                "themes": ";".join(rec.themes), "text": rec.text, "rationale": rec.rationale, "actions": len(rec.actions),
            })
    return _csv(RECOMMENDATION_COLUMNS, rows)


def actions_csv(plans: Sequence[Plan]) -> str:
    rows = []
    for plan in sorted(plans, key=lambda p: p.slug):
        for rec in plan.recommendations:
            for n, action in enumerate(rec.actions, 1):
                rows.append({
                    "plan_id": plan.slug, "provider": plan.provider.name, "provider_type": plan.provider.type,
                    "submitted": plan.submitted, "recommendation_id": rec.anchor, "number": rec.number,
                    "url": f"{plan.url}#{rec.anchor}", "recommendation_status": rec.status, "action_number": n,
                    "text": action.text, "owner": action.owner, "target_text": action.target.text,
                    "target_date": action.target.date, "target_status": action.target.status,
                })
    return _csv(ACTION_COLUMNS, rows)
