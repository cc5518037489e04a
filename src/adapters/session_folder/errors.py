"""The folder's own error: a session file that cannot be read or written as it should.

It is the application's `SessionFileError` (so `list` can show a broken session and go on),
under the name the folder's modules use.
"""

from __future__ import annotations

from samocode.application.errors import SessionFileError

StoreError = SessionFileError


class OverviewTooLarge(SessionFileError):
    """The notebook is larger than the loop will hold in memory to rewrite its Status lines."""
