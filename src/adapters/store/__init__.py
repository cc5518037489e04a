"""Session stores: the filesystem (the real one) and memory (for unit tests)."""

from samocode.adapters.store.errors import OverviewTooLarge, StoreError
from samocode.adapters.store.filesystem import FilesystemSessionStore
from samocode.adapters.store.memory import MemorySessionStore

__all__ = ["FilesystemSessionStore", "MemorySessionStore", "OverviewTooLarge", "StoreError"]
