"""Names the engine agrees on across machines: workflow ids, task queues, activity names."""

from __future__ import annotations

import re

WORKFLOW_TYPE = "SamocodeSession"
WORKFLOW_QUEUE = "samocode-sessions"  # shared by every worker: workflow code needs no host
PREFIX = "samocode"

ITERATION = "samocode.iteration"
DECIDE = "samocode.decide"
SETTLE = "samocode.settle"
ANNOUNCE = "samocode.announce"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def workflow_id(host_queue: str, session: str) -> str:
    """`samocode/<host-queue>/<session folder name>`: one run per session, cluster-wide."""
    return f"{PREFIX}/{host_queue}/{session}"


def parse_workflow_id(value: str) -> tuple[str, str] | None:
    """(host queue, session folder name) of one of our workflow ids, else None."""
    prefix, sep, rest = value.partition("/")
    host_queue, sep2, session = rest.partition("/")
    if prefix != PREFIX or not sep or not sep2 or not host_queue or not session:
        return None
    return host_queue, session


def default_host_queue(hostname: str, project: str) -> str:
    """This machine and project: `<host>-<project folder>`, for one worker per pair."""
    host = _UNSAFE.sub("-", hostname.split(".")[0]).strip("-") or "host"
    name = _UNSAFE.sub("-", project).strip("-") or "project"
    return f"{host}-{name}"
