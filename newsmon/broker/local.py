"""A single-node Apache Kafka broker (KRaft) fetched from Maven Central and run locally.

`LocalBroker.start()` resolves the broker's classpath once with `mvn` into a cache outside
the checkout, formats storage, starts `kafka.Kafka` on 127.0.0.1 and returns the bootstrap
address. Used by `newsmon broker`, `newsmon run` and the test suite alike.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from newsmon.errors import NewsmonError

KAFKA_VERSION = "4.1.1"
# The Maven build and log configuration ship inside the package, so a wheel can start a broker.
_BUILD_DIR = Path(__file__).resolve().parent
_START_TIMEOUT_S = 90.0
_PORT_ATTEMPTS = 3  # starts of a fresh broker whose chosen port another program took
_PORT_TAKEN = b"Address already in use"
_STOP_TIMEOUT_S = 30.0


class BrokerError(NewsmonError, RuntimeError):
    """The local broker could not be installed, started or stopped; the text says what to do."""


def cache_dir() -> Path:
    """`$NEWSMON_CACHE_DIR`, else `$XDG_CACHE_HOME/newsmon`, else `~/.cache/newsmon`."""
    explicit = os.environ.get("NEWSMON_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "newsmon"


def _require_tools() -> None:
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        raise BrokerError(
            f"{' and '.join(missing)} not found: install Java 17+ and Maven (Debian: "
            "apt-get install openjdk-17-jre-headless maven) so newsmon can run a local Kafka, "
            "or set NEWSMON_KAFKA_BOOTSTRAP=host:port to use an existing cluster."
        )


def install_classpath(version: str = KAFKA_VERSION) -> Path:
    """Return the directory of every jar the broker needs, fetched with Maven on first use."""
    lib = cache_dir() / f"kafka-{version}" / "lib"
    marker = lib / ".complete"
    if marker.exists():
        return lib
    _require_tools()
    pom = _BUILD_DIR / "pom.xml"
    if not pom.exists():
        raise BrokerError(f"{pom} is missing: the newsmon installation is incomplete")
    staging = lib.with_name(f"lib.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    command = [
        "mvn", "-q", "-B", "-f", str(pom), f"-Dkafka.version={version}",
        "dependency:copy-dependencies", "-DincludeScope=runtime",
        f"-DoutputDirectory={staging}",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0 or not any(staging.glob("kafka_2.13-*.jar")):
        tail = (result.stdout + result.stderr).strip()[-2000:]
        raise BrokerError(f"Maven could not fetch Apache Kafka {version}:\n{tail}")
    (staging / ".complete").write_text(version)
    shutil.rmtree(lib, ignore_errors=True)
    staging.rename(lib)
    return lib


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As the JVM binds (SO_REUSEADDR): connections of a stopped broker lingering in
        # TIME_WAIT must not move a restarted broker off the port its clients know.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def port_answers(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie still answers kill(0); /proc tells whether it has really run.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and ") Z " in stat.read_text())


@dataclass(frozen=True)
class BrokerState:
    pid: int
    port: int
    controller_port: int

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"


class LocalBroker:
    """One broker whose data, logs and pid live under `run_dir`."""

    def __init__(self, run_dir: Path | None = None, version: str = KAFKA_VERSION) -> None:
        self.version = version
        self.run_dir = run_dir or cache_dir() / f"kafka-{version}" / "run"
        self._state_file = self.run_dir / "broker.json"
        self.launched = False
        self.log_file = self.run_dir / "logs" / "broker.log"

    def state(self) -> BrokerState | None:
        try:
            data = json.loads(self._state_file.read_text())
            return BrokerState(int(data["pid"]), int(data["port"]), int(data["controller_port"]))
        except (OSError, ValueError, KeyError):
            return None

    def _alive(self) -> BrokerState | None:
        """The recorded broker when its process is alive and is really our Kafka broker.

        A pid in a file may belong to another program by now (after a reboot, say), so the
        process's command line must name kafka.Kafka and this run directory's properties.
        """
        state = self.state()
        if state is None or not _pid_alive(state.pid):
            return None
        try:
            argv = Path(f"/proc/{state.pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return None
        ours = str(self.run_dir / "server.properties").encode()
        return state if b"kafka.Kafka" in argv and ours in argv else None

    def running(self) -> BrokerState | None:
        """The broker's state when its process is alive and its port answers, else None."""
        state = self._alive()
        if state and port_answers(state.port):
            return state
        return None

    def start(self) -> str:
        """Start the broker unless it already runs; return its bootstrap address.

        `launched` tells afterwards whether this call started it (and so should stop it).
        """
        self.launched = False
        alive = self._alive()
        if alive is not None:
            # Ours and running, perhaps still starting: wait for it rather than start another.
            deadline = time.monotonic() + _START_TIMEOUT_S
            while not port_answers(alive.port):
                if time.monotonic() > deadline or self._alive() is None:
                    raise BrokerError(f"the Kafka broker (pid {alive.pid}) does not answer")
                time.sleep(0.2)
            return alive.bootstrap
        lib = install_classpath(self.version)
        for attempt in range(1, _PORT_ATTEMPTS + 1):
            port, controller_port = self._choose_ports()
            properties = self._write_properties(port, controller_port)
            fresh = not (self.run_dir / "data" / "meta.properties").exists()
            if fresh:
                self._format(lib, properties)
            log_sizes = self._log_sizes()
            process = self._launch(lib, properties)
            state = BrokerState(process.pid, port, controller_port)
            self._state_file.write_text(
                json.dumps({"pid": state.pid, "port": port, "controller_port": controller_port})
            )
            self.launched = True
            try:
                self._wait_until_ready(process, port)
            except BrokerError:
                # A free port is found, then bound by the JVM seconds later: another program
                # may take it in between. Storage formatted here holds nothing yet, so a fresh
                # broker starts again on new ports; an existing one keeps its controller port.
                if not (fresh and attempt < _PORT_ATTEMPTS and self._lost_a_port(log_sizes)):
                    raise
                if process.poll() is None:
                    process.kill()
                    process.wait()
                self.launched = False
                shutil.rmtree(self.run_dir / "data")
                continue
            return state.bootstrap
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _start_logs(self) -> tuple[Path, Path]:
        return self.log_file, self.run_dir / "logs" / "broker.out"

    def _log_sizes(self) -> list[int]:
        return [p.stat().st_size if p.exists() else 0 for p in self._start_logs()]

    def _lost_a_port(self, sizes: list[int]) -> bool:
        """Whether what the logs gained past `sizes` (`_log_sizes` before the launch) says a
        port was taken when the broker bound it."""
        for path, size in zip(self._start_logs(), sizes, strict=True):
            if path.exists() and _PORT_TAKEN in path.read_bytes()[size:]:
                return True
        return False

    def stop(self) -> bool:
        """Stop the broker; True when one was running."""
        state = self._alive()
        if state is None:
            return False
        os.kill(state.pid, signal.SIGTERM)
        deadline = time.monotonic() + _STOP_TIMEOUT_S
        while time.monotonic() < deadline:
            if not _pid_alive(state.pid):
                return True
            time.sleep(0.2)
        os.kill(state.pid, signal.SIGKILL)
        return True

    def _choose_ports(self) -> tuple[int, int]:
        # KRaft records the controller's endpoint in its log, so a restart of an existing data
        # directory must reuse the controller port; the client port may move freely. Data is
        # never deleted here: a taken controller port is the user's call.
        previous = self.state()
        if previous and (self.run_dir / "data" / "meta.properties").exists():
            if not _port_is_free(previous.controller_port):
                raise BrokerError(
                    f"port {previous.controller_port}, which the Kafka data in "
                    f"{self.run_dir / 'data'} is bound to, is taken by another program: "
                    "stop that program, or delete that directory to start afresh "
                    "(its topics are lost)"
                )
            port = previous.port if _port_is_free(previous.port) else free_port()
            while port == previous.controller_port:
                port = free_port()
            return port, previous.controller_port
        port = free_port()
        controller_port = free_port()
        while controller_port == port:
            controller_port = free_port()
        return port, controller_port

    def _write_properties(self, port: int, controller_port: int) -> Path:
        (self.run_dir / "data").mkdir(parents=True, exist_ok=True)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        settings = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.bootstrap.servers": f"127.0.0.1:{controller_port}",
            "listeners": f"PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            "log.dirs": str(self.run_dir / "data"),
            "num.partitions": "1",
            "offsets.topic.replication.factor": "1",
            "offsets.topic.num.partitions": "4",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "share.coordinator.state.topic.replication.factor": "1",
            "share.coordinator.state.topic.min.isr": "1",
            "group.initial.rebalance.delay.ms": "0",
            "auto.create.topics.enable": "false",
            "log.retention.hours": "168",
        }
        path = self.run_dir / "server.properties"
        path.write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
        return path

    def _java(self, lib: Path, *args: str) -> list[str]:
        return [
            "java", "-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={_BUILD_DIR / 'log4j2.properties'}",
            f"-Dnewsmon.broker.log={self.log_file}",
            "-cp", f"{lib}/*", *args,
        ]  # fmt: skip

    def _format(self, lib: Path, properties: Path) -> None:
        command = self._java(
            lib, "kafka.tools.StorageTool", "format", "--standalone",
            "-t", cluster_id(), "-c", str(properties),
        )  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise BrokerError(f"formatting Kafka storage failed:\n{result.stdout}{result.stderr}")

    def _launch(self, lib: Path, properties: Path) -> subprocess.Popen[bytes]:
        out = (self.run_dir / "logs" / "broker.out").open("ab")
        try:
            return subprocess.Popen(  # noqa: S603
                self._java(lib, "kafka.Kafka", str(properties)),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C in the terminal is for newsmon, not the broker
            )
        finally:
            out.close()

    def _wait_until_ready(self, process: subprocess.Popen[bytes], port: int) -> None:
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise BrokerError(
                    f"the Kafka broker exited with status {process.returncode}; "
                    f"see {self.log_file} and {self.run_dir / 'logs' / 'broker.out'}"
                )
            if port_answers(port):
                _wait_for_group_coordinator(f"127.0.0.1:{port}", deadline)
                return
            time.sleep(0.2)
        process.kill()
        raise BrokerError(f"the Kafka broker did not listen within {_START_TIMEOUT_S:.0f}s")


