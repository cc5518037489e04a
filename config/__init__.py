"""Packaged configuration: default settings and the default workflow."""
