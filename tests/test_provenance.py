"""Provenance: a plan published from a PDF links each recommendation to its page in the source."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber

from probation_archive.site import run

from .conftest import ROOT

PDF = ROOT / "tests" / "fixtures" / "pdf" / "rendered-from-real-text" / "001_44c49a5d30db9843.pdf"


def test_pdf_recommendations_link_to_their_source_pages(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(PDF, sources)
    report = run(sources, tmp_path / "content", tmp_path / "site", strict=False)
    assert report.failures == []
    [plan] = report.plans
    with pdfplumber.open(PDF) as pdf:
        page_count = len(pdf.pages)
        texts = [page.extract_text() or "" for page in pdf.pages]
    starts = [rec.pages[0] for rec in plan.recommendations]
    assert starts == sorted(starts) and all(1 <= p <= page_count for p in starts)
    for rec in plan.recommendations:  # the recommendation's opening words are on its first page
        opening = " ".join(rec.text.split()[:4])
        page_text = " ".join(texts[rec.pages[0] - 1].split())
        assert opening in page_text or opening in " ".join(" ".join(texts[p - 1].split()) for p in rec.pages)
    html = (tmp_path / "site" / "plans" / plan.slug / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./\.\./sources/001_44c49a5d30db9843\.pdf#page=(\d+)"', html)
    assert [int(n) for n in links] == starts
    assert (tmp_path / "site" / "sources" / PDF.name).read_bytes() == PDF.read_bytes()
