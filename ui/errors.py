"""Turning any exception into words for the user, without losing the sale on screen."""

from __future__ import annotations

import logging
import uuid

from pos_app.errors import PosError

log = logging.getLogger(__name__)


def user_message(exc: BaseException) -> str:
    """PosError says what happened; anything else is logged with a reference to quote."""
    if isinstance(exc, PosError):
        return exc.message()
    ref = uuid.uuid4().hex[:8]
    log.error("unexpected error ref=%s", ref, exc_info=exc)
    return PosError("internal", ref=ref).message()
