"""In-process stand-ins for HqClient, for bookkeeping tests that need exact control.

The real-HQ tests (test_with_hq.py) cover the wire; these cover what the pusher and puller
write locally for every answer HQ can give.
"""

from __future__ import annotations

from collections.abc import Callable

from pos_app.errors import PosError
from sync.contract.envelope import ChangesPage, EventIn, EventResult, PushResponse

Decide = Callable[[EventIn], tuple[str, str]]


class FakeHq:
    def __init__(self, decide: Decide | None = None) -> None:
        self.decide = decide or (lambda _e: ("accepted", ""))
        self.received: dict[str, EventIn] = {}
        self.batches: list[tuple[list[str], str]] = []
        self.fail_next: list[PosError] = []
        self.refuse_if: Callable[[list[EventIn]], bool] = lambda _b: False
        self.pages: dict[str, list[ChangesPage]] = {}
        self.asked: list[tuple[str, int]] = []
        self.base_url = "http://fake"

    def push(self, events: list[EventIn], idempotency_key: str) -> PushResponse:
        self.batches.append(([e.event_id for e in events], idempotency_key))
        if self.fail_next:
            raise self.fail_next.pop(0)
        if self.refuse_if(events):
            raise PosError("hq_refused", status=422, detail="bad batch")
        results = []
        for event in events:
            if event.event_id in self.received:
                results.append(EventResult(event_id=event.event_id, status="duplicate"))
                continue
            status, reason = self.decide(event)
            if status in ("accepted",):
                self.received[event.event_id] = event
            results.append(EventResult(event_id=event.event_id, status=status, reason=reason))
        return PushResponse(results=results)

    def changes(self, stream: str, cursor: int, limit: int) -> ChangesPage:
        self.asked.append((stream, cursor))
        if self.fail_next:
            raise self.fail_next.pop(0)
        queue = self.pages.get(stream, [])
        if queue:
            return queue.pop(0)
        return ChangesPage(stream=stream, changes=[], next_cursor=cursor, has_more=False)

    def close(self) -> None:
        pass

    def __enter__(self) -> FakeHq:
        return self

    def __exit__(self, *_exc: object) -> None:
        pass
