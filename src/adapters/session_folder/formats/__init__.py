"""Pure text and byte formats of the session folder's files: no I/O here."""
