"""What an answer line holds while nobody has answered: `_waiting_`, `TBD`, `<answer>`..."""

from __future__ import annotations

_WORDS = frozenset(
    {
        "waiting",
        "awaiting",
        "pending",
        "tbd",
        "tba",
        "todo",
        "to do",
        "to be decided",
        "to be determined",
        "waiting for answer",
        "waiting for an answer",
        "waiting for input",
        "waiting for response",
        "awaiting answer",
        "awaiting response",
        "answer pending",
        "unanswered",
        "not answered",
        "not answered yet",
        "no answer",
        "no answer yet",
        "answer",
        "your answer",
        "answer here",
        "your answer here",
        "fill in",
        "fill me in",
    }
)
_LONGEST = 2 * max(map(len, _WORDS))  # a longer text is no placeholder, however spaced
_MARKUP = " \t*_`~"
_PUNCTUATION = "?.-_*…—–~=" + _MARKUP


def is_placeholder(value: str) -> bool:
    """Whether `value` says "not answered yet" rather than answering. Case-insensitive;
    emphasis, code marks and parentheses around it do not matter; a bracketed template
    (`<answer>`, `[your answer]`, `{choice}`, `<!-- -->`) is a placeholder whatever it says."""
    text = value.strip().strip(_MARKUP)
    for _ in range(3):  # bounded: `((((x))))` must not cost a copy per level
        if len(text) >= 2 and text[0] + text[-1] in ("[]", "<>", "{}"):
            return True
        if len(text) < 2 or text[0] + text[-1] != "()":
            break
        text = text[1:-1].strip().strip(_MARKUP)
    text = text.rstrip(".:!").strip(_MARKUP).lower()
    if not text.strip(_PUNCTUATION):
        return True
    return len(text) <= _LONGEST and " ".join(text.split()) in _WORDS
