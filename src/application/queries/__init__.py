"""Queries: reading where sessions stand, and waiting for them to change."""
