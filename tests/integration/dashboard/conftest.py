"""A project whose session runs on the scripted agent, a dashboard serving it, and (for the
browser tests) Debian's Chromium driven by Playwright for Python."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest
import yaml

CHROMIUM = "/usr/bin/chromium"
# As root, in a sandbox, with no network: without these Chromium will not start, or keeps
# trying to reach Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
XSS = "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n"


@dataclass
class Project:
    root: Path
    samocode_file: Path
    sessions: Path
    script: Path
    env: dict[str, str]

    def cli(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "samocode.entrypoints.cli", *args]

    def spawn(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.cli(*args),
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            stdin=subprocess.DEVNULL,
        )

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.cli(*args), env=self.env, capture_output=True, text=True, timeout=120
        )

    def start_session(self, name: str) -> subprocess.Popen[str]:
        """A worker that plays the script and stays alive at the gates."""
        return self.spawn(
            "run", "--config", str(self.samocode_file), "--session", name,
            "--provider", "scripted", "--script", str(self.script), "--wait-for-human",
            "--task", "Add a --version flag",
        )  # fmt: skip


def scripted_project(
    root: Path, *, slow_s: float = 2.5, hostile_questions: bool = False
) -> Project:
    """The demo's script, slowed before the questions, with an agent that writes a
    `<script>` and a `javascript:` link into its notebook and its questions."""
    repo, sessions = root / "repo", root / "sessions"
    for folder in (repo, sessions, root / "worktrees", root / "home"):
        folder.mkdir(parents=True, exist_ok=True)
    samocode_file = repo / ".samocode"
    samocode_file.write_text(
        f"MAIN_REPO={repo}\nWORKTREES={root / 'worktrees'}\nSESSIONS={sessions}\n"
    )
    (repo / "samocode.yaml").write_text(
        "notifiers: [stdout]\nhuman: {wait: true, poll_interval: 0.3}\n"
        "loop: {max_retries: 1, retry_delay: 0.1}\n"
    )
    demo = resources.files("samocode.assets").joinpath("demo-script.yaml").read_text()
    script = yaml.safe_load(demo)
    phases = script["phases"]
    init = phases["init"][0]["files"]
    init["_overview.md"] = init["_overview.md"].replace("## Status", XSS + "\n## Status")
    phases["investigation"][0]["delay"] = slow_s
    asking = phases["requirements"][0]["files"]
    asking["_qa.md"] = asking["_qa.md"].replace("## Questions", XSS + "\n## Questions")
    if hostile_questions:  # in the questions themselves, which the form shows
        asking["_qa.md"] = asking["_qa.md"].replace(
            "print?", "print? <script>alert(1)</script> [x](javascript:alert(1))"
        )
    for step in phases["implementation"]:
        step["delay"] = 1.0
    path = root / "script.yaml"
    path.write_text(yaml.safe_dump(script, sort_keys=False))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMOCODE_", "TELEGRAM_"))}
    env.update(HOME=str(root / "home"), XDG_CONFIG_HOME=str(root / "home" / ".config"))
    env["TELEGRAM_BOT_TOKEN"] = "123456789:AAHsecretsecretsecretsecretsecret0123"
    return Project(root, samocode_file, sessions, path, env)


@dataclass
class Dashboard:
    url: str  # as printed, with the token
    base: str
    process: subprocess.Popen[str]


def start_dashboard(project: Project, *extra: str) -> Dashboard:
    process = project.spawn("serve", "--config", str(project.samocode_file), "--port", "0", *extra)
    assert process.stdout is not None
    first = process.stdout.readline().strip()
    assert first.startswith("samocode dashboard: http://127.0.0.1:"), first + (
        process.stderr.read() if process.stderr and process.poll() is not None else ""
    )
    url = first.split(": ", 1)[1]
    return Dashboard(url, url.split("/?", 1)[0], process)


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return scripted_project(tmp_path)


@pytest.fixture
def dashboard(project: Project) -> Iterator[Dashboard]:
    served = start_dashboard(project)
    try:
        yield served
    finally:
        stop(served.process)


def ensure_chromium() -> str:
    """Debian's Chromium, installed when missing and we may (root); else skip saying why."""
    if shutil.which("chromium") or os.path.exists(CHROMIUM):
        return shutil.which("chromium") or CHROMIUM
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("Chromium is not installed and this user cannot apt-get install it")
    done = subprocess.run(
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium",
        shell=True,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0 or not os.path.exists(CHROMIUM):
        pytest.skip(f"apt-get install chromium failed: {done.stderr[-500:]}")
    return CHROMIUM


def ensure_playwright() -> None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "playwright"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            pytest.skip(f"pip install playwright failed: {done.stderr[-500:]}")
