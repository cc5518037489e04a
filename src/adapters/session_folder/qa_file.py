"""The questions file (`_qa.md`) on disk: read only when it is plausibly a text file, never
raising while a worker waits on it; written only when the result can be read back."""

from __future__ import annotations

import os
from pathlib import Path

from samocode.adapters.session_folder.atomic import atomic_write, open_regular, read_bounded
from samocode.adapters.session_folder.errors import StoreError
from samocode.application.errors import BadInput
from samocode.domain import QaSheet

MAX_QA_BYTES = 1024 * 1024


def read_qa(path: Path) -> tuple[str | None, QaSheet]:
    """The file's text (None when it cannot be read as text) and its sheet; a file that is
    missing, too large, binary or not UTF-8 is a sheet with a `problem` saying so."""
    try:
        data = read_bounded(path, MAX_QA_BYTES + 1)
    except StoreError as exc:
        return None, QaSheet(problem=f"{path.name} {exc.problem}")
    if data is None:
        return None, QaSheet(problem=f"there is no {path.name}")
    problem = text_problem(data)
    if problem:
        return None, QaSheet(has_text=True, problem=f"{path.name} {problem}")
    from samocode.adapters.session_folder.formats.qa import read_sheet  # only when asked

    text = data.decode("utf-8")
    return text, read_sheet(text)


def text_problem(data: bytes) -> str:
    """Why `data` cannot be a questions file, or ""."""
    if len(data) > MAX_QA_BYTES:
        return f"is larger than {MAX_QA_BYTES // 1024} KiB"
    if b"\0" in data:
        return "contains NUL bytes: it is not a text file"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"is not UTF-8 text ({exc.reason} at byte {exc.start})"
    return ""


def write_qa(path: Path, text: str) -> None:
    """Replace the file with `text`; BadInput (nothing written) when it could not be read
    back: not encodable, too large, or holding NUL characters."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput("the answers are not valid Unicode text; nothing was written") from None
    problem = text_problem(data)
    if problem:
        raise BadInput(f"the answers {problem}; nothing was written to {path}")
    atomic_write(path, data)


def digest(path: Path) -> str | None:
    """A digest of the file; None when it is missing or not a regular file (a FIFO never
    hangs the loop)."""
    try:
        fd = open_regular(path)
    except StoreError:
        return None
    if fd is None:
        return None
    import hashlib  # only for a file that is there

    with os.fdopen(fd, "rb") as handle:
        try:
            return hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as exc:
            raise StoreError(path, f"cannot read: {exc.strerror or exc}") from exc
