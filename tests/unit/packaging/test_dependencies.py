"""Every third-party package the code imports is declared in pyproject.toml, and the
installed set is consistent (`pip check`).

An undeclared import works in a development venv (something else pulled it in) and breaks in
a fresh install the day that something else stops depending on it.
"""

from __future__ import annotations

import ast
import gc
import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from newsmon.gc_pause import collector_paused

REPO = Path(__file__).resolve().parents[3]
SOURCE_ROOTS = ("newsmon", "connectors", "streams")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_top_level_modules(roots: tuple[str, ...] = SOURCE_ROOTS) -> dict[str, set[str]]:
    """Absolute imports in every module under `roots`: top-level name -> files importing it.

    The garbage collector is paused while the files are parsed. A finalizer that fails while
    CPython 3.11 builds a tree (an event loop another test in this worker left unclosed,
    collected mid-parse) leaves the tree builder's recursion count wrong, and the parse fails
    with "SystemError: AST constructor recursion depth mismatch" (python/cpython#106905)."""
    found: dict[str, set[str]] = {}
    gc.collect()
    with collector_paused():
        for root in roots:
            for path in sorted((REPO / root).rglob("*.py")):
                tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
                for node in ast.walk(tree):
                    names: list[str] = []
                    if isinstance(node, ast.Import):
                        names = [alias.name for alias in node.names]
                    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                        names = [node.module]
                    for name in names:
                        found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(REPO)))
    return found


def third_party(modules: dict[str, set[str]]) -> dict[str, set[str]]:
    ours = {*SOURCE_ROOTS, "__future__"}
    return {
        name: files
        for name, files in modules.items()
        if name not in sys.stdlib_module_names and name not in ours
    }


def declared_requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(spec) for spec in project["dependencies"]]


def declared_distributions() -> set[str]:
    return {_normalise(requirement.name) for requirement in declared_requirements()}


def test_the_scan_finds_the_imports_it_must_judge() -> None:
    # Guards the scan itself: a scan that found nothing would pass the test below vacuously.
    modules = third_party(imported_top_level_modules())
    assert {"faust", "aiokafka", "feedparser", "aiohttp", "yarl", "multidict"} <= modules.keys()
    assert "asyncio" not in modules and "newsmon" not in modules


def test_every_imported_third_party_package_is_declared_in_pyproject() -> None:
    providers = importlib.metadata.packages_distributions()
    declared = declared_distributions()
    undeclared: list[str] = []
    for module, files in sorted(third_party(imported_top_level_modules()).items()):
        distributions = {_normalise(d) for d in providers.get(module, [])}
        if not distributions:
            undeclared.append(f"{module} (not installed; imported by {sorted(files)[0]})")
        elif not distributions & declared:
            where = ", ".join(sorted(files)[:3])
            undeclared.append(f"{module} from {'/'.join(sorted(distributions))} ({where})")
    assert not undeclared, "imported but not in [project].dependencies: " + "; ".join(undeclared)


def test_every_declared_dependency_has_a_version_floor() -> None:
    bare = [str(r) for r in declared_requirements() if _floor(r.specifier) is None]
    assert not bare, f"dependencies without a floor or pin: {bare}"


def _floor(specifier: SpecifierSet) -> Version | None:
    floors = [Version(s.version) for s in specifier if s.operator in (">=", "==", "~=")]
    return max(floors) if floors else None


def test_no_declared_floor_is_below_what_another_dependency_requires() -> None:
    # numpy>=1.26 was allowed while py3langid needs numpy>=2: a resolver could not have
    # honoured our floor anyway, and the floor misled anyone reading it. Only the packages we
    # pin exactly are judged: the installed release is then the only one allowed, so its
    # requirements bind (a newer aiohttp may need a newer yarl than our floor; an older one not).
    ours = {_normalise(r.name): r for r in declared_requirements()}
    too_low: list[str] = []
    for name, requirement in ours.items():
        if not any(s.operator == "==" for s in requirement.specifier):
            continue
        for spec in importlib.metadata.requires(requirement.name) or []:
            needed = Requirement(spec)
            if needed.marker is not None and not needed.marker.evaluate({"extra": ""}):
                continue
            mine = ours.get(_normalise(needed.name))
            if mine is None:
                continue
            our_floor, their_floor = _floor(mine.specifier), _floor(needed.specifier)
            if their_floor is not None and (our_floor is None or our_floor < their_floor):
                too_low.append(f"{mine} but {name} needs {needed}")
    assert not too_low, "; ".join(too_low)


def test_pip_check_finds_no_broken_requirements() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
