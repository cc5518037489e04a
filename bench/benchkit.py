"""What the benchmarks share: the machine they ran on, paired timing, and one way to print
a figure with its target.

The machine is shared and noisy, so every figure is a ratio against a baseline measured in
the same run: the two sides are interleaved (A B, B A, A B, ...) and compared by medians.
A missed target is printed as MISSED, never raised: CI runs these as smoke checks only.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def filesystem_of(path: Path) -> str:
    """The device and type of the filesystem holding `path` (fsync costs depend on it)."""
    best, found = "", "unknown filesystem"
    real = str(path.resolve())
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                device, point, kind = line.split()[:3]
                inside = real == point or real.startswith(point.rstrip("/") + "/")
                if inside and len(point) >= len(best):
                    best, found = point, f"{kind} on {device} (mounted at {point})"
    except OSError:
        pass
    return found


def machine(folder: Path | None = None) -> list[str]:
    """Lines saying what the figures were measured on."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    lines = [
        f"machine: {cpu_model()}, {cores} cores usable, load average {load_average()} "
        "(1, 5, 15 min) at the start",
        f"python:  {platform.python_implementation()} {platform.python_version()} "
        f"({sys.executable})",
    ]
    if folder is not None:
        lines.append(f"files:   {folder} on {filesystem_of(folder)}")
    return lines


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured figure: `value` in words, then the number that has a target (a ratio to
    the baseline, `1.03x`, or a value in `unit`) and whether it met it."""

    label: str
    value: str
    measure: float | None = None
    target: float | None = None  # `measure` must stay at or below it
    unit: str = "x"

    def line(self, width: int = 44) -> str:
        text = f"  {self.label:<{width}}  {self.value}"
        if self.measure is None:
            return text
        text += f"  = {self.measure:.3f}{self.unit}"
        if self.target is None:
            return text
        verdict = "ok" if self.measure <= self.target else "MISSED"
        return f"{text}  (target <= {self.target:g}{self.unit})  {verdict}"


def print_block(title: str, about: Sequence[str], figures: Sequence[Figure | str]) -> None:
    """The benchmark's one block of output: what, on what, then each figure."""
    print(title)
    for line in about:
        print(f"  {line}")
    width = max([len(f.label) for f in figures if isinstance(f, Figure)] + [10])
    for figure in figures:
        print(figure.line(width) if isinstance(figure, Figure) else f"  {figure}")
    print(f"  load average at the end: {load_average()}")


def interleaved(sides: Mapping[str, Callable[[], float]], rounds: int) -> dict[str, list[float]]:
    """Each side `rounds` times, alternating the order every round (A B, B A, ...), so drift
    in the machine's load falls on both sides alike. One untimed warm-up run each first."""
    names = list(sides)
    for name in names:
        sides[name]()
    results: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        for name in names if index % 2 == 0 else reversed(names):
            results[name].append(sides[name]())
    return results


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float]) -> str:
    """The middle half of the values, to show how noisy a median is."""
    if len(values) < 4:
        return f"{min(values) * 1000:.1f}-{max(values) * 1000:.1f} ms"
    q1, _q2, q3 = statistics.quantiles(values, n=4)
    return f"IQR {q1 * 1000:.1f}-{q3 * 1000:.1f} ms"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


@dataclass(frozen=True, slots=True)
class ChildRun:
    wall_s: float
    cpu_s: float  # user + system time of the child (and its children it waited for)
    max_rss_kb: int
    returncode: int
    stdout: bytes


def run_child(
    argv: Sequence[str], env: Mapping[str, str], *, capture: bool = False, cwd: Path | None = None
) -> ChildRun:
    """Run `argv` to its end: wall time, and the kernel's rusage of that one child."""
    started = time.perf_counter()
    child = subprocess.Popen(
        list(argv),
        env=dict(env),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    out = child.stdout.read() if child.stdout is not None else b""
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if child.stdout is not None:
        child.stdout.close()
    return ChildRun(
        wall,
        usage.ru_utime + usage.ru_stime,
        int(usage.ru_maxrss),
        child.returncode,
        out,
    )


def samocode_command() -> list[str]:
    """The `samocode` script beside this interpreter, as a user runs it; else `-m`."""
    script = Path(sys.executable).parent / "samocode"
    found = str(script) if script.exists() else shutil.which("samocode")
    return [found] if found else [sys.executable, "-m", "samocode.entrypoints.cli"]


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment a user's shell would give samocode, with an empty HOME so no user
    configuration is read."""
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR")
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update(HOME=str(home), NO_COLOR="1", **extra)
    return env


def write_samocode_file(root: Path, sessions: Path) -> Path:
    """A project under `root` whose SESSIONS is `sessions`: its `.samocode` file."""
    for name in ("repo", "worktrees"):
        (root / name).mkdir(exist_ok=True)
    samocode_file = root / "repo" / ".samocode"
    samocode_file.write_text(
        f"MAIN_REPO={root / 'repo'}\nWORKTREES={root / 'worktrees'}\nSESSIONS={sessions}\n"
    )
    return samocode_file


def rss_kb() -> int:
    """This process's resident set now (VmRSS), in KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


# A phase workflow whose one working phase runs as long as a bench needs.
LONG_WORKFLOW = """initial: work
terminal: done
phases:
  work: {next: [done], max_iterations: 1000000}
  done: {signals: [done, blocked], max_iterations: 3}
"""
