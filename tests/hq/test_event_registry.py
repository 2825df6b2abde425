"""HQ applies every event type of the contract's registry, and only those."""

from __future__ import annotations

from hq.apply_events import APPLY
from sync.contract.envelope import EventIn
from sync.contract.events import EVENTS


def test_hq_has_one_apply_function_per_registered_event_type():
    assert set(APPLY) == set(EVENTS.values())
    assert EventIn.model_json_schema()["properties"]["type"]["enum"] == list(EVENTS)
