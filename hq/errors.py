"""Errors shared by HQ's apply modules."""


class ConflictError(Exception):
    """The event is well formed but clashes with what HQ already holds."""
