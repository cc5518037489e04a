"""Do `status`, `list` and `wait` cost the same on a long session and a full SESSIONS folder?

Session folders are written directly in the adapter's formats (`_state.json`,
`_signal_history.jsonl`, an `_overview.md` with its `## Status` block), as a session that
ran that long would have left them; `status --json` is checked once to read them as meant.
Every command runs as a user runs it (`samocode ...` in a fresh process); the two sides of
each ratio are interleaved and compared by medians.

  status --json   a session with 100,000 history lines in a SESSIONS of 1,000 sessions, vs
                  a session with 10 lines in a SESSIONS of 10 sessions         target <= 1.2x
  list --json     (a) 10 sessions of 100,000 lines each vs 10 of 10 lines      target <= 1.2x
                  (b) 1,000 sessions vs 10 (and 100): time per session, and the cost of each
                  added session from 100 to 1,000 against from 10 to 100 (linear: ~1x)
  wait            on an idle running session (a process holds its lease, the state says
                  active, nothing changes): its CPU time over a 10 s window     target < 1 %

    python bench/bench_status_scale.py            # the sizes above
    python bench/bench_status_scale.py --small    # 10,000 lines, 100 sessions (CI smoke)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).parent))

from benchkit import (
    Figure,
    clean_env,
    interleaved,
    machine,
    median,
    ms,
    print_block,
    run_child,
    samocode_command,
    spread,
    write_samocode_file,
)

if TYPE_CHECKING:
    from samocode.domain import Iteration

PHASE = "implementation"
DATE = "26-01-01"
WHEN = "2026-01-01T12:00:00+00:00"
SUMMARY = "Implemented the next step of the plan; tests for the new module pass"  # ~70 chars

HOLDER = """
import os, socket, sys
from pathlib import Path
from samocode.adapters.session_folder.lease import hold_lease
from samocode.application.ports import LeaseInfo
info = LeaseInfo(pid=os.getpid(), host=socket.gethostname(), since="2026-01-01T12:00:00")
with hold_lease(Path(sys.argv[1]), "target", info):
    print("held", flush=True)
    sys.stdin.read()
