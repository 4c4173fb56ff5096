"""The wheel, installed in a fresh venv, runs newsmon from a directory that is not a checkout.

Builds the wheel from a copy of the project's files (never from a stale `build/`), installs it
non-editable into a new venv (dependencies from pip's cache or index; with
NEWSMON_TEST_WHEELHOUSE=DIR from that directory only, for offline machines), then from an
empty directory: every command's `--help`, an offline `classify` (packaged topics and language
model), `newsmon broker start|status|stop` with a private run directory (the broker's Maven
build and log configuration come from the wheel; the jars from the usual cache in
~/.cache/newsmon), and `newsmon run` until its monitoring line, stopped with SIGINT.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsmon.cli.commands import __path__ as commands_path

pytestmark = [pytest.mark.slow, pytest.mark.kafka, pytest.mark.timeout(420)]

REPO = Path(__file__).resolve().parents[3]
# What a wheel is built from: the metadata and the three packages (as deploy/Dockerfile copies).
SHIPPED = ("pyproject.toml", "README.md", "newsmon", "connectors", "streams")
PACKAGE_DATA = (
    "newsmon/broker/pom.xml",
    "newsmon/broker/log4j2.properties",
    "newsmon/sample/sample_feed.xml",
    "newsmon/contract/schemas/article.schema.json",
    "streams/classify/topics.yaml",
)


@dataclass(frozen=True)
class Installed:
    venv: Path
    wheel: Path
    elsewhere: Path  # an empty working directory, far from the checkout
    env: dict[str, str]

    @property
    def newsmon(self) -> str:
        return str(self.venv / "bin" / "newsmon")

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.newsmon, *args],
            cwd=self.elsewhere,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def _project_files() -> list[str]:
    """Tracked and new (not ignored) files of the shipped paths, as git sees the worktree."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", *SHIPPED],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [name for name in listed.split("\0") if name and (REPO / name).is_file()]


def _build_wheel(into: Path) -> Path:
    source = into / "src"
    for name in _project_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    dist = into / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(dist)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    (wheel,) = dist.glob("newsmon-*.whl")
    return wheel


def _clean_env(venv: Path) -> dict[str, str]:
    """The environment of a user who installed the wheel: no checkout on any path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.pop("NEWSMON_KAFKA_BOOTSTRAP", None)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    root = tmp_path_factory.mktemp("wheel")
    wheel = _build_wheel(root)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    # --no-compile: byte-compiling all 433 MB of dependencies took 13 of the install's 44 s;
    # the commands run here compile the few modules they import on first use.
    install = [str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check"]
    install.append("--no-compile")
    wheelhouse = os.environ.get("NEWSMON_TEST_WHEELHOUSE")
    if wheelhouse:
        install += ["--no-index", "--find-links", wheelhouse]
    done = subprocess.run(
        [*install, str(wheel)], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"pip install of the wheel failed:\n{done.stdout}{done.stderr}"
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    yield Installed(venv, wheel, elsewhere, _clean_env(venv))


def test_the_wheel_ships_the_broker_build_files_and_every_data_file(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    missing = [name for name in PACKAGE_DATA if name not in names]
    assert not missing, f"not in the wheel: {missing}"


def test_the_installed_packages_come_from_the_venv_not_the_checkout(installed: Installed) -> None:
    done = subprocess.run(
        [
            str(installed.venv / "bin" / "python"),
            "-c",
            "import json, connectors, newsmon, streams; from newsmon.broker import local; "
            "print(json.dumps([m.__file__ for m in (newsmon, connectors, streams, local)]))",
        ],
        cwd=installed.elsewhere,
        env=installed.env,
        capture_output=True,
        text=True,
        check=True,
    )
    paths = [Path(p) for p in json.loads(done.stdout)]
    for path in paths:
        assert path.is_relative_to(installed.venv), path
    # The broker's build files sit beside the installed module, where LocalBroker looks.
    broker_dir = paths[-1].parent
    assert (broker_dir / "pom.xml").is_file() and (broker_dir / "log4j2.properties").is_file()
    check = subprocess.run(
        [str(installed.venv / "bin" / "pip"), "check"],
        env=installed.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def _command_names() -> list[str]:
    import pkgutil

    return sorted(module.name for module in pkgutil.iter_modules(commands_path))


def test_every_command_answers_help_from_any_directory(installed: Installed) -> None:
    top = installed.run("--help")
    assert top.returncode == 0, top.stderr
    for name in _command_names():
        assert name in top.stdout, f"{name} missing from `newsmon --help`"
        done = installed.run(name, "--help")
        assert done.returncode == 0, f"newsmon {name} --help: {done.stderr}"
        assert f"newsmon {name}" in done.stdout


def test_classify_runs_offline_on_the_packaged_topics(installed: Installed) -> None:
    article = {
        "id": "wheel-1",
        "title": "NATO allies agree to raise defence spending at the summit",
        "text": "Alliance members meeting in the capital agreed a new defence spending target.",
    }
    source = installed.elsewhere / "articles.jsonl"
    source.write_text(json.dumps(article) + "\n", encoding="utf-8")
    done = installed.run("classify", str(source))
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    result = json.loads(line)
    assert result["language"] == "en"
    assert "nato" in {topic["name"] for topic in result["topics"]}


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line.rstrip("\n"))


def _run_until_monitoring(installed: Installed, bootstrap: str) -> list[str]:
    """`newsmon run` against `bootstrap` until it prints its monitoring line; then SIGINT."""
    env = {**installed.env, "NEWSMON_KAFKA_BOOTSTRAP": bootstrap}
    process = subprocess.Popen(
        [installed.newsmon, "run"],
        cwd=installed.elsewhere,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 90
        while not any(line.startswith("newsmon: monitoring") for line in seen):
            assert time.monotonic() < deadline, "no monitoring line:\n" + "\n".join(seen)
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                assert process.poll() is None, "newsmon run exited:\n" + "\n".join(seen)
        time.sleep(3)  # let the children start, so the stop below stops running services
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=90)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    while not lines.empty():
        seen.append(lines.get())
    assert status == 0, "\n".join(seen)
    return seen


def test_broker_and_run_work_from_the_wheel_in_another_directory(
    installed: Installed, tmp_path: Path
) -> None:
    run_dir = tmp_path / "broker"
    started = installed.run("broker", "start", "--run-dir", str(run_dir), timeout=300)
    try:
        assert started.returncode == 0, started.stderr
        bootstrap = started.stdout.strip().splitlines()[-1]
        assert bootstrap.startswith("127.0.0.1:")
        status = installed.run("broker", "status", "--run-dir", str(run_dir))
        assert status.returncode == 0 and bootstrap in status.stdout, status.stdout

        seen = _run_until_monitoring(installed, bootstrap)
        assert any("sample feed at http://127.0.0.1:" in line for line in seen), seen
        assert "newsmon: stopping" in seen
        assert not any("Traceback" in line for line in seen), "\n".join(seen)
    finally:
        stopped = installed.run("broker", "stop", "--run-dir", str(run_dir))
    assert stopped.returncode == 0 and stopped.stdout.strip() == "stopped", stopped.stdout
    after = installed.run("broker", "status", "--run-dir", str(run_dir))
    assert after.returncode == 1 and "not running" in after.stdout
    # Nothing was written where the commands ran: the working directory is not a data dir.
    assert sorted(p.name for p in installed.elsewhere.iterdir()) in ([], ["articles.jsonl"])
