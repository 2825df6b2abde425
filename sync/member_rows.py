"""A members page validated into plain dicts, by a validator derived from the contract.

Why: a first download validates a million `MemberData` rows, each three pydantic models (the
member and its two identifiers); building those instances was ~25 µs a row, the largest
share of the members stream's CPU on the till. A TypedDict with the same fields, types,
constraints and config (`extra="forbid"`) accepts and refuses exactly the same rows
(tests/sync/test_member_rows.py) and builds dicts in a third of the time.

The TypedDicts are built from `model_fields` at import, never written by hand, so a field
added to the contract is validated here too. Optional fields a row leaves out get the
model's default, nested rows' too (`complete`). What a TypedDict cannot follow — a field
or model validator, an alias — is refused at import (`assert_mirrorable`), so a contract
change that adds one fails loudly instead of letting the two accept different rows.

A members page is validated once, as it is parsed (`MembersPage`, on the page-ahead thread:
sync.client): the upserts' data straight from the JSON into these dicts, instead of parsing
into generic dicts and validating those again (~8 ms of a page of 2,000's ~95 ms of the
till's CPU). A page that does not parse so — any bad row, an upsert without data — is parsed
the generic way, and `rows_of` then validates its rows here with the error as before.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Literal, NotRequired, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from typing_extensions import TypedDict  # pydantic needs this one before Python 3.12

from pos_app.errors import PosError
from sync.contract.envelope import Change, ChangesPage
from sync.contract.streams_members import MemberData

Row = dict[str, Any]


def _mirror(annotation: Any) -> Any:
    """The annotation with every contract model in it replaced by its TypedDict."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _typed(annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is list:
        return list[_mirror(args[0])]  # type: ignore[misc]
    if origin in (Union, types.UnionType):
        return Union[tuple(_mirror(a) for a in args)]  # noqa: UP007
    return annotation


def _typed(model: type[BaseModel]) -> Any:
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation = _mirror(info.annotation)
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]  # type: ignore[valid-type]
        fields[name] = annotation if info.is_required() else NotRequired[annotation]
    typed = TypedDict(f"{model.__name__}Row", fields)  # type: ignore[operator]
    typed.__pydantic_config__ = ConfigDict(  # type: ignore[attr-defined]
        **{k: v for k, v in model.model_config.items() if k != "defer_build"})
    return typed


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The contract model inside `annotation` (M, list[M], M | None), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((m for m in map(_model_in, get_args(annotation)) if m is not None), None)


def _filler(model: type[BaseModel]) -> Any:
    """A function giving a validated dict (and the dicts nested in it) the defaults of the
    optional fields it left out, as the model's instance would hold them."""
    fields = model.model_fields
    static = {n: i.default for n, i in fields.items()
              if not i.is_required() and i.default_factory is None}
    factories = {n: i.default_factory for n, i in fields.items()
                 if not i.is_required() and i.default_factory is not None}
    nested = {n: _filler(m) for n, i in fields.items()
              if (m := _model_in(i.annotation)) is not None and _has_defaults(m)}

    total = len(fields)

    def fill(row: Row) -> Row:
        if len(row) < total:  # extra keys are refused: every field there = nothing to add
            row = {**static, **row}
            for name, factory in factories.items():
                if name not in row:
                    row[name] = factory()  # type: ignore[call-arg]
        for name, inner in nested.items():
            value = row[name]
            if not value:
                continue
            if isinstance(value, list):
                row[name] = [inner(item) for item in value]
            elif isinstance(value, dict):
                row[name] = inner(value)
        return row

    return fill


def _has_defaults(model: type[BaseModel]) -> bool:
    return any(not i.is_required() or ((m := _model_in(i.annotation)) is not None
               and _has_defaults(m)) for i in model.model_fields.values())


def assert_mirrorable(model: type[BaseModel]) -> None:
    """TypeError if `model` or a model nested in its fields has what the mirror drops:
    field or model validators (their checks and changes would be skipped) or aliases (the
    mirror reads the fields' own names)."""
    decorators = model.__pydantic_decorators__
    for kind in ("validators", "field_validators", "root_validators", "model_validators"):
        if getattr(decorators, kind):
            raise TypeError(f"sync.member_rows cannot mirror {model.__name__}'s {kind}")
    for name, info in model.model_fields.items():
        if info.alias is not None or info.validation_alias is not None:
            raise TypeError(f"sync.member_rows cannot mirror the alias of "
                            f"{model.__name__}.{name}")
        if (inner := _model_in(info.annotation)) is not None:
            assert_mirrorable(inner)


assert_mirrorable(MemberData)
MemberRow = _typed(MemberData)
_ROWS = TypeAdapter(list[MemberRow])  # type: ignore[valid-type]
complete = _filler(MemberData)


class MemberUpsert(Change):
    """A members upsert whose data was validated as the page was parsed."""

    op: Literal["upsert"]
    data: MemberRow  # type: ignore[valid-type]


class MemberTombstone(Change):
    """A members tombstone (its data is checked by sync.apply_members as before)."""

    op: Literal["delete"]


class MembersPage(ChangesPage):
    """A `members` page parsed and validated in one pass (the wire is ChangesPage's). Only
    keys go through the parser's string cache: a page's values are mostly unique (ids,
    phones, cards), and looking each up cost ~1 ms of a page's ~11."""

    model_config = ConfigDict(cache_strings="keys")

    changes: list[Annotated[MemberUpsert | MemberTombstone,  # type: ignore[assignment]
                            Field(discriminator="op")]]


def rows_of(changes: list[tuple[str, Change]]) -> list[Row]:
    """The complete member dicts of a page's (key, upsert) pairs, in order: those parsed
    into a `MembersPage` are valid already; otherwise `validate_members`."""
    parsed = [change.data for _key, change in changes if type(change) is MemberUpsert]
    if len(parsed) == len(changes):
        return list(map(complete, parsed))  # type: ignore[arg-type]
    return validate_members([(key, change.data) for key, change in changes])


def validate_members(rows: list[tuple[str, dict[str, Any] | None]]) -> list[Row]:
    """(key, data) pairs of a page -> complete member dicts in the same order, or PosError
    hq_bad_response naming the first bad row's key with its own message (as
    sync.page_rows.validate_rows does for the other streams)."""
    if not rows:
        return []
    try:
        return [complete(row) for row in _ROWS.validate_python(
            [data or {} for _key, data in rows])]
    except ValidationError:  # the exact row and its message come from the model
        pass
    for key, data in rows:
        try:
            MemberData.model_validate(data or {})
        except ValueError as exc:
            raise PosError("hq_bad_response", detail=f"members {key}: {exc}"[:300]) from exc
    raise PosError("hq_bad_response", detail="members: rows refused as a page")
