"""Child of bench/bench_stage_two.py: times stage 2 on the code it imports.

    python bench/stage_two_child.py ENRICHED.jsonl ROUNDS

Run with PYTHONPATH set to a source tree (this checkout or a baseline from git; run as a
script, it adds nothing of its own to the path), it prints one JSON object: the best CPU
microseconds per article over ROUNDS fresh processors, and the SHA-256 of every output record
and alert in order.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

START = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)  # the records' clock: 10 ms apart from here


def child(path: Path, rounds: int) -> None:
    """Time stage 2 over the records (key and value in hex, one JSON line each); print JSON."""
    from streams.deadletter import SourceRecord
    from tests.support.builders import build_processor

    lines = map(json.loads, path.read_text().splitlines())
    records = [SourceRecord("enriched", 0, n, bytes.fromhex(i["key"]), bytes.fromhex(i["value"]))
               for n, i in enumerate(lines)]  # fmt: skip
    clock = [START + timedelta(milliseconds=10 * n) for n in range(len(records))]
    best = float("inf")
    digest = ""
    for round_ in range(rounds + 1):  # round 0 warms up (lazy imports, metric labels)
        processor = build_processor().processor
        started = time.process_time()
        outcomes = [processor.process_enriched(r, t) for r, t in zip(records, clock, strict=True)]
        if round_:
            best = min(best, time.process_time() - started)
        sha = hashlib.sha256()
        for outcome in outcomes:
            for out in outcome.outgoing:
                sha.update(out.topic.encode() + b"\0" + out.key + b"\0" + out.value + b"\n")
            for alert in outcome.alerts:
                sha.update(alert.to_json() + b"\n")
        digest = sha.hexdigest()
    print(json.dumps({"us": best / len(records) * 1e6, "digest": digest}))


if __name__ == "__main__":
    child(Path(sys.argv[1]), int(sys.argv[2]))
