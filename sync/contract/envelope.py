"""The envelopes: a push of events (terminal → HQ), its per-event answers, a page of changes
(HQ → terminal) and an error body. What travels inside them is in the events and streams
modules of this package."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from sync.contract.events import EventType
from sync.contract.fields import Strict

API_PREFIX = "/v1"
MAX_BATCH = 500
MAX_PAGE = 2000


class EventIn(Strict):
    event_id: str = Field(min_length=8, max_length=64)  # outbox_event.id, HQ dedupes on it
    seq: int = Field(ge=1)  # the terminal's push order
    type: EventType
    entity_id: str = Field(min_length=1, max_length=64)
    created_at: str = Field(min_length=10, max_length=40)
    payload: dict[str, Any]  # checked per event: sync.contract.events.parse_payload


class PushRequest(Strict):
    events: list[EventIn] = Field(min_length=1, max_length=MAX_BATCH)


EventStatus = Literal["accepted", "duplicate", "conflict", "rejected"]


class EventResult(Strict):
    event_id: str
    status: EventStatus
    reason: str = ""


class PushResponse(Strict):
    results: list[EventResult]


class Change(Strict):
    key: str  # the row's id in the stream (product id, staff id)
    op: Literal["upsert", "delete"]  # delete = tombstone
    data: dict[str, Any] | None = None  # checked per stream: sync.contract.streams


class ChangesPage(Strict):
    stream: str
    changes: list[Change]
    next_cursor: int
    has_more: bool
    resync_required: bool = False


class ErrorBody(Strict):
    detail: Any
