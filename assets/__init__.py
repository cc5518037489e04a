"""Packaged assets: the iteration protocol, phase agents, skills and commands."""
