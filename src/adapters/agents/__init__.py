"""Agent runners: the Claude and Codex CLIs, the scripted agent, the shared process runner."""
