"""What the fake models say: scripted turns shared by the Anthropic and OpenAI fakes.

A script is a queue of turns. Each request of the agent's main conversation takes the next
turn: a tool call (the CLI runs it and sends the result back in its next request) or a final
reply (the CLI ends its run). One CLI run that executes one command therefore takes two turns:
``[Shell(cmd), Reply("Done.")]`` — see ``iteration()``.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Shell:
    """Run a shell command with the CLI's own shell tool (claude: ``Bash``; codex:
    ``exec_command``). The command runs with the CLI's environment, so ``"$VAR"`` expands."""

    command: str
    description: str = "Run a command"


@dataclass(frozen=True, slots=True)
class ToolCall:
    """Call any tool by name with the given input (e.g. claude's ``Write``)."""

    name: str
    input: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reply:
    """Final assistant text; ends the CLI's turn (``end_turn`` / a codex message)."""

    text: str = "Done."


@dataclass(frozen=True, slots=True)
class Failure:
    """An HTTP error instead of a model turn: a 401, a 404 for an unknown model, a 429.

    Never remembered for an exact retry, so a request repeated after a usage limit's reset
    gets the next turn."""

    status: int
    body: Mapping[str, Any]
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Hang:
    """Answer nothing: the model "thinks" until the fake stops (or ``seconds`` pass), then
    the connection closes without a reply. The CLI meanwhile waits and prints nothing: a
    stall, a timeout, or an iteration to stop or kill in the middle."""

    seconds: float = 300.0


Turn = Shell | ToolCall | Reply | Failure | Hang


@dataclass(frozen=True, slots=True)
class Usage:
    """Token counts the fakes report for every main answer."""

    input_tokens: int = 100
    output_tokens: int = 20
    cached_input_tokens: int = 0


DEFAULT_USAGE = Usage()


def write_json_command(
    payload: Mapping[str, Any], *, path_var: str = "SAMOCODE_SIGNAL_FILE"
) -> str:
    """A POSIX shell command writing ``payload`` as JSON to the file named by ``$path_var``.

    The path is expanded by the agent's shell, so the fake never needs to know it."""
    text = json.dumps(dict(payload), separators=(",", ":"))
    return f'printf %s {shlex.quote(text)} > "${path_var}"'


def iteration(
    command: str, *, reply: str = "Done.", description: str = "Run a command"
) -> tuple[Turn, Turn]:
    """The two turns of one CLI run that executes ``command`` and then stops."""
    return (Shell(command, description), Reply(reply))


def signal_iteration(
    payload: Mapping[str, Any], *, path_var: str = "SAMOCODE_SIGNAL_FILE", reply: str = "Done."
) -> tuple[Turn, Turn]:
    """One CLI run that writes ``payload`` to ``$path_var`` (a samocode signal) and stops."""
    return iteration(
        write_json_command(payload, path_var=path_var),
        reply=reply,
        description="Write the samocode signal",
    )


Responder = Callable[[dict[str, Any]], Turn | None]


class TurnQueue:
    """The script of one fake server, safe to use from its request threads.

    ``next_for(body)`` answers one main request: ``responder(body)`` if it gives a turn, else
    the next queued turn, else ``Reply(exhausted_reply)`` (counted in ``exhausted``) so a run
    never hangs on a script that is too short. An exact retry of a request body gets the
    turn it got before instead of consuming another, unless that turn was a ``Failure``.
    """

    def __init__(
        self,
        turns: Iterable[Turn] = (),
        *,
        responder: Responder | None = None,
        exhausted_reply: str = "Done.",
    ) -> None:
        self.exhausted = 0
        self._turns: deque[Turn] = deque(turns)
        self._responder = responder
        self._exhausted_reply = exhausted_reply
        self._answered: dict[str, Turn] = {}
        self._lock = threading.Lock()

    def push(self, *turns: Turn) -> None:
        with self._lock:
            self._turns.extend(turns)

    def __len__(self) -> int:
        return len(self._turns)

    def next_for(self, body: dict[str, Any]) -> Turn:
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        with self._lock:
            if digest in self._answered:
                return self._answered[digest]
            turn = self._responder(body) if self._responder else None
            if turn is None and self._turns:
                turn = self._turns.popleft()
            if turn is None:
                self.exhausted += 1
                turn = Reply(self._exhausted_reply)
            if not isinstance(turn, Failure):
                self._answered[digest] = turn
            return turn
