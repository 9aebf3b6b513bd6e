"""Memory over a long run: ``eventwire run`` on thousands of real stories, its processes sampled.

Usage::

    .venv/bin/python benchmarks/long_run.py [--docs 6000] [--repeat 1] [--workers 0|2] [--sample-s 1]

Writes ``--docs`` Reuters-21578 stories from ``../shared/eval/corpora`` (read-only) into a temporary
JSONL file, runs the ``eventwire run`` command on it into a fresh store, exactly as a user would (one
process, or ``--workers N``), and samples the resident memory (``VmRSS``) of every process of the run
every ``--sample-s`` seconds from ``/proc``. Prints the driver's and the busiest worker's memory at each
tenth of the run, each process's peak (``VmHWM``), and the documents per second. Memory that keeps
rising with the number of documents coded means something holds the whole corpus; a flat line after
the first tenth means the run streams. ``--repeat K`` writes the stories K times, each copy after the
first with a line of its own at the end: new documents, and near-duplicates for the story index (the
corpus has ~19,000 stories with a body, too few to fill a long run otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import CORPORA, reuters

REPO = Path(__file__).resolve().parents[1]
MB = 2**20


@dataclass
class Process:
    pid: int
    role: str
    samples: list[tuple[float, int]] = field(default_factory=list)  # (seconds since start, RSS bytes)
    peak: int = 0


def write_inputs(path: Path, docs: int, repeat: int = 1) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for copy in range(repeat):
            for doc in reuters(docs):
                text = doc.content.decode("utf-8")
                if copy:
                    text += f"\n\n(Republished, copy {copy}.)"
                record = {"url": f"https://reuters.example/{copy}/{doc.origin}", "text": text}
                if doc.published is not None:
                    record["published"] = doc.published.isoformat()
                out.write(json.dumps(record) + "\n")
                count += 1
    return count


def _status(pid: int) -> dict[str, int]:
    found: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    found[line.split(":")[0]] = int(line.split()[1]) * 1024
    except OSError:
        pass
    return found


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(entry))
    return kids


def _role(pid: int, root: int) -> str:
    if pid == root:
        return "driver"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmd:
            line = cmd.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return "gone"
    return "worker" if "spawn_main" in line or "multiprocessing" in line else "other"


def sample_tree(root: int, known: dict[int, Process], elapsed: float) -> None:
    queue = [root]
    while queue:
        pid = queue.pop()
        queue.extend(_children(pid))
        status = _status(pid)
        if "VmRSS" not in status:
            continue
        proc = known.setdefault(pid, Process(pid, _role(pid, root)))
        proc.samples.append((elapsed, status["VmRSS"]))
        proc.peak = max(proc.peak, status.get("VmHWM", 0))


def report(known: dict[int, Process], seconds: float, coded: int, docs: int) -> None:
    coders = [p for p in known.values() if p.role in ("driver", "worker") and p.peak > 200 * MB]
    driver = next(p for p in known.values() if p.role == "driver")
    workers = [p for p in coders if p.role == "worker"]
    print(f"{docs} documents in, {coded} ledger rows, {seconds:.0f} s, {coded / seconds:.1f} documents/s")
    print("  tenth   s   driver RSS MB   busiest worker RSS MB")
    for tenth in range(1, 11):
        moment = seconds * tenth / 10
        d = _at(driver, moment)
        w = max((_at(p, moment) for p in workers), default=0)
        print(f"  {tenth:>5} {moment:5.0f}   {d / MB:13.0f}   {w / MB:21.0f}")
    print("peak RSS (VmHWM): " + ", ".join(f"{p.role} {p.peak / MB:.0f} MB" for p in coders))


def _at(proc: Process, moment: float) -> int:
    before = [rss for t, rss in proc.samples if t <= moment]
    return before[-1] if before else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, default=6000)
    parser.add_argument("--repeat", type=int, default=1, help="pass over the stories this many times")
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--sample-s", type=float, default=1.0)
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"{CORPORA} is missing: nothing to measure")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        inputs, db = Path(tmp) / "reuters.jsonl", Path(tmp) / "long.duckdb"
        docs = write_inputs(inputs, args.docs, args.repeat)
        command = [str(REPO / ".venv" / "bin" / "eventwire"), "run", str(inputs), "--db", str(db)]
        if args.workers > 1:
            command += ["--workers", str(args.workers)]
        known: dict[int, Process] = {}
        start = time.perf_counter()
        with open(Path(tmp) / "run.log", "w", encoding="utf-8") as log:
            run = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=tmp)
            while run.poll() is None:
                sample_tree(run.pid, known, time.perf_counter() - start)
                time.sleep(args.sample_s)
        seconds = time.perf_counter() - start
        if run.returncode != 0:
            print((Path(tmp) / "run.log").read_text(encoding="utf-8")[-3000:])
            return run.returncode
        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute("SELECT count(*) FROM documents").fetchone()
        report(known, seconds, int(row[0]) if row else 0, docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
