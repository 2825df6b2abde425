"""Building blocks of the strict wire models: bounded ids, texts and fen, the two bases."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, PlainSerializer

MAX_FEN = 1_000_000_000  # 10 million yuan: far above any sale, well inside a 32-bit column


def no_nul(value: str) -> str:
    """PostgreSQL text refuses NUL; refusing it here gives a readable per-event reason."""
    if "\x00" in value:
        raise ValueError("NUL character not allowed")
    return value


def _iso(value: datetime) -> str:
    return value.isoformat()


Id = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(no_nul)]
Text = Annotated[str, Field(max_length=200), AfterValidator(no_nul)]
LongText = Annotated[str, Field(max_length=20_000), AfterValidator(no_nul)]
Fen = Annotated[int, Field(ge=0, le=MAX_FEN)]
UnitKey = Annotated[str, Field(min_length=3, max_length=120), AfterValidator(no_nul)]
# Written as Python's isoformat ("+00:00"), the form terminals have always sent.
Instant = Annotated[AwareDatetime, PlainSerializer(_iso, return_type=str, when_used="json")]


class Strict(BaseModel):
    """Envelopes and pulled rows: unknown fields are refused (a 422), types are coerced.

    Every contract model defers building its validator to its first use (`defer_build`):
    the till imports a hundred of them at start-up and needs few before the first sale."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class Payload(BaseModel):
    """An event's payload: strict types (a float or a string is never fen, a bool never a
    count), unknown fields refused, frozen once built."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)
    # The field whose value the event's entity_id must be (HQ checks it, and so does the
    # outbox); None: the event names its entity freely (a batch of units, an audit row).
    entity_field: ClassVar[str | None] = None

    def entity(self) -> str | None:
        """What the envelope's entity_id must be, when the payload says (`entity_field`)."""
        return None if self.entity_field is None else getattr(self, self.entity_field)

    def wire(self) -> str:
        """The JSON text queued in the outbox: only the fields that were given (an older
        HQ refuses fields it does not know), aliases as sent ("from"), UTF-8 unescaped."""
        return self.model_dump_json(by_alias=True, exclude_unset=True)
