"""HQ's campaigns this till prices with: read from the till's `promotion_campaign` table,
parsed once, kept until a pull changes them.

Parsing every campaign on every scan would cost the cashier time (200 rules, a scan must
stay under 30 ms), so the parsed rules are cached and dropped when a commit announces a
`promotions` change (`ChangeBus`, after the sync worker's commit, on its thread); the next
price reloads them. Windows are not judged here: the engine reads each rule's window against
the store-local time in the context, so a campaign past its end stops offline too.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import Engine

from local_db.promotions import campaign_names, rules_document
from local_db.uow import read_session
from pos_app.domain.pricing import Rule
from pos_app.domain.promotions import rules_from_data
from pos_app.errors import PosError
from pos_app.services.changes import ChangeBus, Changes

log = logging.getLogger(__name__)


class CampaignRules:
    """The active campaigns' rules for one store, cached between `promotions` changes."""

    def __init__(self, engine: Engine, store_id: str | None) -> None:
        self._engine = engine
        self._store_id = store_id
        self._lock = threading.Lock()
        self._rules: tuple[Rule, ...] | None = None
        self._generation = 0  # bumped by every change notice: a reload racing one is redone
        self._unsubscribe: Callable[[], None] | None = None

    def watch(self, bus: ChangeBus) -> None:
        """Drop the cache whenever a commit changes the till's campaigns."""
        self._unsubscribe = bus.subscribe({"promotions"}, self.changed)

    def changed(self, _changes: Changes | None = None) -> None:
        with self._lock:
            self._rules = None
            self._generation += 1

    def rules(self) -> tuple[Rule, ...]:
        """The parsed rules (loaded on first use and after each change)."""
        with self._lock:
            if self._rules is not None:
                return self._rules
            generation = self._generation
        rules = self._load()
        with self._lock:
            if generation == self._generation:
                self._rules = rules
        return rules

    def names(self) -> dict[str, str]:
        """Every campaign the till has held: id → name (ended ones too)."""
        with read_session(self._engine) as session:
            return campaign_names(session)

    def _load(self) -> tuple[Rule, ...]:
        with read_session(self._engine) as session:
            document = rules_document(session, self._store_id)
        try:
            return tuple(rules_from_data(document))
        except PosError as exc:  # the stream refuses such rows; a damaged table must not
            log.error("campaigns unreadable, priced without them code=%s", exc.code)
            return ()  # stop the till from selling: list prices until the next pull
