"""`_qa.md`, the requirements Q&A: read only when it is plausibly a text file."""

from __future__ import annotations

import hashlib
from pathlib import Path

from samocode.adapters.store.errors import StoreError

MAX_QA_BYTES = 1024 * 1024


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def qa_text(data: bytes, path: Path) -> str:
    """The Q&A text from bytes read with a limit of `MAX_QA_BYTES + 1`."""
    if len(data) > MAX_QA_BYTES:
        raise StoreError(path, f"is larger than {MAX_QA_BYTES} bytes; refusing to read it")
    if b"\0" in data:
        raise StoreError(path, "contains NUL bytes; it is not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StoreError(path, f"is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def answers_bytes(text: str, path: Path) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise StoreError(path, "the answers are not valid Unicode text") from None
