"""What changed in the store, announced after each commit: sync wakes, screens redraw."""

from pos_app.services.changes.bus import Change, ChangeBus, Changes

__all__ = ["Change", "ChangeBus", "Changes"]
