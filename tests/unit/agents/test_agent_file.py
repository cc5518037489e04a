"""Phase agent files: front matter and body."""

from __future__ import annotations

from samocode.adapters.agents.agent_file import AgentFile


def test_front_matter_gives_the_description_and_is_left_out_of_the_body() -> None:
    text = "---\nname: planning-agent\ndescription: Writes the plan.\n---\n# Planning\nDo it.\n"
    agent = AgentFile.parse("planning-agent", text)
    assert agent.description == "Writes the plan."
    assert agent.body == "# Planning\nDo it."


def test_a_file_without_front_matter_is_all_body() -> None:
    agent = AgentFile.parse("x-agent", "# Just text\n")
    assert agent.body == "# Just text" and "x-agent" in agent.description


def test_broken_front_matter_is_kept_as_text() -> None:
    agent = AgentFile.parse("x-agent", "---\n: : [\n---\nbody")
    assert "body" in agent.body
