"""A HOME as the original samocode's install.sh leaves it, for the migration tests: a checkout
with the original's layout and file names (the texts are stand-ins), and install.sh's links."""

from __future__ import annotations

import os
from pathlib import Path

AGENTS = ("init-agent", "investigation-agent", "planning-agent", "done-agent", "AGENT_TEMPLATE")
COMMANDS = ("dive", "task", "do", "do2", "session-sync")
SKILLS = ("samocode-run", "session-management", "planning")


def stand_in_checkout(folder: Path) -> None:
    """The original's layout: main.py, worker/, workflow.md, agents/, commands/, skills/."""
    (folder / "worker").mkdir(parents=True)
    (folder / "worker" / "__init__.py").write_text("")
    (folder / "main.py").write_text("print('the original worker')\n")
    (folder / "workflow.md").write_text("# stand-in workflow\n")
    for name in AGENTS:
        path = folder / "agents" / f"{name}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\nname: {name}\ndescription: stand-in\n---\nold {name}\n")
    for name in COMMANDS:
        path = folder / "commands" / f"{name}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\ndescription: stand-in\n---\nold /{name}\n")
    for name in SKILLS:
        path = folder / "skills" / name / "SKILL.md"
        path.parent.mkdir(parents=True)
        body = "cd ~/samocode && python main.py --config X --session Y"
        body = body if name == "samocode-run" else "old"
        path.write_text(f"---\nname: {name}\ndescription: stand-in\n---\n{body}\n")


def install_sh(checkout: Path, home: Path) -> list[Path]:
    """What the original's install.sh does: `ln -s` each skills/<name>/ folder, each
    agents/*.md and each commands/*.md into ~/.claude (absolute targets)."""
    claude = home / ".claude"
    links = []
    for folder in ("skills", "agents", "commands"):
        (claude / folder).mkdir(parents=True, exist_ok=True)
        for source in sorted((checkout / folder).iterdir()):
            if folder == "skills" and not source.is_dir():
                continue
            if folder != "skills" and source.suffix != ".md":
                continue
            target = claude / folder / source.name
            os.symlink(f"{source}/" if folder == "skills" else source, target)
            links.append(target)
    return links
