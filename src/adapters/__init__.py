"""Adapters: the ports made real (CLIs, files, notifiers, clock) and fakes for tests."""
