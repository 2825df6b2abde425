"""The members page's dict validator (sync.member_rows), derived from the contract, accepts
and refuses exactly the rows `MemberData` does, and gives the same values the model's
instance dumps (defaults of left-out fields, nested identifiers and coupons included)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from pydantic import ValidationError

from pos_app.errors import PosError
from sync.contract.streams_members import MemberData
from sync.member_rows import validate_members

STAMP = "2026-12-01T08:00:00+00:00"


def _row(rng: random.Random) -> dict[str, Any]:
    row: dict[str, Any] = {"id": f"m{rng.randrange(10**6)}", "name": rng.choice(["王芳", "Li"]),
                           "created_at": STAMP, "updated_at": STAMP}
    optional = {
        "phone": f"139{rng.randrange(10**8):08d}", "card_no": None, "birthday": "1990-01-02",
        "gender": "f", "tier": rng.choice(["regular", "gold"]), "tags": ["vip"],
        "home_store_id": "s1", "consent": True, "marketing_consent": 1, "points_balance": 5,
        "points_debt": 0, "merged_into": None,
        "identifiers": [{"kind": "card", "value": "C1"}, {"kind": "phone", "value": "139"}],
        "coupons": [{"id": "k1", "code": "Q1", "kind": "gift", "title": "t",
                     "valid_from": STAMP, "valid_until": STAMP}],
    }
    for key, value in optional.items():
        if rng.random() < 0.5:
            row[key] = value
    return row


BAD: list[dict[str, Any]] = [
    {"extra": 1}, {"tier": "platinum"}, {"points_balance": -1}, {"points_debt": "x"},
    {"identifiers": [{"kind": "card", "value": ""}]},
    {"identifiers": [{"kind": "fax", "value": "1"}]},
    {"identifiers": [{"kind": "card", "value": "1", "extra": 1}]},
    {"coupons": [{"id": "k", "code": "Q", "kind": "gift", "title": "t"}]},
    {"coupons": [{"id": "k", "code": "Q", "kind": "bogus", "title": "t", "valid_from": STAMP,
                  "valid_until": STAMP}]},
    {"consent": "maybe"}, {"name": 5}, {"name": None}, {"tags": "vip"},
]


def test_valid_rows_give_what_the_model_dumps() -> None:
    rng = random.Random(4)
    rows = [_row(rng) for _ in range(300)]
    got = validate_members([(row["id"], row) for row in rows])
    assert got == [MemberData.model_validate(row).model_dump() for row in rows]


@pytest.mark.parametrize("change", BAD)
def test_a_row_the_model_refuses_fails_the_page_naming_its_key(change: dict[str, Any]) -> None:
    good = _row(random.Random(1))
    bad = {**_row(random.Random(2)), **change, "id": "bad-1"}
    with pytest.raises(ValidationError):
        MemberData.model_validate(bad)
    with pytest.raises(PosError) as caught:
        validate_members([("good", good), ("bad-1", bad)])
    assert caught.value.code == "hq_bad_response"
    assert "members bad-1" in str(caught.value.params.get("detail", ""))


def test_a_missing_required_field_is_refused() -> None:
    row = _row(random.Random(3))
    del row["created_at"]
    with pytest.raises(PosError):
        validate_members([("k", row)])


def test_what_the_mirror_cannot_follow_is_refused_at_import():
    """A validator or an alias on the contract (or on a model nested in it) would make the
    dict validator accept other rows than MemberData: refused loudly, MemberData itself
    passes."""
    from pydantic import BaseModel, Field, field_validator, model_validator

    from sync.member_rows import assert_mirrorable

    class FieldChecked(BaseModel):
        name: str

        @field_validator("name")
        @classmethod
        def _strip(cls, value: str) -> str:
            return value.strip()

    class ModelChecked(BaseModel):
        name: str

        @model_validator(mode="after")
        def _check(self) -> ModelChecked:
            return self

    class Aliased(BaseModel):
        name: str = Field(alias="full_name")

    class ValidationAliased(BaseModel):
        name: str = Field(validation_alias="full_name")

    class Nesting(BaseModel):
        items: list[FieldChecked] = Field(default_factory=list)

    class Plain(BaseModel):
        inner: Nesting | None = None

    for model in (FieldChecked, ModelChecked, Aliased, ValidationAliased, Nesting, Plain):
        with pytest.raises(TypeError):
            assert_mirrorable(model)
    assert_mirrorable(MemberData)
