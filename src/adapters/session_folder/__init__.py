"""The session folder: the one owner of its file names and byte formats (DESIGN §5)."""
