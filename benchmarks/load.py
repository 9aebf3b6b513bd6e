"""API load test: N concurrent clients for S seconds against `eventwire serve` on 127.0.0.1.

The store (at least 100k events by default) is built by importing the GDELT 2.0 export samples in
``../shared/eval/corpora/gdelt_samples`` over and over, each round with new GLOBALEVENTIDs and its dates
moved by one day (``eventwire import-gdelt``'s own import function). The server runs as a separate
process (``eventwire serve``, ``--workers`` uvicorn workers, response cache on unless ``--no-cache``); the clients are asyncio tasks sharing one httpx pool.
Per endpoint it reports requests, requests/s, p50/p99 latency and errors (any exception or non-2xx).

    python benchmarks/load.py                      # 100 clients, 60 s, >= 100k events
    python benchmarks/load.py --short              # CI variant: 10 clients, 5 s, ~10k events
    python benchmarks/load.py --db /tmp/load.duckdb --keep   # reuse / keep the store between runs
    python benchmarks/load.py --warmup 10          # 10 s of the same load first, not counted
    python benchmarks/load.py --no-cache --workers 2          # response cache off, two uvicorn workers

Exit code 1 when there were errors or (without --short) a p99 over --p99-ms on a measured endpoint.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httpx

from eventwire.store import Store
from eventwire.store.gdelt import import_events

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO.parent / "shared" / "eval" / "corpora" / "gdelt_samples"
DYADS = [("USA", "CHN"), ("USA", "RUS"), ("RUS", "UKR"), ("ISR", "PSE"), ("IND", "PAK"), ("USA", "GBR")]
CODES = ["01", "04", "042", "19", "190", "11"]
MEASURED = ("events", "timeline")


def sample_lines(samples: Path) -> list[str]:
    """Every well-formed line of the GDELT 2.0 event exports under ``samples``."""
    lines = []
    for path in sorted(samples.rglob("*.export.CSV")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.count("\t") == 60:
                lines.append(line)
    return lines


def shifted(line: str, round_no: int) -> str:
    """The line with a new GLOBALEVENTID and its SQLDATE moved ``round_no`` days later."""
    fields = line.split("\t")
    fields[0] = str(10_000_000_000 * (round_no + 1) + int(fields[0]) % 10_000_000_000)
    day = date(int(fields[1][:4]), int(fields[1][4:6]), int(fields[1][6:8])) + timedelta(days=round_no)
    fields[1] = day.strftime("%Y%m%d")
    fields[2], fields[3] = day.strftime("%Y%m"), day.strftime("%Y")
    return "\t".join(fields)


def build_store(db: Path, target_events: int, samples: Path) -> int:
    """Import rounds of the samples until the store holds ``target_events`` events; returns the count."""
    lines = sample_lines(samples)
    if not lines:
        raise SystemExit(f"no GDELT export samples under {samples}")
    rounds = -(-target_events // len(lines))
    with Store.open(db) as store, store.connection() as con:
        have = int(con.execute("SELECT count(*) FROM events").fetchone()[0])  # type: ignore[index]
        if have >= target_events:
            return have
        with tempfile.TemporaryDirectory() as tmp:
            export = Path(tmp) / "rounds.export.CSV"
            with export.open("w", encoding="utf-8") as out:
                for round_no in range(rounds):
                    out.writelines(shifted(line, round_no) + "\n" for line in lines)
            import_events(con, export)
        return int(con.execute("SELECT count(*) FROM events").fetchone()[0])  # type: ignore[index]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    db: Path, port: int, log: Path, workers: int = 1, cache: bool = True
) -> subprocess.Popen[bytes]:
    """``eventwire serve`` on 127.0.0.1:``port``, its stderr into ``log``; returns once it answers."""
    eventwire = Path(sys.executable).with_name("eventwire")
    command = [str(eventwire), "serve", "--db", str(db), "--port", str(port), "--log-level", "warning"]
    command += ["--workers", str(workers)]
    env = {**os.environ, **({} if cache else {"EVENTWIRE_API_CACHE_ENTRIES": "0"})}
    with log.open("wb") as sink:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=sink, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"eventwire serve exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/stats", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    server.kill()
    raise SystemExit("eventwire serve did not answer within 120 s")


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    exceptions: dict[str, int] = field(default_factory=dict)


def request_for(rng: random.Random) -> tuple[str, str, dict[str, str]]:
    """(endpoint name, path, params): a mix of event-list queries and dyad timelines."""
    a, b = rng.choice(DYADS)
    if rng.random() < 0.5:
        params = rng.choice(
            [
                {},
                {"actor": a},
                {"dyad": f"{a},{b}"},
                {"code": rng.choice(CODES)},
                {"actor": a, "since": "2018-01-01", "until": "2019-12-31"},
                {"root": "19", "sort": "-date"},
            ]
        )
        params = {
            **params,
            "limit": str(rng.choice([20, 50, 100])),
            "offset": str(rng.choice([0, 0, 100, 1000])),
        }
        return "events", "/events", params
    return "timeline", "/dyads/timeline", {"a": a, "b": b, "interval": rng.choice(["day", "week", "month"])}


async def client_loop(
    client: httpx.AsyncClient, seed: int, stop_at: float, tallies: dict[str, Tally]
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop_at:
        name, path, params = request_for(rng)
        tally = tallies.setdefault(name, Tally())
        started = time.perf_counter()
        try:
            response = await client.get(path, params=params)
            tally.statuses[response.status_code] = tally.statuses.get(response.status_code, 0) + 1
            if response.status_code >= 300:
                tally.errors += 1
        except httpx.HTTPError as exc:
            tally.errors += 1
            kind = type(exc).__name__
            tally.exceptions[kind] = tally.exceptions.get(kind, 0) + 1
        tally.latencies.append(time.perf_counter() - started)


async def load(
    port: int, clients: int, seconds: float, warmup: float = 0.0
) -> tuple[dict[str, Tally], float]:
    """Run the clients for ``warmup`` seconds (not counted), then for ``seconds`` (counted)."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    tallies: dict[str, Tally] = {}
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=30) as client:
        if warmup > 0:
            stop_warm = time.monotonic() + warmup
            await asyncio.gather(*(client_loop(client, seed, stop_warm, {}) for seed in range(clients)))
        started = time.monotonic()
        stop_at = started + seconds
        await asyncio.gather(*(client_loop(client, seed, stop_at, tallies) for seed in range(clients)))
        return tallies, time.monotonic() - started


_WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_load(port: int, clients: int, seconds: float, warmup: float, folder: Path) -> dict[str, object]:
    """The same request mix driven by wrk (C, one connection per client), one wrk per endpoint.

    The asyncio/httpx client needs about as much CPU per request as the server, so on a 2-core machine
    it measures itself as much as the server; wrk does not. Each endpoint gets half the connections and
    cycles through 2,000 requests drawn by ``request_for``.
    """
    rng = random.Random(7)
    paths: dict[str, list[str]] = {}
    while any(len(paths.get(name, [])) < 2000 for name in MEASURED):
        name, path, params = request_for(rng)
        query = "&".join(f"{k}={v}" for k, v in params.items())
        paths.setdefault(name, []).append(f"{path}?{query}" if query else path)
    runs: dict[str, subprocess.Popen[str]] = {}
    for name in MEASURED:
        script = folder / f"{name}.lua"
        listed = ",\n".join(f'  "{p}"' for p in paths[name][:2000])
        script.write_text(
            f"local paths = {{\n{listed}\n}}\nlocal i = 0\n"
            "request = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
        )
        if warmup > 0:
            subprocess.run(
                [
                    "wrk",
                    "-t1",
                    f"-c{clients // 2}",
                    f"-d{int(warmup)}s",
                    "-s",
                    str(script),
                    f"http://127.0.0.1:{port}",
                ],
                capture_output=True,
                check=False,
            )
    for name in MEASURED:
        runs[name] = subprocess.Popen(
            [
                "wrk",
                "-t1",
                f"-c{clients // len(MEASURED)}",
                f"-d{int(seconds)}s",
                "--latency",
                "-s",
                str(folder / f"{name}.lua"),
                f"http://127.0.0.1:{port}",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
    rows: dict[str, object] = {}
    for name, run in runs.items():
        out, _ = run.communicate()
        latency = {q: float(v) * _WRK_UNITS[unit] for q, v, unit in _WRK_LATENCY.findall(out)}
        total = re.search(r"(\d+) requests in", out)
        rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
        errors = (int(bad.group(1)) if bad else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
        rows[name] = {
            "requests": int(total.group(1)) if total else 0,
            "requests_per_s": float(rate.group(1)) if rate else 0.0,
            "p50_ms": round(latency.get("50", 0.0), 1),
            "p99_ms": round(latency.get("99", 0.0), 1),
            "errors": errors,
        }
        (folder / f"{name}.lua").unlink()
    return rows


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank q-th percentile of ``values`` (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def report(
    tallies: dict[str, Tally], elapsed: float, events: int, args: argparse.Namespace
) -> dict[str, object]:
    rows: dict[str, object] = {}
    for name, tally in sorted(tallies.items()):
        rows[name] = {
            "requests": len(tally.latencies),
            "requests_per_s": round(len(tally.latencies) / elapsed, 1),
            "p50_ms": round(1000 * percentile(tally.latencies, 50), 1),
            "p99_ms": round(1000 * percentile(tally.latencies, 99), 1),
            "errors": tally.errors,
            "statuses": tally.statuses,
            "exceptions": tally.exceptions,
        }
    total = sum(len(t.latencies) for t in tallies.values())
    return {
        "events_in_store": events,
        "clients": args.clients,
        "warmup_s": args.warmup,
        "workers": args.workers,
        "cache": not args.no_cache,
        "seconds": round(elapsed, 1),
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "errors": sum(t.errors for t in tallies.values()),
        "endpoints": rows,
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--short", action="store_true", help="CI variant: 10 clients, 5 s, 10k events.")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--events", type=int, default=100_000, help="Events the store must hold.")
    parser.add_argument("--db", type=Path, help="Store to build or reuse (default: a temporary file).")
    parser.add_argument("--keep", action="store_true", help="Keep the store built in a temporary folder.")
    parser.add_argument("--samples", type=Path, default=SAMPLES, help="Folder of GDELT 2.0 export samples.")
    parser.add_argument(
        "--warmup", type=float, default=0.0, help="Seconds of the same load before measuring (not counted)."
    )
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers of `eventwire serve`.")
    parser.add_argument(
        "--no-cache", action="store_true", help="Serve with the response cache off (api_cache_entries=0)."
    )
    parser.add_argument("--p99-ms", type=float, default=500.0, help="Target p99 for the measured endpoints.")
    parser.add_argument(
        "--client",
        choices=("httpx", "wrk"),
        default="httpx",
        help="Load generator: the asyncio/httpx client, or wrk (Debian package 'wrk'; `make bench-load`).",
    )
    args = parser.parse_args()
    if args.short:
        args.clients, args.seconds, args.events = 10, 5.0, 10_000
    folder = Path(tempfile.mkdtemp(prefix="eventwire-load-"))
    db = args.db or folder / "load.duckdb"
    started = time.monotonic()
    events = build_store(db, args.events, args.samples)
    print(f"store {db}: {events} events (built in {time.monotonic() - started:.1f} s)", file=sys.stderr)
    port = free_port()
    log = folder / "serve.log"
    server = start_server(db, port, log, args.workers, not args.no_cache)
    try:
        if args.client == "wrk":
            if shutil.which("wrk") is None:
                raise SystemExit("--client wrk needs wrk on PATH (apt-get install wrk, or make bench-load)")
            rows = wrk_load(port, args.clients, args.seconds, args.warmup, folder)
            result: dict[str, object] = report({}, args.seconds, events, args)
            result["endpoints"] = rows
            result["requests"] = sum(int(r["requests"]) for r in rows.values())  # type: ignore[index]
            result["requests_per_s"] = round(sum(float(r["requests_per_s"]) for r in rows.values()), 1)  # type: ignore[index]
            result["errors"] = sum(int(r["errors"]) for r in rows.values())  # type: ignore[index]
        else:
            tallies, elapsed = asyncio.run(load(port, args.clients, args.seconds, args.warmup))
            result = report(tallies, elapsed, events, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["client"] = args.client
    result["server_log_tail"] = log.read_text(errors="replace")[-1500:]
    print(json.dumps(result, indent=2))
    log.unlink()
    if args.db is None and not args.keep:
        db.unlink(missing_ok=True)
        Path(f"{db}.wal").unlink(missing_ok=True)
    if not any(folder.iterdir()):
        folder.rmdir()
    slow = [
        name
        for name in MEASURED
        if not args.short and float(result["endpoints"].get(name, {}).get("p99_ms", 0)) > args.p99_ms  # type: ignore[attr-defined]
    ]
    if result["errors"] or slow:
        sys.exit(1)


if __name__ == "__main__":
    main()