def _wait_for_group_coordinator(bootstrap: str, deadline: float) -> None:
    """Wait until the broker names a group coordinator, i.e. has created its offsets topic.

    Until then every consumer group (the connector's, the worker's) logs
    GroupCoordinatorNotAvailable errors while it waits. Runs in a thread of its own so that it
    works whether or not the caller is inside an event loop.
    """

    async def probe() -> None:
        from aiokafka.admin import AIOKafkaAdminClient
        from aiokafka.errors import KafkaError

        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        await admin.start()
        try:
            while True:
                try:
                    await admin.find_coordinator("newsmon.broker-readiness")
                    return
                except KafkaError:
                    if time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(0.2)
        finally:
            await admin.close()

    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(probe())
        except Exception as exc:
            failure.append(exc)  # raised below, in the caller's thread, as a BrokerError

    thread = threading.Thread(target=run, name="kafka-readiness", daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise BrokerError(f"the Kafka broker listens but does not serve groups: {failure[0]}")


def cluster_id() -> str:
    """A Kafka cluster id: 16 random bytes, URL-safe base64 without padding.

    Never starting with "-": the storage tool would read such an id as an option and refuse to
    format (1 start in 64). Kafka's own `Uuid.randomUuid` draws again in that case too.
    """
    import base64

    while True:
        drawn = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not drawn.startswith("-"):
            return drawn
