"""The scripted agent's script: what it does in each iteration of each phase.

```yaml
phases:
  requirements:                 # the n-th iteration of a phase plays step n;
    - output: ["Asking two questions"]   # the last step repeats when there are more
      tools: [{name: Write, input: {file_path: _qa.md}}]
      files: {_qa.md: "# Q&A ..."}       # relative to the session folder
      append: {_overview.md: "- $stamp Asked questions\\n"}
      signal: {status: waiting, phase: requirements, for: qa_answers}
      delay: 0.1                         # seconds between events
      usage: {input_tokens: 1200, output_tokens: 300, cost_usd: 0.01}
```

Other step keys: `last_action` and `next` (rewrite those Status lines of `_overview.md`,
as an agent does), `signal_raw` (the signal file's exact text, e.g. broken JSON),
`exit_code`, `stderr` (lines). Text in `output`, `files` and `append` may use $phase, $iteration,
$iteration3 (zero-padded), $phase_iteration, $session, $stamp (the Flow Log stamp the loop
gives the iteration) and $timestamp (its MM-DD HH:MM).
"""

from __future__ import annotations

from importlib.resources import files as package_files
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic import model_validator as after_fields


class ScriptError(ValueError):
    """The script cannot be used; the message names the file and the key."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ToolCall(_Model):
    name: Annotated[str, Field(min_length=1)]
    input: dict[str, Any] = {}


class ScriptSignal(_Model):
    status: Literal["continue", "done", "blocked", "waiting"]
    phase: str | None = None
    summary: str | None = None
    reason: str | None = None
    needs: str | None = None
    for_: Annotated[str | None, Field(alias="for")] = None

    def as_json(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump(by_alias=True).items() if v is not None}


class ScriptUsage(_Model):
    input_tokens: Annotated[int, Field(ge=0)] = 0
    output_tokens: Annotated[int, Field(ge=0)] = 0
    cost_usd: Annotated[float | None, Field(ge=0)] = None


class Step(_Model):
    output: list[str] = []
    tools: list[ToolCall] = []
    files: dict[str, str] = {}
    append: dict[str, str] = {}
    last_action: str | None = None
    next: str | None = None
    signal: ScriptSignal | None = None
    signal_raw: str | None = None
    exit_code: Annotated[int, Field(ge=0, le=255)] = 0
    delay: Annotated[float, Field(ge=0, le=60)] = 0.0
    usage: ScriptUsage = ScriptUsage()
    stderr: list[str] = []

    @field_validator("files", "append")
    @classmethod
    def _inside_the_session(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value:
            path = PurePosixPath(name)
            if not name or path.is_absolute() or ".." in path.parts:
                raise ValueError(f"{name!r} must be a relative path inside the session folder")
        return value

    @after_fields(mode="after")
    def _one_signal(self) -> Step:
        if self.signal is not None and self.signal_raw is not None:
            raise ValueError("give either `signal` or `signal_raw`, not both")
        return self


class Script(_Model):
    phases: Annotated[dict[str, list[Step]], Field(min_length=1)]

    @field_validator("phases")
    @classmethod
    def _steps_given(cls, value: dict[str, list[Step]]) -> dict[str, list[Step]]:
        for phase, steps in value.items():
            if not steps:
                raise ValueError(f"phase {phase!r} has no steps")
        return value

    def step_for(self, phase: str, phase_iteration: int) -> Step | None:
        """The step for the n-th iteration of `phase` (the last one repeats); None if unscripted."""
        steps = self.phases.get(phase)
        if not steps:
            return None
        return steps[min(max(phase_iteration, 1), len(steps)) - 1]

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "<script>") -> Script:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ScriptError(f"{source}: not valid YAML: {exc}") from None
        if not isinstance(data, dict):
            raise ScriptError(f"{source}: expected a mapping with a `phases` key")
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{_location(error['loc'])}: {error['msg']}" for error in exc.errors()
            )
            raise ScriptError(f"{source}: {problems}") from None

    @classmethod
    def load(cls, path: Path) -> Script:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ScriptError(f"cannot read the script {path}: {exc.strerror or exc}") from None
        return cls.from_yaml(text, source=str(path))

    @classmethod
    def default(cls) -> Script:
        """The packaged demo script (assets/demo-script.yaml)."""
        resource = package_files("samocode.assets") / "demo-script.yaml"
        return cls.from_yaml(resource.read_text(encoding="utf-8"), source="demo-script.yaml")

    @classmethod
    def load_or_default(cls, path: Path | str | None) -> Script:
        return cls.default() if path is None else cls.load(Path(path))


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top)"
