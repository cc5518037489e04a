"""Fixtures of the real-CLI kit: the installed CLIs, the fake model servers, a throwaway HOME.

This folder's helper modules are plain modules, not a package (pytest runs with
``--import-mode=importlib``), so the folder is put on ``sys.path`` for the tests in it:
``from fake_anthropic import FakeAnthropic`` works in any test module here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_anthropic import FakeAnthropic
from fake_openai import FakeOpenAI
from npm_cache import (
    NpmInstallError,
    NpmNotFoundError,
    RealClis,
    claude_versions_to_test,
    ensure_real_clis,
)


def _installed(claude_version: str | None = None) -> RealClis:
    """Skips when npm is missing; fails, with npm's output, when the install fails."""
    try:
        return ensure_real_clis(claude_version=claude_version)
    except NpmNotFoundError as exc:
        pytest.skip(str(exc))
    except NpmInstallError as exc:
        problem = exc
    # Failed outside the `except` block, so the report shows npm's tail without a chained
    # traceback around it.
    pytest.fail(f"installing the real CLIs from npm failed:\n{problem}", pytrace=False)


@pytest.fixture(scope="session")
def clis_for() -> Callable[[str | None], RealClis]:
    """``clis_for(claude_version)``: the CLIs with that Claude Code (None: the pinned one)."""
    return _installed


@pytest.fixture(scope="session")
def real_clis() -> RealClis:
    """The pinned ``claude`` and ``codex`` (installed once into the npm cache)."""
    return _installed()


@pytest.fixture(scope="session", params=claude_versions_to_test(), ids=lambda v: f"claude-{v}")
def each_claude(request: pytest.FixtureRequest) -> RealClis:
    """The CLIs once for every tested Claude Code version (the codex is the same): for the
    tests worth running on each."""
    return _installed(request.param)


@pytest.fixture
def fake_anthropic() -> Iterator[FakeAnthropic]:
    """A running fake Anthropic API with an empty script: ``push()`` the turns."""
    with FakeAnthropic() as fake:
        yield fake
    assert not fake.errors, fake.errors


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    """A running fake OpenAI Responses API with an empty script: ``push()`` the turns."""
    with FakeOpenAI() as fake:
        yield fake
    assert not fake.errors, fake.errors


@pytest.fixture
def cli_home(tmp_path: Path) -> Path:
    """A throwaway HOME, so the CLIs read no real config or credentials and write none."""
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    return work
