"""Guide KPI events (issue 19): what a manager decided at the till about guides' figures.

`line.reattributed`: a sold line is credited to another guide from now on (a NEW record on
the till and at HQ, never an edit of the sale line: the sale stays as rung up). HQ keeps
the row under `attribution_id`, so a replay changes nothing, and the latest row per line
(`at`, then id) decides who the line counts for, on both sides. `guide_id` "" = no guide.

`guide.target_set`: a guide's net sales target for a month, so HQ's report shows it too.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from sync.contract.fields import Fen, Id, Instant, Payload, Text

GuideRef = Annotated[str, Field(max_length=64)]  # a staff id, or "" for no guide
Month = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


class LineReattributedPayload(Payload):
    entity_field: ClassVar[str | None] = "attribution_id"

    attribution_id: Id
    store_id: Id
    terminal_id: Id
    sale_id: Id
    sale_line_id: Id
    guide_id: GuideRef
    from_guide_id: GuideRef = ""
    by: Id  # the manager who decided
    asked_by: Id | None = None
    at: Instant
    reason: Text = ""


class GuideTargetSetPayload(Payload):
    entity_field: ClassVar[str | None] = None

    store_id: Id
    guide_id: Id
    month: Month
    net_sales_target: Fen
    set_by: Id
    set_at: Instant
