"""A phase agent's markdown file: YAML front matter (name, description) and the body."""

from __future__ import annotations

from dataclasses import dataclass

import yaml


@dataclass(frozen=True, slots=True)
class AgentFile:
    name: str
    description: str
    body: str

    @classmethod
    def parse(cls, name: str, text: str) -> AgentFile:
        """Split `---` front matter from the instructions; a file without it is all body."""
        meta: dict[str, object] = {}
        body = text
        if text.startswith("---"):
            head, sep, rest = text[3:].partition("\n---")
            if sep:
                try:
                    loaded = yaml.safe_load(head)
                except yaml.YAMLError:
                    loaded = None
                if isinstance(loaded, dict):
                    meta = loaded
                    body = rest.partition("\n")[2]
        description = meta.get("description")
        if not isinstance(description, str) or not description.strip():
            description = f"samocode phase agent {name}"
        return cls(name=name, description=description.strip(), body=body.strip())
