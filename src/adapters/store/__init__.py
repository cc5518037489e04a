"""Session stores: the filesystem (the real one) and memory (for unit tests)."""
