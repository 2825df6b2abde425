"""A small in-process bus of change notices, fed by the unit of work after each commit.

Listeners run on the committing thread (a sync worker's writes commit on its own thread),
so a UI listener hops to the GUI thread itself (ui/changes_bridge.py). No Qt here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

from sqlalchemy import Engine

from local_db.uow import Change, on_commit

log = logging.getLogger(__name__)

Changes = frozenset[str]  # the kinds one commit changed, e.g. {"sales", "outbox"}
Listener = Callable[[Changes], None]

__all__ = ["Change", "ChangeBus", "Changes", "Listener"]


class ChangeBus:
    """Subscribe to kinds of change; each commit calls a listener at most once."""

    def __init__(self, engine: Engine | None = None) -> None:
        self._listeners: list[tuple[frozenset[str] | None, Listener]] = []
        self._lock = threading.Lock()
        self._detach: Callable[[], None] | None = None
        if engine is not None:
            self._detach = on_commit(engine, self.publish)

    def subscribe(self, kinds: Iterable[Change] | None, listener: Listener) -> Callable[[], None]:
        """`listener(changes)` after every commit touching one of `kinds` (None: any).

        Returns the function that unsubscribes.
        """
        entry = (frozenset(kinds) if kinds is not None else None, listener)
        with self._lock:
            self._listeners.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._listeners:
                    self._listeners.remove(entry)

        return unsubscribe

    def publish(self, changes: Changes) -> None:
        """Deliver one commit's notices; a failing listener is logged and the others still run."""
        with self._lock:
            listeners = list(self._listeners)
        for kinds, listener in listeners:
            if kinds is not None and not (kinds & changes):
                continue
            try:
                listener(changes)
            except Exception:  # the commit stands; one listener's bug must not starve the rest
                log.exception("change listener failed changes=%s", sorted(changes))

    def close(self) -> None:
        """Stop listening to the database (a till that shuts down)."""
        if self._detach is not None:
            self._detach()
            self._detach = None
