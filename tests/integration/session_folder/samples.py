"""A session folder as the original samocode's agents and orchestrator leave it."""

from __future__ import annotations

from datetime import UTC, datetime

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

ORIGINAL_OVERVIEW = """\
# Session: 26-01-01-auth-refactor
Started: 01-01 09:15
Working Dir: /home/dev/worktrees/26-01-01-auth-refactor

## Task
Refactor the auth module

## Status
Phase: Planning
Iteration: 2
Total Iterations: 7
Blocked: waiting_human
Last Action: Plan written to 01-01-10:02-plan.md
Next: Wait for approval

## Flow Log
- [001 @ 01-01 09:16] Session initialized
- [002 @ 01-01 09:30] Phase transition: init -> investigation

## Files
(none yet)
"""

# Rows of the original at db1f044 (no `v`: `phase` is the phase the agent asked for next),
# rows of a later original (`v: 2`, `source_phase`: the phase that ran), an escalation row
# that is not an iteration, a blank line and a line that is not JSON.
ORIGINAL_HISTORY = "\n".join(
    [
        '{"timestamp": "2026-01-01 09:16:00", "iteration": 1, "phase": "investigation", '
        '"status": "continue", "summary": null, "reason": null, "needs": null, "for": null}',
        '{"timestamp": "2026-01-01 09:30:00", "iteration": 2, "phase": "Investigation", '
        '"status": "continue", "summary": "dug", "reason": null, "needs": null, "for": null}',
        '{"timestamp": "2026-01-01 09:40:00", "iteration": 3, "phase": "requirements", '
        '"status": "continue", "summary": null, "reason": null, "needs": null, "for": null}',
        "",
        "not json at all",
        '{"v": 2, "timestamp": "2026-01-01 09:50:00", "iteration": 1, '
        '"source_phase": "requirements", "target_phase": "planning", "status": "continue", '
        '"accepted": true, "validation_error": null, "rejection_reason": null, '
        '"outcome_kind": "accepted_transition", "mutated": true, "summary": null, '
        '"reason": null, "needs": null, "for": null}',
        '{"v": 2, "timestamp": "2026-01-01 10:00:00", "iteration": 2, '
        '"source_phase": "planning", "target_phase": "planning", "status": "continue", '
        '"accepted": true, "outcome_kind": "accepted_no_change", "mutated": false}',
        '{"v": 2, "timestamp": "2026-01-01 10:01:00", "iteration": 3, '
        '"source_phase": "planning", "status": "escalation", '
        '"escalated_from_profile": "standard", "escalated_to_profile": "strong"}',
        '{"v": 2, "timestamp": "2026-01-01 10:02:00", "iteration": 3, '
        '"source_phase": "planning", "target_phase": "planning", "status": "waiting", '
        '"accepted": true, "outcome_kind": "accepted_no_change", "mutated": false, '
        '"for": "plan_approval"}',
        "",
    ]
)

WAITING_SIGNAL = (
    '{"status": "waiting", "phase": "planning", "for": "plan_approval", "summary": "plan ready"}'
)
