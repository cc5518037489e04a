"""The loop: one session's iterations, each an agent run whose signal is judged and recorded."""
