"""One sync round: push the outbox, then pull the streams. Used by the worker, CLI and tests.

Push comes first so HQ has seen our pending edits before we pull rows they may touch
(ARCHITECTURE §Sync 5). A push that stopped on a transport error skips the pull: HQ is
unreachable or failing, and the next round starts again with the push.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine

from local_db.ids import utcnow
from pos_app.errors import PosError
from sync.client import HqClient
from sync.link import keep_pepper, secret_store, staff_pepper
from sync.puller import Progress, PullResult, pull_all
from sync.pusher import BATCH, PushResult, push_pending


@dataclass
class RoundResult:
    push: PushResult
    pull: PullResult = field(default_factory=PullResult)
    error: PosError | None = None
    finished_at: datetime = field(default_factory=utcnow)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def progressed(self) -> bool:
        """Something got through (a batch answered, a page applied) even if the round then
        failed: the link works, however badly, so the worker retries soon instead of backing
        off (a 30 %-lossy link still drains its queue)."""
        push = self.push
        answered = push.accepted + push.duplicate + push.conflict + push.rejected
        return answered > 0 or any(self.pull.applied.values()) or bool(self.pull.cursors)


def sync_once(
    engine: Engine,
    client: HqClient,
    *,
    pull: bool = True,
    batch_size: int = BATCH,
    on_progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> RoundResult:
    """Push everything pending, then pull every stream; errors are returned, not raised."""
    push = push_pending(engine, client, batch_size=batch_size, cancel=cancel)
    result = RoundResult(push=push, error=push.error)
    if push.error is None and pull:
        try:
            ensure_pepper(engine, client)
            pull_all(engine, client, on_progress=on_progress, cancel=cancel, into=result.pull)
        except PosError as exc:
            result.error = exc
    result.finished_at = utcnow()
    return result


def ensure_pepper(engine: Engine, client: HqClient) -> None:
    """A till paired before HQ handed out PIN peppers asks for its store's once, so the
    staff it pulls next (keyed hashes) can still sign in."""
    ask = getattr(client, "pepper", None)
    if ask is None or secret_store(engine) is None or staff_pepper(engine) is not None:
        return
    try:
        keep_pepper(engine, ask())
    except PosError as exc:
        if exc.code != "hq_refused":  # an older HQ without the endpoint: nothing to keep
            raise
