"""`_guidance.jsonl`: a person's guidance waiting for the next iteration, one JSON object a
line (`text`, `by`, `at`). Read tolerantly: a line a writer was killed in the middle of, or
one that is not ours, is skipped rather than failing the iteration that reads it."""

from __future__ import annotations

import json

from samocode.application.ports import Guidance


def encode_guidance(guidance: Guidance) -> bytes:
    return (json.dumps(guidance.as_dict(), ensure_ascii=False) + "\n").encode("utf-8")


def decode_guidance(data: bytes) -> tuple[Guidance, ...]:
    found = []
    for line in data.split(b"\n"):
        try:
            row = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            continue
        by, at = row.get("by"), row.get("at")
        found.append(
            Guidance(
                text=row["text"],
                by=by if isinstance(by, str) else "",
                at=at if isinstance(at, str) else "",
            )
        )
    return tuple(found)
