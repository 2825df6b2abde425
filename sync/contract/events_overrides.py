"""A manager's approval of an override (issue 18-D, counted at HQ by issue 19).

`override.approved`: one per approval audit row (`approval`, or `unit_override` for an
unknown unit), queued in the same transaction as that row, so HQ counts every guide's and
cashier's overrides as the till does: for the person who asked (`asked_by`), on the local
day of `at` (the audit row's own time). HQ keeps it under the audit row's id, so a replay
changes nothing. The audit chain itself stays on the till; HQ holds its heads (18-E).
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import AfterValidator, Field

from sync.contract.fields import Fen, Id, Instant, Payload, Text, no_nul

ActionName = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(no_nul)]


class OverrideApprovedPayload(Payload):
    entity_field: ClassVar[str | None] = "id"

    id: Id  # the till's audit row id
    at: Instant
    terminal_id: Id
    action: ActionName  # the permissions table's action (e.g. "change_price")
    asked_by: Id
    approver: Id
    entity_id: Text = ""  # the thing approved: a line id, a unit code, a parked sale
    before: Fen | None = None
    after: Fen | None = None
    reason: Text = ""  # the reason the person typed
    method: Annotated[str, Field(pattern=r"^[a-z_]{1,16}$")] = "pin"  # pin or badge
