"""The render cache (`mkdocs_hooks`): a rebuild takes an unchanged page's render from the cache, and
the site it builds is byte for byte the one MkDocs builds without it, with the same warnings: a
link whose target or anchor has gone still fails a strict build."""

from __future__ import annotations

import logging
import pickle
import shutil
from pathlib import Path
from types import SimpleNamespace

import mkdocs.structure.pages
import pytest

from probation_archive.mkdocs_hooks import RENDER_CACHE_ENV, RENDER_CACHE_FILE, cache_salt, page_key
from probation_archive.site import build_site, run

from .conftest import SOURCE_PLANS

ORIGINAL_RENDER = mkdocs.structure.pages.Page.render
LINKING = "Linking page.\n\n[the target's anchor](x-target.md#here) and [the target](x-target.md)\n"
TARGET = "# Target\n\n## Here\n\ntext\n"


@pytest.fixture
def docs(built: Path, tmp_path: Path) -> Path:
    """The real archive's content/, and two pages of ours (not in the nav): one linking to the other's anchor."""
    folder = tmp_path / "content"
    shutil.copytree(built / "content", folder)
    (folder / "x-linking.md").write_text(LINKING, encoding="utf-8")
    (folder / "x-target.md").write_text(TARGET, encoding="utf-8")
    return folder


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages MkDocs renders (not taken from the cache), by src_uri."""
    seen: list[str] = []

    def counted(page: mkdocs.structure.pages.Page, config: object, files: object) -> None:
        seen.append(page.file.src_uri)
        ORIGINAL_RENDER(page, config, files)  # type: ignore[arg-type]

    monkeypatch.setattr(mkdocs.structure.pages.Page, "render", counted)
    return seen


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_warm_cache_builds_the_same_site_byte_for_byte_rendering_nothing(
    docs: Path, tmp_path: Path, renders: list[str]
) -> None:
    cache = tmp_path / "cache"
    build_site(docs, tmp_path / "plain", strict=True)
    renders.clear()
    build_site(docs, tmp_path / "cold", strict=True, render_cache=cache)
    rendered_cold = len(renders)
    renders.clear()
    build_site(docs, tmp_path / "warm", strict=True, render_cache=cache)
    assert rendered_cold > 30 and renders == []
    stored = pickle.loads((cache / RENDER_CACHE_FILE).read_bytes())["entries"]
    assert len([key for key in stored if key.startswith("aside ")]) == rendered_cold  # and the blocks set aside
    plain = tree(tmp_path / "plain")
    assert tree(tmp_path / "cold") == plain
    assert tree(tmp_path / "warm") == plain


def test_only_a_changed_page_is_rendered_again(docs: Path, tmp_path: Path, renders: list[str]) -> None:
    cache = tmp_path / "cache"
    build_site(docs, tmp_path / "cold", strict=True, render_cache=cache)
    (docs / "x-target.md").write_text(TARGET + "\nmore text\n", encoding="utf-8")
    renders.clear()
    build_site(docs, tmp_path / "warm", strict=True, render_cache=cache)
    assert renders == ["x-target.md"]
    build_site(docs, tmp_path / "plain", strict=True)
    assert tree(tmp_path / "warm") == tree(tmp_path / "plain")


@pytest.mark.parametrize("link", ["x-target.md#here", "x-target.md"])
def test_a_cached_page_whose_link_target_is_gone_still_fails_a_strict_build(
    docs: Path, tmp_path: Path, renders: list[str], caplog: pytest.LogCaptureFixture, link: str
) -> None:
    (docs / "x-linking.md").write_text(f"Linking page.\n\n[the target]({link})\n", encoding="utf-8")
    cache = tmp_path / "cache"
    build_site(docs, tmp_path / "cold", strict=True, render_cache=cache)
    (docs / "x-target.md").unlink()
    renders.clear()
    with caplog.at_level(logging.WARNING), pytest.raises(Exception, match="strict"):
        build_site(docs, tmp_path / "warm", strict=True, render_cache=cache)
    assert "x-linking.md" in renders  # what its links looked up changed: rendered again
    assert f"contains a link '{link}', but the target" in caplog.text
    assert "is not found among documentation files" in caplog.text


def test_a_cached_page_linking_to_an_anchor_that_is_gone_still_fails_a_strict_build(
    docs: Path, tmp_path: Path, renders: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    build_site(docs, tmp_path / "cold", strict=True, render_cache=cache)
    (docs / "x-target.md").write_text(TARGET.replace("Here", "Elsewhere"), encoding="utf-8")
    renders.clear()
    with caplog.at_level(logging.WARNING), pytest.raises(Exception, match="strict"):
        build_site(docs, tmp_path / "warm", strict=True, render_cache=cache)
    assert renders == ["x-target.md"]  # the linking page came from the cache, its links with it
    assert "does not contain an anchor '#here'" in caplog.text


def test_a_cached_pages_warnings_are_logged_again(
    docs: Path, tmp_path: Path, renders: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    (docs / "x-linking.md").write_text(LINKING + "\n[gone](x-nowhere.md)\n", encoding="utf-8")
    cache = tmp_path / "cache"
    for name in ("cold", "warm"):
        caplog.clear()
        renders.clear()
        with caplog.at_level(logging.WARNING), pytest.raises(Exception, match="strict"):
            build_site(docs, tmp_path / name, strict=True, render_cache=cache)
        assert "contains a link 'x-nowhere.md', but the target is not found" in caplog.text
    assert renders == []  # the warm build rendered nothing, yet warned as the cold one did


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None])
def test_a_corrupt_cache_is_a_miss(docs: Path, tmp_path: Path, renders: list[str], damage: bytes | None) -> None:
    cache = tmp_path / "cache"
    build_site(docs, tmp_path / "cold", strict=True, render_cache=cache)
    every_page = sorted(renders)
    stored = cache / RENDER_CACHE_FILE
    data = stored.read_bytes()
    stored.write_bytes(data[: len(data) // 2] if damage is None else damage)  # None: truncated
    renders.clear()
    build_site(docs, tmp_path / "warm", strict=True, render_cache=cache)
    assert sorted(renders) == every_page and len(every_page) > 30
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold")
    assert not [p for p in cache.iterdir() if p.name != RENDER_CACHE_FILE]  # no temporary file left


def test_a_build_leaves_mkdocs_and_the_environment_as_they_were(docs: Path, tmp_path: Path) -> None:
    build_site(docs, tmp_path / "site", strict=True, render_cache=tmp_path / "cache")
    assert mkdocs.structure.pages.Page.render is ORIGINAL_RENDER
    assert RENDER_CACHE_ENV not in __import__("os").environ


def test_the_build_keeps_the_render_cache_beside_the_parse_cache(tmp_path: Path, renders: list[str]) -> None:
    for name in ("cold", "warm"):
        renders.clear()
        report = run(
            SOURCE_PLANS, tmp_path / name / "content", tmp_path / name / "site", True, tmp_path / "cache" / "parse"
        )
        assert report.failures == []
    assert (tmp_path / "cache" / "mkdocs" / RENDER_CACHE_FILE).is_file()
    assert renders == []  # the same content/ in another folder: every page from the cache
    assert tree(tmp_path / "warm" / "site") == tree(tmp_path / "cold" / "site")


def fake_config(**changes: object) -> SimpleNamespace:
    links = SimpleNamespace(not_found=30, anchors=30, absolute_links=20, unrecognized_links=30)
    settings = {
        "markdown_extensions": ["toc", "tables"],
        "mdx_configs": {"toc": {"permalink": True}},
        "use_directory_urls": True,
        "validation": SimpleNamespace(links=links),
    }
    return SimpleNamespace(**{**settings, **changes})


def test_the_key_holds_the_markdown_config_the_page_and_its_text() -> None:
    salt = cache_salt(fake_config())
    assert cache_salt(fake_config()) == salt
    assert cache_salt(fake_config(mdx_configs={"toc": {"permalink": False}})) != salt
    assert cache_salt(fake_config(markdown_extensions=["toc"])) != salt
    assert cache_salt(fake_config(use_directory_urls=False)) != salt

    def page(src_uri: str, markdown: str) -> SimpleNamespace:
        file = SimpleNamespace(src_uri=src_uri, url=src_uri[:-3] + "/", inclusion=SimpleNamespace(name="INCLUDED"))
        return SimpleNamespace(file=file, markdown=markdown)

    key = page_key(salt, page("a.md", "# A"))
    assert key == page_key(salt, page("a.md", "# A"))
    assert len({key, page_key(salt, page("b.md", "# A")), page_key(salt, page("a.md", "# B"))}) == 3
