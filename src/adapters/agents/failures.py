"""Failures that no retry can mend, told apart by the CLIs' own words.

Seen from the real CLIs (Claude Code 2.1.197 / 2.1.332, codex 0.169.0) against the fakes:
- Claude, 401: "Failed to authenticate. API Error: 401 <the server's message>", "Invalid API
  key · Fix external API key", "Not logged in · Please run /login" (`api_error_status` 401).
- Claude, unknown model: "There's an issue with the selected model (NAME). It may not exist
  or you may not have access to it. Run --model to pick a different model." (status 404).
- Codex, 401: "unexpected status 401 Unauthorized: <the server's message>, url: ...".
- Codex, unknown model: the server's own words, "The model `NAME` does not exist or you do
  not have access to it."
- Claude at its spending cap (`--max-budget-usd`): result subtype `error_max_budget_usd`,
  "Reached maximum budget ($0.001)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from samocode.adapters.agents.stream_summary import StreamSummary
from samocode.domain import Needs

_AUTH = re.compile(
    r"failed to authenticate|invalid api key|incorrect api key|not logged in|please run /login"
    r"|authentication_failed|authentication_error|invalid_api_key|invalid bearer token"
    r"|oauth token has (?:expired|been revoked)|\b401 unauthorized|api error: 401",
    re.IGNORECASE,
)
_UNKNOWN_MODEL = re.compile(
    r"issue with the selected model|model `[^`]*` does not exist|model_not_found"
    r"|model .{0,80} does not exist or you do not have access",
    re.IGNORECASE,
)
_LOGIN = {
    "claude": "log in with `claude /login`, or set ANTHROPIC_API_KEY (or "
    "CLAUDE_CODE_OAUTH_TOKEN) in samocode's environment",
    "codex": "log in with `codex login`, or set OPENAI_API_KEY in samocode's environment",
}


@dataclass(frozen=True, slots=True)
class Hopeless:
    """A failure to hand to a person: who must act, and how."""

    needs: str
    hint: str
    what: str  # a short name for the kind: "authentication", "unknown model", "budget"


def classify(
    name: str, stream: StreamSummary, stderr: str, *, budget: float | None
) -> Hopeless | None:
    """The kind of failure no retry mends, or None when another attempt may do better.

    A usage limit is never hopeless (it is waited out), whatever else its words say.
    """
    if stream.rate_limited:
        return None
    if stream.budget_cut:
        left = f" (${budget:.4f})" if budget is not None else ""
        hint = f"what was left of limits.max_cost_usd{left} is spent; raise it to go on"
        return Hopeless(Needs.HUMAN_DECISION, hint, "budget")
    words = f"{stream.error}\n{stderr}"
    if stream.api_status == 401 or _AUTH.search(words):
        login = _LOGIN.get(name, f"log {name} in, or give it an API key")
        return Hopeless(Needs.ENVIRONMENT, login, "authentication")
    if _UNKNOWN_MODEL.search(words):
        hint = (
            f"pick a model {name} knows: providers.{name}.model, or the {name} model of the "
            f"phase's profile (profiles.<profile>.{name}.model) in samocode.yaml"
        )
        return Hopeless(Needs.ENVIRONMENT, hint, "unknown model")
    return None
