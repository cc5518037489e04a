"""Session names and how a name finds its folder (DESIGN §5).

A name finds exactly the folder `NAME`, else the newest `YY-MM-DD-NAME` (the date prefix
exactly: `login` never finds `26-11-26-user-login`), else a new `YY-MM-DD-NAME` is made.
A new name must be plain and a valid git branch name, since the agent is told to work on a
branch named after it.
"""

from __future__ import annotations

import re
from datetime import datetime

from samocode.application.errors import InvalidSessionName

MAX_NAME_BYTES = 200  # leaves room for the date prefix within a 255-byte file name
DATED = re.compile(r"^\d{2}-\d{2}-\d{2}-(?P<name>.+)$")
_NOT_IN_BRANCH = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]")


def check_name(name: str) -> str:
    """The name itself if it is a plain folder name; raises InvalidSessionName otherwise."""
    problem = _name_problem(name)
    if problem:
        raise InvalidSessionName(f"invalid session name {name!r}: {problem}")
    return name


def check_new_name(name: str) -> str:
    """A name for a new session: plain, and usable as a git branch name."""
    check_name(name)
    problem = branch_problem(name)
    if problem:
        raise InvalidSessionName(
            f"invalid session name {name!r}: {problem}, so it cannot name the session's git "
            "branch; use letters, digits, '-', '_' or '.' (e.g. 'add-login')"
        )
    return name


def _name_problem(name: str) -> str:
    if not name:
        return "it is empty"
    if "/" in name or "\\" in name:
        return "it must not contain '/' or '\\'"
    if ".." in name:
        return "it must not contain '..'"
    if name.startswith("."):
        return "it must not start with '.'"
    if "\0" in name:
        return "it must not contain a NUL character"
    if any(not ch.isprintable() for ch in name):
        return "it must not contain control or unprintable characters"
    if name != name.strip():
        return "it must not begin or end with whitespace"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"it is longer than {MAX_NAME_BYTES} bytes"
    return ""


def branch_problem(name: str) -> str:
    """Why `name` is not a valid git branch name (git check-ref-format), or ""."""
    bad = _NOT_IN_BRANCH.search(name)
    if bad:
        shown = "a space" if bad.group() == " " else repr(bad.group())
        return f"it contains {shown}"
    if name.startswith("-"):
        return "it starts with '-'"
    if name.endswith((".", ".lock")):
        return "it ends with '.' or '.lock'"
    if "@{" in name:
        return "it contains '@{'"
    if name == "HEAD":
        return "git keeps 'HEAD' for itself"
    return ""


def dated_name(name: str, now: datetime) -> str:
    return f"{now:%y-%m-%d}-{name}"


def matches(folder: str, name: str) -> bool:
    """`folder` is the session `name`: exactly, or `YY-MM-DD-name`."""
    if folder == name:
        return True
    dated = DATED.match(folder)
    return dated is not None and dated.group("name") == name
