"""The README's two commands are real: the Makefile has them and CI runs the test one."""

from __future__ import annotations

import json
import re

from .conftest import ROOT


def test_readme_shows_exactly_two_setup_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## The two commands.*?```sh\n(.*?)```", readme, re.S)
    assert block, "README must show the two commands in a sh block"
    commands = [line.split("#")[0].strip() for line in block[1].splitlines() if line.strip()]
    assert commands == ["make site", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^site: ", makefile, re.M) and re.search(r"^test: ", makefile, re.M)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in ci.splitlines() if line.startswith("make ")] == ["make test"]


def layout_table_paths(readme: str) -> set[str]:
    """Every package file the README's layout table names: `probation_archive/x.py`, or a name
    after it in the same cell (`` `pages/hubs.py`, `charts.py` `` stands for probation_archive/pages/charts.py)."""
    named: set[str] = set()
    for line in readme.splitlines():
        cell = line.split("|")[1] if line.startswith("| `probation_archive/") else ""
        folder = ""
        for path, name in re.findall(r"`(probation_archive/(?:[\w]+/)*)?([\w]+\.(?:py|yml|json))`", cell):
            folder = path or folder  # a bare name is in the folder of the path before it
            named.add(f"{folder}{name}")
    return named


def test_readme_layout_table_lists_exactly_the_packages_modules() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    modules = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "probation_archive").rglob("*.py")
        if p.name != "__init__.py" and "__pycache__" not in p.parts
    }
    named = {path for path in layout_table_paths(readme) if path.endswith(".py")}
    assert sorted(modules - named) == [], "modules missing from the README's layout table"
    assert sorted(named - modules) == [], "the README's layout table names modules that do not exist"


def recipe(makefile: str, target: str) -> list[str]:
    """The commands of one Makefile target, in order."""
    block = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert block, target
    return [line.strip() for line in block[1].splitlines()]


def test_make_test_and_lint_check_the_scripts_with_pinned_tools() -> None:
    """`make test` (what CI runs) lints the scripts and runs their unit tests before pytest, each failing
    the build; `make lint` lints them too; ESLint is pinned exactly and installed with `npm ci`."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert recipe(makefile, "test") == [
        "$(ESLINT) $(SCRIPTS)",
        "node --test tests/js/*.test.js",
        "$(BIN)/python -m pytest",
    ]
    assert recipe(makefile, "lint")[-1] == "$(ESLINT) $(SCRIPTS)"
    assert "npm ci" in " ".join(recipe(makefile, r"\$\(NODE_STAMP\)"))
    assert re.search(r"^test: .*\$\(NODE_STAMP\)", makefile, re.M)
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    pinned = package["devDependencies"]
    assert "eslint" in pinned and all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in pinned.values()), pinned
    assert lock["packages"][""]["devDependencies"] == pinned
    assert all(lock["packages"][f"node_modules/{name}"]["version"] == v for name, v in pinned.items())
    assert sorted((ROOT / "tests" / "js").glob("*.test.js")), "no unit test of the scripts"
    # without a slash: a node_modules that is a symlink (a clone sharing another's) is ignored too
    assert "node_modules" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "node --test" in readme and "ESLint" in readme
