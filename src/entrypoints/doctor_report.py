"""What one doctor check found: a level, a name, a message and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["PASS", "WARN", "FAIL", "INFO"]


@dataclass(frozen=True, slots=True)
class Check:
    level: Level
    name: str
    message: str
    fix: str = ""
