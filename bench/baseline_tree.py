"""The previous code, as a source tree read from git, for benchmarks to run beside today's.

`baseline_tree(commit)` extracts the commit into a temporary directory; a benchmark runs the
same measurement in a child process with PYTHONPATH set to that tree or to this checkout
(`python_env`), so the old modules are the old tree's own, imports included, with no patching.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# main when the second round of per-article speed work of issue 10 (part 3) began: frames in
# the classifier, orjson, the numpy language walk, `newsmon classify --jobs`. (The first round
# compared against 6a308bb, before orjson; its topics differ since frames, so the record
# parity needs a tree with today's classification rules.) Benchmarks take `--baseline`.
BASELINE = "08d04e1"


@contextlib.contextmanager
def baseline_tree(commit: str = BASELINE) -> Iterator[Path | None]:
    """A temporary copy of `commit`'s tree; None when git or the commit is missing."""
    with tempfile.TemporaryDirectory(prefix="newsmon-baseline-") as tmp:
        archive = Path(tmp) / "tree.tar"
        try:
            with archive.open("wb") as out:
                subprocess.run(["git", "archive", commit], cwd=ROOT, stdout=out,
                               stderr=subprocess.DEVNULL, check=True)  # fmt: skip
        except (OSError, subprocess.CalledProcessError):
            yield None
            return
        tree = Path(tmp) / "tree"
        with tarfile.open(archive) as tar:
            tar.extractall(tree, filter="data")
        yield tree


def python_env(tree: Path) -> dict[str, str]:
    """The environment of a child Python that imports newsmon from `tree` first."""
    return {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
