"""Peak memory of the orchestrator while a child floods its stdout.

A `yes`-like writer prints N MB of stream-json lines (~1 KiB each); `run_process` reads
them, writes them to the attempt log and feeds every line to the Claude stream parser. Each
size runs in a fresh Python process so its peak RSS is its own. Memory must stay flat: the
peak for 1 GB should match the peak for 200 MB.

    python bench/bench_memory.py            # 200 MB and 1 GB
    python bench/bench_memory.py --small    # 20 MB (CI smoke)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1024 * 1024
LINE = json.dumps(
    {
        "type": "assistant",
        "message": {"id": "m", "content": [{"type": "text", "text": "x" * 940}]},
    }
)


def rss_kb() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux


def current_rss_kb() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


WRITERS = {
    "lines": "yes '{line}' | head -c {size}",  # ~1 KiB stream-json lines
    "no-newline": "head -c {size} /dev/zero | tr '\\0' x",  # one endless line
}


async def one(size: int, shape: str) -> dict[str, float]:
    from samocode.adapters.agents.claude_stream import ClaudeStreamParser
    from samocode.adapters.agents.process import run_process

    parser = ClaudeStreamParser()
    lines = 0

    def on_line(line: bytes) -> None:
        nonlocal lines
        lines += 1
        parser.feed(line)

    baseline = current_rss_kb()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "attempt.jsonl"
        argv = ["sh", "-c", WRITERS[shape].format(line=LINE, size=size)]
        started = time.monotonic()
        outcome = await run_process(
            argv,
            cwd=Path(tmp),
            env=dict(os.environ),
            log_path=log,
            timeout_s=600,
            stall_timeout_s=60,
            on_line=on_line,
        )
        seconds = time.monotonic() - started
        logged = log.stat().st_size
    assert outcome.exit_code == 0, outcome
    return {
        "bytes": outcome.output_bytes,
        "logged": logged,
        "lines": lines,
        "seconds": seconds,
        "baseline_kb": baseline,
        "peak_kb": rss_kb(),
    }


def measure(size: int, shape: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", str(size), "--shape", shape],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="20 MB only (CI smoke)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--shape", default="lines", choices=WRITERS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(one(args.one, args.shape))))
        return
    sizes = [20 * MB] if args.small else [200 * MB, 1024 * MB]
    print(f"{'shape':>10} {'output':>8} {'lines':>9} {'time':>7} {'MB/s':>6} {'base RSS':>9} "
          f"{'peak RSS':>9} {'growth':>8} {'growth/output':>14}")  # fmt: skip
    peaks = []
    for shape, size in [(shape, size) for shape in WRITERS for size in sizes]:
        r = measure(size, shape)
        assert r["bytes"] == size and r["logged"] >= size, r
        growth = r["peak_kb"] - r["baseline_kb"]
        if shape == "lines":
            peaks.append(r["peak_kb"])
        print(
            f"{shape:>10} {size // MB:>6}MB {int(r['lines']):>9} {r['seconds']:>6.1f}s "
            f"{size / MB / r['seconds']:>6.0f} {r['baseline_kb'] / 1024:>7.1f}MB "
            f"{r['peak_kb'] / 1024:>7.1f}MB {growth / 1024:>6.1f}MB "
            f"{growth * 1024 / size:>13.4%}"
        )
    if len(peaks) > 1:
        print(f"peak RSS ratio (lines) {sizes[-1] // MB}MB / {sizes[0] // MB}MB: "
              f"{peaks[-1] / peaks[0]:.2f} (output ratio {sizes[-1] / sizes[0]:.1f})")  # fmt: skip


if __name__ == "__main__":
    main()
