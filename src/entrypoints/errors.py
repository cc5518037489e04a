"""Errors of the entry points, and how pydantic's are put into words."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from samocode.application.errors import ApplicationError

if TYPE_CHECKING:
    from pydantic import ValidationError


class ConfigError(ApplicationError):
    """The configuration cannot be loaded; the message names the file and the key."""


def describe_validation_error(
    exc: ValidationError, source_of: Callable[[tuple[str | int, ...]], str]
) -> str:
    lines = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        key = ".".join(str(part) for part in loc) or "(top level)"
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        lines.append(f"{source_of(loc)}: {key}: {message}")
    return "invalid configuration:\n  " + "\n  ".join(lines)
