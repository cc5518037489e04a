"""`session.log` rotates: a long session keeps a bounded amount of its own log on disk."""

from __future__ import annotations

import inspect
from pathlib import Path

from loguru import logger

from samocode.entrypoints.cli.common import add_session_log


def test_session_log_rotates_and_keeps_only_the_newest_files(tmp_path: Path) -> None:
    sink = add_session_log(tmp_path / "session.log", max_bytes=2_000, keep=2)
    try:
        for number in range(2_000):
            logger.info("iteration {} {}", number, "x" * 60)
    finally:
        logger.remove(sink)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert "session.log" in files
    assert len(files) == 3, files  # the live file and the two newest rotated ones
    assert all(name.startswith("session.") and name.endswith(".log") for name in files)
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) <= 3 * 2_000
    assert "iteration 1999" in (tmp_path / "session.log").read_text(encoding="utf-8")


def test_the_default_bound_is_a_few_files_of_ten_megabytes() -> None:
    defaults = inspect.signature(add_session_log).parameters
    assert defaults["max_bytes"].default == 10 * 1024 * 1024
    assert 1 <= defaults["keep"].default <= 5
