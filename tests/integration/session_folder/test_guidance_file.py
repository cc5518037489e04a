"""The guidance file on disk: given from any process beside a running worker, taken once,
never lost or delivered twice, and safe against what may be planted in its place."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from samocode.adapters.session_folder import FolderNotebook
from samocode.adapters.session_folder.formats.guidance import decode_guidance, encode_guidance
from samocode.adapters.session_folder.guidance_file import MAX_PENDING_BYTES
from samocode.application.errors import BadInput, SessionFileError
from samocode.application.ports import Guidance, SessionRef

from .samples import NOW

GUIDANCE_FILE = "_guidance.jsonl"


def test_given_guidance_waits_stamped_until_taken_once(
    notebook: FolderNotebook, ref: SessionRef
) -> None:
    assert notebook.pending_guidance(ref) == () and notebook.take_guidance(ref) == ()
    assert not (ref.path / GUIDANCE_FILE).exists()  # taking nothing creates nothing
    given = notebook.give_guidance(ref, "Use Postgres — ça va.\nTwo lines.", by="alice")
    assert given == Guidance("Use Postgres — ça va.\nTwo lines.", "alice", NOW.isoformat())
    assert notebook.pending_guidance(ref) == (given,)
    assert notebook.take_guidance(ref) == (given,)
    assert notebook.take_guidance(ref) == ()
    assert notebook.pending_guidance(ref) == ()


def test_lines_a_writer_did_not_finish_or_did_not_write_are_skipped() -> None:
    whole = encode_guidance(Guidance("kept", "a", "t"))
    data = b'{"text": 1}\nnot json\n\xff\xfe\n[1]\n' + whole + b'{"text": "torn'
    assert decode_guidance(data) == (Guidance("kept", "a", "t"),)
    assert decode_guidance(b'{"text": "bare"}') == (Guidance("bare"),)


def test_too_much_waiting_guidance_is_refused_and_nothing_written(
    notebook: FolderNotebook, ref: SessionRef
) -> None:
    big = "x" * (MAX_PENDING_BYTES // 3)
    notebook.give_guidance(ref, big, by="a")
    notebook.give_guidance(ref, big, by="a")
    size = (ref.path / GUIDANCE_FILE).stat().st_size
    with pytest.raises(BadInput, match="nothing was added"):
        notebook.give_guidance(ref, big, by="a")
    assert (ref.path / GUIDANCE_FILE).stat().st_size == size
    assert len(notebook.take_guidance(ref)) == 2
    notebook.give_guidance(ref, big, by="a")  # taken: room again


def test_a_fifo_in_its_place_is_an_error_not_a_hang(
    notebook: FolderNotebook, ref: SessionRef
) -> None:
    os.mkfifo(ref.path / GUIDANCE_FILE)
    for call in (
        lambda: notebook.give_guidance(ref, "x", by="a"),
        lambda: notebook.take_guidance(ref),
        lambda: notebook.pending_guidance(ref),
    ):
        with pytest.raises(SessionFileError, match="not a regular file"):
            call()


def test_a_symlink_in_its_place_is_not_followed(
    notebook: FolderNotebook, ref: SessionRef, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    (ref.path / GUIDANCE_FILE).symlink_to(outside)
    with pytest.raises(SessionFileError):
        notebook.give_guidance(ref, "x", by="a")
    with pytest.raises(SessionFileError):
        notebook.take_guidance(ref)
    assert outside.read_text() == "precious\n"


GIVE_MANY = """
import sys
from pathlib import Path
from samocode.adapters.session_folder import open_folders
from samocode.domain import DEFAULT_WORKFLOW
root, name, writer, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
folders = open_folders(Path(root), DEFAULT_WORKFLOW)
ref = folders.sessions.resolve(name, create=False)
for n in range(count):
    folders.notebook.give_guidance(ref, f"{writer}:{n}", by=f"w{writer}")
"""


def test_guidance_given_by_many_processes_while_taken_is_delivered_exactly_once(
    root: Path, notebook: FolderNotebook, ref: SessionRef
) -> None:
    writers, count = 4, 60
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", GIVE_MANY, str(root), ref.name, str(w), str(count)],
            stdin=subprocess.DEVNULL,
        )
        for w in range(writers)
    ]
    taken: list[str] = []
    while any(proc.poll() is None for proc in procs):
        taken.extend(g.text for g in notebook.take_guidance(ref))
    assert [proc.wait() for proc in procs] == [0] * writers
    taken.extend(g.text for g in notebook.take_guidance(ref))
    assert sorted(taken) == sorted(f"{w}:{n}" for w in range(writers) for n in range(count))
    for w in range(writers):  # each writer's guidance arrives in the order given
        mine = [t for t in taken if t.startswith(f"{w}:")]
        assert mine == [f"{w}:{n}" for n in range(count)]
