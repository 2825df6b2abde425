"""docs/coupons.md's test vectors are what the code makes: payload bytes, code text, keys,
and the payload read back — so the document is the format, not a description of it."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from pos_app.domain.coupons import CouponPayload, public_key_of, read, sign, verify
from pos_app.domain.coupons.payload import pack

DOC = Path(__file__).resolve().parents[3] / "docs" / "coupons.md"


def vectors() -> list[dict]:
    text = DOC.read_text(encoding="utf-8").split("## Test vectors", 1)[1]
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)\n```", text, re.S)]


def test_the_document_has_a_vector_of_each_kind_of_scope():
    found = vectors()
    assert len(found) == 3
    assert {v["make"]["kind"] for v in found} == {"gift", "amount_off", "percent_off"}


@pytest.mark.parametrize("vector", vectors(), ids=lambda v: v["make"]["kind"])
def test_vector(vector: dict):
    args = dict(vector["make"])
    for name in ("valid_from", "valid_until"):
        args[name] = datetime.fromisoformat(args[name])
    payload = CouponPayload.make(**args)
    private = bytes.fromhex(vector["private_key"])
    public = bytes.fromhex(vector["public_key"])
    assert public_key_of(private) == public
    assert pack(payload).hex() == vector["payload"]
    assert sign(payload, private) == vector["code"]
    assert read(vector["code"]) == payload
    inside = args["valid_from"] + (args["valid_until"] - args["valid_from"]) / 2
    got = verify(vector["code"], {payload.key_id: public}, inside)
    assert got == payload
    assert got.for_campaign(args["campaign_id"]) and not got.for_campaign("other")
    assert got.for_member(args["member_id"]) if args["member_id"] else got.member_ref is None
    if args.get("store_id"):
        assert got.honoured_at(args["store_id"]) and not got.honoured_at("another-store")
    else:
        assert got.store_ref is None and got.honoured_at("any-store")
    if args["kind"] == "gift":
        assert got.gift_is(args["gift_sku"]) and not got.gift_is("OTHER")
