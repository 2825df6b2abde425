"""`audit.head`: the till's audit chain head (docs/audit.md), and HQ's answer to `GET
/v1/audit/heads` (the heads it holds, for `shopfloor audit verify --against-hq`).

A head is a fact, not a value: HQ stores it as told. Its job is to make a chain rebuilt after
the fact disagree with what HQ already heard (a different hash for a seq HQ holds).
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from sync.contract.fields import Id, Instant, Payload, Strict

Hash = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
HeadSeq = Annotated[int, Field(ge=0, le=2**62)]
HeadReason = Literal["sign_out", "periodic", "z", "new_key"]  # new_key: a lost key replaced


class AuditHeadPayload(Payload):
    """The chain's last row when the till reported it (queued in that row's transaction),
    and the anchor: the head it reported before, as that row reads NOW. A chain rebuilt in
    between gives the anchor another hash than HQ holds, so HQ sees the rebuild at the next
    report even when no seq repeats (all-zero hash: that row is gone)."""

    entity_field: ClassVar[str | None] = "terminal_id"

    terminal_id: Id
    seq: HeadSeq
    hash: Hash
    reported_at: Instant
    reason: HeadReason = "periodic"
    anchor_seq: HeadSeq | None = None
    anchor_hash: Hash | None = None


class HeldHead(Strict):
    seq: HeadSeq
    hash: Hash
    reported_at: Instant
    agrees: bool  # False: HQ already held another hash for this seq (a rebuilt chain)


class AuditHeadsResponse(Strict):
    terminal_id: str
    heads: list[HeldHead]  # newest first, at most `limit`
