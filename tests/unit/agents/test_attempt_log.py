"""The attempt log keeps stdout lines whole and puts our records between them."""

from __future__ import annotations

from pathlib import Path

from samocode.adapters.agents.attempt_log import AttemptLog


def test_records_wait_until_stdout_is_back_at_a_line_boundary(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "a.jsonl"
    log = AttemptLog(path)
    log.output(b'{"type": "system"}\n{"type": "ass')
    log.record("stderr", text="warning")
    log.output(b'istant"}\n')
    log.record("end", ended="exited")
    log.close()
    assert path.read_text().splitlines() == [
        '{"type": "system"}',
        '{"type": "assistant"}',
        '{"type": "samocode_stderr", "text": "warning"}',
        '{"type": "samocode_end", "ended": "exited"}',
    ]


def test_a_log_is_appended_to_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    for text in (b"one\n", b"two"):
        log = AttemptLog(path)
        log.output(text)
        log.close()
    assert path.read_text() == "one\ntwo\n"


def test_a_full_disk_stops_the_log_but_not_the_run() -> None:
    full = Path("/dev/full")
    if not full.exists():
        return
    log = AttemptLog(full)
    log.output(b'{"type": "system"}\n')
    log.record("stderr", text="still fine")
    log.close()
