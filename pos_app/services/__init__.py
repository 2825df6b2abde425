"""Use cases the UI and CLI call. They own transactions; they import no Qt."""
