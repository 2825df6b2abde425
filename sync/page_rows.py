"""A page's rows validated against their stream's contract model in one call.

Why one call: a first download validates hundreds of thousands of rows, and pydantic's
per-call overhead (one `model_validate` per row) was a tenth of the products apply. A
`TypeAdapter(list[Model])` per model validates the page's dicts in one pass of Rust.

A bad row fails the whole page with the same error as before: `hq_bad_response` naming the
stream and the row's key, with that row's own validation message (the slow path runs only
then, to find it).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from pos_app.errors import PosError

M = TypeVar("M", bound=BaseModel)


@lru_cache(maxsize=64)
def _adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def validate_rows(stream: str, model: type[M], rows: list[tuple[str, dict[str, Any] | None]]
                  ) -> list[M]:
    """`rows` are (key, data) pairs; returns the models in the same order, or raises
    PosError hq_bad_response naming the stream and the first bad row's key."""
    if not rows:
        return []
    try:
        return _adapter(model).validate_python([data or {} for _key, data in rows])
    except ValidationError:
        pass
    for key, data in rows:  # the failing row, with its own message (as one at a time did)
        try:
            model.model_validate(data or {})
        except ValidationError as exc:
            raise PosError("hq_bad_response", detail=f"{stream} {key}: {exc}"[:300]) from exc
    raise PosError("hq_bad_response", detail=f"{stream}: rows refused as a page")
