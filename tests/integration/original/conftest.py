"""The original samocode itself (Yuvasee/samocode at db1f044, kept beside the project as test
data), run as its README says in a scratch venv, on the same project as ours.

It writes its own log into its folder (`logs/`), so it runs from a copy made here, at test
time; its code is never part of the project. Its agent is a fake `claude` that does what its
agent docs ask (`fake_original_claude.py`); ours runs with the fake of the CLI tests.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..cli.conftest import Workspace, make_workspace
from .plans import answer_in_file, original_plan, set_status

HERE = Path(__file__).parent
REPO = HERE.parents[2]
PEERS = (
    Path(os.environ.get("SAMOCODE_ORIGINAL_PEER", REPO.parent / "shared/peers/samocode")),
    Path("/work/shared/peers/samocode"),  # where this workplace keeps it
)


def peer() -> Path | None:
    return next((p for p in PEERS if (p / "main.py").is_file()), None)


@pytest.fixture(scope="session")
def original_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A writable copy of the original, made at test time (it writes `logs/` beside itself)."""
    source = peer()
    if source is None:
        pytest.skip(f"no copy of the original samocode in {', '.join(map(str, PEERS))}")
    copy = tmp_path_factory.mktemp("original") / "samocode"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("logs", "__pycache__", ".env"))
    for path in [copy, *copy.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return copy


@pytest.fixture(scope="session")
def original_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch venv with what the original's requirements.txt names."""
    venv = tmp_path_factory.mktemp("original-venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "python-dotenv", "requests"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot install the original's requirements: {done.stderr[-500:]}")
    return python


@dataclass
class Original:
    """The original samocode on a workspace's project, with its fake agent."""

    python: Path
    home: Path
    ws: Workspace
    plan_file: Path
    env: dict[str, str]

    def plan(self, plan: dict[str, list[dict[str, object]]]) -> None:
        self.plan_file.write_text(json.dumps(plan))
        for stale in self.plan_file.parent.glob(".original-count-*"):
            stale.unlink()

    def argv(self, name: str, *extra: str) -> list[str]:
        main = str(self.home / "main.py")
        config = str(self.ws.samocode_file)
        return [str(self.python), main, "--config", config, "--session", name, *extra]

    def run(self, *extra: str, name: str = "task") -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            self.argv(name, *extra),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        assert "Orchestrator crashed" not in done.stdout, done.stdout[-3000:]
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
        return done

    def spawn(self, *extra: str, name: str = "task") -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.argv(name, *extra),
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            text=True,
        )

    def started(self, phase: str, n: int = 1) -> Path:
        """The marker the fake agent leaves when it starts the n-th run of `phase` (its pid)."""
        return self.plan_file.parent / f"started-{phase}-{n}"

    def agent_runs(self) -> dict[str, int]:
        return _counts(self.plan_file.parent, ".original-count-")


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


@pytest.fixture
def original(
    original_python: Path, original_home: Path, workspace: Workspace, tmp_path: Path
) -> Iterator[Original]:
    fake = tmp_path / "original-bin" / "claude"
    fake.parent.mkdir()
    fake.write_text(f"#!{sys.executable}\n" + (HERE / "fake_original_claude.py").read_text())
    fake.chmod(0o755)
    plan_file = tmp_path / "original-plan.json"
    env = {k: v for k, v in workspace.env.items() if not k.startswith(("TELEGRAM_", "FAKE_"))}
    env.update(
        CLAUDE_PATH=str(fake),
        ORIGINAL_CLAUDE_PLAN=str(plan_file),
        SAMOCODE_MAX_RETRIES="1",
        SAMOCODE_RETRY_DELAY="0",
    )
    runner = Original(original_python, original_home, workspace, plan_file, env)
    runner.plan({})
    spawned: list[int] = []
    yield runner
    for marker in tmp_path.glob("started-*"):  # a fake agent left running by a test
        spawned.append(int(marker.read_text()))
    for pid in spawned:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue


def ours_runs(workspace: Workspace) -> dict[str, int]:
    """How many times our fake agent ran in each phase."""
    return _counts(workspace.plan_file.parent, ".count-")


def _counts(folder: Path, prefix: str) -> dict[str, int]:
    return {
        path.name.removeprefix(prefix): int(path.read_text()) for path in folder.glob(f"{prefix}*")
    }


def wait_until(predicate: object, timeout: float = 30.0) -> None:
    assert callable(predicate)
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


def status(workspace: Workspace) -> tuple[int, dict[str, object]]:
    """`samocode status --json` of the session: its exit code and what it says."""
    done = workspace.samocode("status", *workspace.session_args(), "--json")
    return done.returncode, json.loads(done.stdout)


def to_plan_approval(original: Original, workspace: Workspace) -> None:
    """The original runs the work to its plan gate, answered and passed its own way (the
    requirements gate rule stops it; a person sets `Phase: planning`)."""
    original.plan(original_plan())
    original.run("--task", "Add a greeting")
    folder = workspace.session_dir()
    answer_in_file(folder)
    original.run()  # its gate rule stops the requirements agent's move to planning
    set_status(folder, Phase="planning")  # the original's only way past it
    original.run()
