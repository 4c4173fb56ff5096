"""The README's burst example and backtest excerpt match the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from newsmon.cli.main import main
from streams.bursts.settings import BurstSettings

ROOT = Path(__file__).resolve().parents[4]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_burst_settings_example_validates_to_the_defaults() -> None:
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", README, flags=re.S) if "burst:" in b]
    assert BurstSettings.model_validate(yaml.safe_load(block)["burst"]) == BurstSettings()


def test_the_backtest_excerpt_is_what_the_example_corpus_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["backtest", str(ROOT / "tests/unit/streams/bursts/backtest_corpus.jsonl")])
    out = capsys.readouterr().out.splitlines()
    [excerpt] = [
        b for b in re.findall(r"\n```\n(\d{4}-.*?)```", README, flags=re.S) if "BURST" in b
    ]
    for line in excerpt.splitlines():
        if line.strip() != "...":
            assert line in out
