"""The `newsmon` entry point imports only the command it runs; `--help` still lists them all."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newsmon.cli.main import command_names, main, named_command

# Modules only the classifying commands and the connectors need: a second or more to import
# (the configuration's own settings, `connectors.settings`, are light and everyone's).
HEAVY = ("streams.classify", "connectors.feed", "connectors.fetch")


def _heavy_modules_after(*args: str) -> list[str]:
    """The heavy modules a fresh interpreter holds after `newsmon ARGS` (which exits)."""
    script = (
        "import json, sys\n"
        "from newsmon.cli.main import main\n"
        "try:\n"
        f"    main({list(args)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({HEAVY!r}))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    return list(json.loads(done.stdout.splitlines()[-1]))


def test_a_command_imports_neither_the_classifier_nor_the_connectors_it_does_not_use() -> None:
    assert _heavy_modules_after("broker", "--help") == []
    assert _heavy_modules_after("-v", "worker", "--help") == []


def test_the_whole_help_still_imports_every_command() -> None:
    heavy = _heavy_modules_after("--help")
    assert any(m.startswith("streams.classify") for m in heavy), heavy
    assert any(m.startswith("connectors.feed") for m in heavy), heavy


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    missing = [name for name in command_names() if name not in shown]
    assert not missing, f"not in `newsmon --help`: {missing}"


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["worker", "--config", "x.yaml"], "worker"),
        (["-vv", "classify", "-"], "classify"),
        (["--help"], None),
        (["nonsense", "worker"], None),
        ([], None),
    ],
)
def test_the_command_is_the_first_word_that_is_no_option(
    argv: list[str], named: str | None
) -> None:
    assert named_command(argv) == named


def test_an_unknown_command_is_refused_with_the_known_ones_listed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["nonsense"])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'nonsense'" in error
    assert all(name in error for name in command_names())
