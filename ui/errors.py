"""Turning any exception into words for the user, without losing the sale on screen.

One path for every screen and dialog: `shown_errors(show)` catches what a user action
raised and hands `show` (a message bar's `error`, a label's `setText`) the words for it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from types import TracebackType

from pos_app.errors import PosError

log = logging.getLogger(__name__)


def user_message(exc: BaseException) -> str:
    """PosError says what happened; anything else is logged with a reference to quote."""
    if isinstance(exc, PosError):
        return exc.message()
    ref = uuid.uuid4().hex[:8]
    log.error("unexpected error ref=%s", ref, exc_info=exc)
    return PosError("internal", ref=ref).message()


class shown_errors:  # noqa: N801 - read as a phrase: `with shown_errors(bar.error) as failed:`
    """Show what went wrong in a user action instead of letting it escape to Qt.

    A `PosError` shows its translated message; anything else is logged with a reference
    and shows "Something went wrong (ref …)", never a traceback. Nothing the block did not
    reach is undone, so the sale on screen stays as it was. The value bound by `as` is
    true once something failed, for the code after the block to stop:

        with shown_errors(self.message.error) as failed:
            parked = self._till.held.park()
        if failed:
            return
    """

    def __init__(self, show: Callable[[str], object]) -> None:
        self._show = show
        self.error: Exception | None = None
        self.text = ""

    def __enter__(self) -> shown_errors:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> bool:
        if not isinstance(exc, Exception):
            return False  # none, or KeyboardInterrupt/SystemExit: not ours to swallow
        self.error = exc
        self.text = user_message(exc)
        self._show(self.text)
        return True

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def code(self) -> str:
        """The PosError code of what failed ('' for none or an unexpected error)."""
        return self.error.code if isinstance(self.error, PosError) else ""
