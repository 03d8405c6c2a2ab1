"""An Atom 1.0 feed of the archive's plans, newest first, so people can follow new additions.

Pure: plans in, XML text out. Every date in it is a plan's own date (the month it was
submitted), never the time of the build, so the same sources always give the same feed.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..archive import newest_first
from ..model import PartialDate, Plan
from ..present.urls import FEED_PATH, absolute, normalise_site_url
from ..present.words import human_date, plan_title, status_summary

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_TITLE = "Probation Action Plan Archive: new action plans"
RIGHTS = "Contains public sector information licensed under the Open Government Licence v3.0."
_NO_DATE = "1970-01-01"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

FEED_ENTRIES = 50  # the newest plans; feeds carry what is new, not an archive of 2,000 entries


def xml_text(text: str) -> str:
    """Text with the characters XML 1.0 cannot carry removed (ElementTree escapes the rest).

    >>> xml_text("a\\x0cb\\x00c")
    'abc'
    """
    return _NOT_XML.sub("", text)


def atom_date(iso: str | None) -> str:
    """A plan's `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as an RFC 3339 timestamp (missing parts -> 01).

    >>> atom_date("2019-03"), atom_date("2019-03-29"), atom_date(None)
    ('2019-03-01T00:00:00Z', '2019-03-29T00:00:00Z', '1970-01-01T00:00:00Z')
    """
    return f"{PartialDate.parse(iso or _NO_DATE).first_day.isoformat()}T00:00:00Z"


def entry_id(site_url: str, path: str) -> str:
    """A permanent id: the absolute permalink, or (with no site address) a UUID derived from the path.

    >>> entry_id("https://example.org/", "plans/x-2019-03/")
    'https://example.org/plans/x-2019-03/'
    >>> entry_id("", "plans/x-2019-03/")
    'urn:uuid:2adde1eb-71d9-5380-846e-faa75de2cdb7'
    """
    return absolute(site_url, path) if site_url else f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, path)}"


def plan_summary(plan: Plan) -> str:
    """One line of counts: `7 recommendations (4 agreed, 3 partly agreed, 0 not agreed); 30 actions. …`"""
    counts = plan.counts()
    statuses = status_summary(counts)
    noun = "recommendation" if counts["total"] == 1 else "recommendations"
    return (
        f"{counts['total']} {noun} ({statuses}); {counts['actions']} actions. "
        f"Submitted {human_date(plan.submitted)}; inspection report published {human_date(plan.published)}. "
        f"Source: {plan.source} (SHA-256 {plan.source_sha256})."
    )


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def atom_feed(plans: Sequence[Plan], site_url: str, version: str) -> str:
    """The Atom feed: one entry per plan in the archive's one order, `newest_first` (by the date it was
    submitted, undated plans last), the newest `FEED_ENTRIES` only (a reader subscribes to what is new;
    the whole archive is in the open data).

    Each entry's id and link are the plan's permalink (`site_url` + `plans/<slug>/`); its
    `updated` is the date the plan was submitted (1970-01-01 for an undated plan, as Atom requires a
    date); the feed's `updated` is the newest plan's. The archive's
    version is the generator's `version`. With no `site_url`, ids are stable `urn:uuid:`s and
    links are relative to the feed (which lives at the site's root, `feed.xml`).

    >>> print(*atom_feed([], "https://example.org", "sha256:0").splitlines()[:3], sep="\\n")
    <?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">
      <id>https://example.org/</id>
    """
    site_url = normalise_site_url(site_url)
    ordered = newest_first(plans)
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: "en-GB"})
    _add(feed, "id", entry_id(site_url, ""))
    _add(feed, "title", FEED_TITLE)
    _add(feed, "subtitle", "Government action plans answering HM Inspectorate of Probation's recommendations.")
    _add(feed, "updated", atom_date(ordered[0].submitted if ordered else None))
    _add(feed, "link", rel="self", type="application/atom+xml", href=absolute(site_url, FEED_PATH))
    _add(feed, "link", rel="alternate", type="text/html", href=site_url or "./")
    author = _add(feed, "author")
    _add(author, "name", "Probation Action Plan Archive")
    _add(feed, "rights", RIGHTS)
    _add(feed, "generator", "probation_archive", version=version)
    for plan in ordered[:FEED_ENTRIES]:
        entry = _add(feed, "entry")
        _add(entry, "id", entry_id(site_url, plan.url))
        _add(entry, "title", plan_title(plan))
        _add(entry, "updated", atom_date(plan.submitted))
        _add(entry, "link", rel="alternate", type="text/html", href=absolute(site_url, plan.url))
        _add(entry, "category", term=plan.provider.type, label=plan.provider.type)
        _add(entry, "summary", plan_summary(plan))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