"""


def iteration(n: int) -> Iteration:
    from samocode.domain import Iteration, Outcome, Signal, SignalStatus, Usage

    outcome = Outcome(
        "active", True, summary=f"{SUMMARY} ({n})", phase_before=PHASE, phase_after=PHASE
    )
    signal = Signal(SignalStatus.CONTINUE, summary=f"{SUMMARY} ({n})")
    usage = Usage(input_tokens=41_000, output_tokens=2_300, cost_usd=0.21)
    return Iteration(n, PHASE, WHEN, outcome, signal, usage=usage, duration_s=183.4)


def history(lines: int) -> tuple[bytes, dict[str, object]]:
    """`lines` history lines as the journal writes them, and the last row."""
    from samocode.adapters.session_folder.formats.history import encode_row, history_row

    if lines in _HISTORIES:
        return _HISTORIES[lines]
    rows = [history_row(iteration(n)) for n in range(1, lines + 1)]
    _HISTORIES[lines] = b"".join(encode_row(row) for row in rows), rows[-1]
    return _HISTORIES[lines]


_HISTORIES: dict[int, tuple[bytes, dict[str, object]]] = {}


def overview(name: str, iterations: int, flow_bytes: int = 4_000) -> bytes:
    """A notebook as an agent keeps it: the Status block the loop owns, notes, a Flow Log
    of about `flow_bytes`."""
    head = (
        f"# Session: {name}\nStarted: 01-01 09:00\n\n## Status\nPhase: {PHASE}\n"
        f"Iteration: {iterations}\nTotal Iterations: {iterations}\nBlocked: no\n"
        f"Last Action: {SUMMARY}\nNext: the next step of the plan\n\n"
        "## Plans\n- 01-01-09:30-plan.md\n\n## Notes\nThe parser lives in src/parser.py.\n\n"
        "## Flow Log\n"
    )
    line = f"- [{{n:03d}} @ 01-01 12:00] [{PHASE}] {SUMMARY}\n"
    flow: list[str] = []
    size = 0
    while size < flow_bytes:
        flow.append(line.format(n=len(flow) + 1))
        size += len(flow[-1])
    return (head + "".join(flow)).encode()


def write_session(
    sessions: Path, name: str, lines: int, data: tuple[bytes, dict[str, object]]
) -> None:
    from samocode.adapters.session_folder.formats.state import encode_session
    from samocode.adapters.session_folder.recovery import Commitments
    from samocode.domain import Session, Usage

    folder = sessions / f"{DATE}-{name}"
    folder.mkdir(parents=True)
    log, last = data
    session = Session(
        folder.name,
        PHASE,
        phase_iterations={PHASE: lines},
        total_iterations=lines,
        usage=Usage(input_tokens=41_000 * lines, output_tokens=2_300 * lines, cost_usd=0.21),
        active_seconds=183.4 * lines,
        last_outcome=iteration(lines).outcome,
        task="Add login with GitHub",
    )
    promised = Commitments(pending=last, phase_written=PHASE, phase_before=PHASE)
    state = encode_session(
        session,
        updated_at=datetime.fromisoformat(WHEN),
        extra=promised.as_state_keys(),
    )
    (folder / "_state.json").write_bytes(state)
    (folder / "_signal_history.jsonl").write_bytes(log)
    (folder / "_overview.md").write_bytes(overview(folder.name, lines))


def project(root: Path, name: str, others: int, other_lines: int, target: int | None) -> Path:
    """A project with `others` sessions of `other_lines` lines, plus `target` when given."""
    sessions = root / name / "sessions"
    sessions.mkdir(parents=True)
    small = history(other_lines)
    for index in range(others):
        write_session(sessions, f"s{index:04d}", other_lines, small)
    if target is not None:
        write_session(
            sessions, "target", target, history(target) if target != other_lines else small
        )
    return write_samocode_file(root / name, sessions)


PROJECTS = ("small", "big", "long", "middle", "many", "notebook")
NOTEBOOK_BYTES = 10_000_000


def build(root: Path, lines: int, many: int, middle: int) -> None:
    """Every project the figures need. Run in a child process: this one stays small, so the
    commands it starts (fork) and their peak RSS are not inflated by the built histories."""
    project(root, "small", 9, 10, 10)
    project(root, "big", many - 1, 10, lines)
    project(root, "long", 10, lines, None)
    project(root, "middle", middle, 10, None)
    project(root, "many", many, 10, None)
    project(root, "notebook", 9, 10, 10)  # its target's notebook then grows to 10 MB
    (target,) = (root / "notebook" / "sessions").glob("*-target")
    (target / "_overview.md").write_bytes(overview(target.name, 10, NOTEBOOK_BYTES))


def check_status(samocode: list[str], config: Path, env: dict[str, str], lines: int) -> None:
    """Once: `status` reads the built folder as meant."""
    argv = [*samocode, "status", "--json", "--config", str(config), "--session", "target"]
    view = json.loads(run_child(argv, env, capture=True).stdout)
    last = view.get("last_signal") or {}
    if view.get("total_iterations") != lines or view.get("state") != "stopped":
        raise SystemExit(f"status does not read the built session as meant: {view}")
    if not str(last.get("summary", "")).endswith(f"({lines})"):
        raise SystemExit(f"status does not find the last history line: {last}")


def check_list(
    samocode: list[str], config: Path, env: dict[str, str], count: int, lines: int
) -> None:
    argv = [*samocode, "list", "--json", "--config", str(config)]
    views = json.loads(run_child(argv, env, capture=True).stdout)
    if len(views) != count or any(v.get("total_iterations") != lines for v in views):
        raise SystemExit(f"list does not read the built sessions as meant: {len(views)} views")


def timer(argv: list[str], env: dict[str, str]) -> Callable[[], float]:
    def once() -> float:
        run = run_child(argv, env)
        if run.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} exited {run.returncode}")
        return run.wall_s

    return once


def peak_rss_mb(argv: list[str], env: dict[str, str]) -> float:
    return run_child(argv, env).max_rss_kb / 1024


def cpu_ticks(pid: int) -> float:
    """User + system CPU seconds of a running process, from /proc (clock-tick resolution)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_wait(
    samocode: list[str], config: Path, session_dir: Path, env: dict[str, str], window: float
) -> tuple[float, float, float, int]:
    """CPU of `samocode wait` over `window` seconds once started, its total CPU, its start-up
    CPU (before the window), and its exit code (124: it timed out, nothing changed)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(session_dir / "_orchestrator.lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    try:
        assert holder.stdout is not None
        if holder.stdout.readline().strip() != b"held":
            raise SystemExit("the lease holder did not take the lease")
        settle = 3.0
        argv = [*samocode, "wait", "--config", str(config), "--session", "target"]
        argv += ["--timeout", str(settle + window + 1.0)]
        waiter = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
        time.sleep(settle)
        cpu0, t0 = cpu_ticks(waiter.pid), time.monotonic()
        time.sleep(window)
        cpu1, t1 = cpu_ticks(waiter.pid), time.monotonic()
        _pid, status, usage = os.wait4(waiter.pid, 0)
        waiter.returncode = os.waitstatus_to_exitcode(status)
    finally:
        holder.kill()
        holder.wait()
    total = usage.ru_utime + usage.ru_stime
    return (cpu1 - cpu0) / (t1 - t0), total, cpu0, waiter.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick smoke run for CI")
    parser.add_argument("--rounds", type=int, help="timed runs of each side")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sizes", type=int, nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build, *args.sizes)
        return
    lines = 10_000 if args.small else 100_000
    many = 100 if args.small else 1_000
    middle = 30 if args.small else 100
    rounds = args.rounds or (5 if args.small else 15)
    window = 3.0 if args.small else 10.0
    samocode = samocode_command()
    with tempfile.TemporaryDirectory(prefix="bench-status-") as folder:
        root = Path(folder)
        env = clean_env(root)
        about = machine(root)
        started = time.monotonic()
        sizes = [str(n) for n in (lines, many, middle)]
        subprocess.run([sys.executable, __file__, "--build", folder, "--sizes", *sizes], check=True)
        built = time.monotonic() - started
        small, big, long_lists, middle_list, many_list, notebook = (
            root / name / "repo" / ".samocode" for name in PROJECTS
        )
        check_status(samocode, small, env, 10)
        check_status(samocode, big, env, lines)
        check_list(samocode, long_lists, env, 10, lines)
        check_list(samocode, many_list, env, many, 10)
        target_dir = next((root / "big" / "sessions").glob("*-target"))
        history_mb = (target_dir / "_signal_history.jsonl").stat().st_size / 1e6

        def status(config: Path) -> list[str]:
            return [*samocode, "status", "--json", "--config", str(config), "--session", "target"]

        def listing(config: Path) -> list[str]:
            return [*samocode, "list", "--json", "--config", str(config)]

        st = interleaved(
            {
                "small": timer(status(small), env),
                "big": timer(status(big), env),
                "notebook": timer(status(notebook), env),
            },
            rounds,
        )
        rss_small, rss_big = peak_rss_mb(status(small), env), peak_rss_mb(status(big), env)
        la = interleaved(
            {"short": timer(listing(small), env), "long": timer(listing(long_lists), env)}, rounds
        )
        lb = interleaved(
            {
                "10": timer(listing(small), env),
                "middle": timer(listing(middle_list), env),
                "many": timer(listing(many_list), env),
            },
            rounds,
        )
        idle, wait_total, wait_start, wait_code = idle_wait(samocode, big, target_dir, env, window)
        about += [
            f"through: {' '.join(samocode)} (a fresh process per command, output discarded)",
            f"built:   {built:.1f} s to write the folders; the {lines:,}-line history is "
            f"{history_mb:.1f} MB; medians of {rounds} interleaved runs per side",
        ]
    s_small, s_big = median(st["small"]), median(st["big"])
    a_short, a_long = median(la["short"]), median(la["long"])
    b10, bmid, bmany = median(lb["10"]), median(lb["middle"]), median(lb["many"])
    per10, permany = b10 / 10, bmany / many
    step_low = (bmid - b10) / (middle - 10)
    step_high = (bmany - bmid) / (many - middle)
    figures: list[Figure | str] = [
        f"status --json (session 'target'; {spread(st['small'])} / {spread(st['big'])}):",
        Figure("  10 lines, 10 sessions", ms(s_small) + f"  peak RSS {rss_small:5.1f} MB"),
        Figure(
            f"  {lines:,} lines, {many:,} sessions",
            ms(s_big) + f"  peak RSS {rss_big:5.1f} MB",
            s_big / s_small,
            1.2,
        ),
        Figure(
            "  10 lines, a 10 MB notebook (no target)",
            ms(median(st["notebook"])),
            median(st["notebook"]) / s_small,
        ),
        f"list --json (a): 10 sessions ({spread(la['short'])} / {spread(la['long'])})",
        Figure("  of 10 lines each", ms(a_short)),
        Figure(f"  of {lines:,} lines each", ms(a_long), a_long / a_short, 1.2),
        "list --json (b): sessions of 10 lines",
        Figure("  10 sessions", ms(b10) + f"  {per10 * 1000:6.2f} ms per session"),
        Figure(f"  {middle} sessions", ms(bmid) + f"  {bmid / middle * 1000:6.2f} ms per session"),
        Figure(
            f"  {many:,} sessions: time per session",
            ms(bmany) + f"  {permany * 1000:6.2f} ms per session",
            permany / per10,
            1.2,
        ),
        Figure(
            f"  each added session {middle}->{many} vs 10->{middle}",
            f"{step_high * 1000:6.2f} ms vs {step_low * 1000:6.2f} ms (1x when linear; "
            f"the 10->{middle} step is within the noise at --small)",
        ),
        f"wait on an idle running session ({lines:,} lines, {many:,} sessions; exit "
        f"{wait_code}{', timed out as expected' if wait_code == 124 else ', NOT a timeout'}):",
        Figure(
            f"  CPU over a {window:g} s window",
            f"{idle * window * 1000:4.0f} ms of CPU (/proc ticks of "
            f"{1000 / os.sysconf('SC_CLK_TCK'):.0f} ms; default 0.5 s polls; start-up "
            f"{wait_start * 1000:.0f} ms, whole run {wait_total * 1000:.0f} ms by rusage)",
            idle * 100,
            1.0,
            " % of a core",
        ),
    ]
    title = "status / list / wait at scale"
    print_block(title, about, figures)


if __name__ == "__main__":
    main()
