"""The dashboard with 1,000 sessions against 10: how long the first answers take (the
sessions page, the first message of the event stream), and the server's CPU while nothing
changes (it should be near zero: the change feed waits on the kernel, it does not poll).

Sessions are copies of one finished demo session. The server runs as `samocode serve` in
its own process; one event stream stays open during the idle measurement, as a browser tab
would keep it.

    python bench/bench_dashboard.py            # 10 vs 1,000 sessions, 10 s idle
    python bench/bench_dashboard.py --small    # 10 vs 200 sessions, 3 s idle (CI smoke)
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil


def make_sessions(root: Path, count: int, template: Path) -> Path:
    """A project whose SESSIONS holds `count` copies of `template`."""
    repo, sessions = root / "repo", root / "sessions"
    repo.mkdir(parents=True)
    sessions.mkdir()
    (repo / ".samocode").write_text(
        f"MAIN_REPO={repo}\nWORKTREES={root / 'worktrees'}\nSESSIONS={sessions}\n"
    )
    for i in range(count):
        shutil.copytree(template, sessions / f"26-01-01-task-{i:04d}")
    return repo / ".samocode"


def demo_session(root: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "samocode.entrypoints.cli", "demo", "--dir", str(root)],
        check=True,
        capture_output=True,
    )
    (session,) = (root / "sessions").iterdir()
    return session


def get(host: str, port: int, path: str, token: str) -> tuple[float, int]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=60)
    connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return time.perf_counter() - started, len(body)


def first_event(host: str, port: int, token: str) -> tuple[float, http.client.HTTPConnection]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=60)
    connection.request("GET", "/events", headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    seen = b""
    while b"\n\n" not in seen:
        seen += response.read1(65536)
    return time.perf_counter() - started, connection


def measure(samocode_file: Path, idle_s: float) -> dict[str, float]:
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "samocode.entrypoints.cli", "serve", "--port", "0",
         "--config", str(samocode_file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        first = server.stdout.readline().strip()
        if not first.startswith("samocode dashboard: "):
            server.wait(timeout=20)
            raise SystemExit(f"the server did not start: {first}{server.stderr.read()[-2000:]}")
        url = first.split(": ", 1)[1]
        ready = time.perf_counter() - started
        address, token = url.removeprefix("http://").split("/?token=")
        host, port = address.rsplit(":", 1)
        page_s, size = get(host, int(port), "/", token)
        again_s, _ = get(host, int(port), "/", token)
        event_s, stream = first_event(host, int(port), token)
        process = psutil.Process(server.pid)
        time.sleep(1.0)  # let the first reads settle
        before = process.cpu_times()
        time.sleep(idle_s)
        after = process.cpu_times()
        stream.close()
        cpu = (after.user - before.user) + (after.system - before.system)
        return {
            "start_s": ready,
            "page_s": page_s,
            "page_again_s": again_s,
            "page_kb": size / 1024,
            "event_s": event_s,
            "idle_cpu_pct": 100 * cpu / idle_s,
        }
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick smoke run for CI")
    parser.add_argument("--many", type=int, help="the large number of sessions")
    parser.add_argument("--idle", type=float, help="seconds of idle CPU measurement")
    args = parser.parse_args()
    many = args.many or (200 if args.small else 1000)
    idle = args.idle or (3.0 if args.small else 10.0)
    with tempfile.TemporaryDirectory(prefix="samocode-bench-dash-") as tmp:
        template = demo_session(Path(tmp) / "demo")
        results = {}
        for count in (10, many):
            samocode_file = make_sessions(Path(tmp) / f"n{count}", count, template)
            results[count] = measure(samocode_file, idle)
    few, lots = results[10], results[many]
    print(f"dashboard, {os.cpu_count()} CPUs; sessions are copies of a 9-iteration demo session")
    print(f"{'':28}{'10 sessions':>14}{f'{many} sessions':>16}{'ratio':>9}")
    rows = (
        ("server start to URL (s)", "start_s"),
        ("first sessions page (s)", "page_s"),
        ("sessions page again (s)", "page_again_s"),
        ("sessions page size (KiB)", "page_kb"),
        ("first stream event (s)", "event_s"),
        ("idle CPU, stream open (%)", "idle_cpu_pct"),
    )
    for label, key in rows:
        ratio = lots[key] / few[key] if few[key] else float("nan")
        print(f"{label:28}{few[key]:>14.3f}{lots[key]:>16.3f}{ratio:>9.1f}")


if __name__ == "__main__":
    main()
