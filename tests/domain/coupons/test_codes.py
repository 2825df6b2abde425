"""Signed coupon codes: the QR fits version 7 at level M, a scanner's case and Crockford's
look-alikes read the same coupon, each refusal is its own translated message."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import qrcode
from qrcode.util import MODE_ALPHA_NUM

from pos_app.domain.codes import CodeKind, classify
from pos_app.domain.coupons import (
    CODE_LENGTH,
    CouponPayload,
    generate_keypair,
    sign,
    verify,
)
from pos_app.errors import PosError
from pos_app.i18n import gettext_in

NOW = datetime(2027, 3, 15, 8, 30, tzinfo=UTC)
PRIVATE, PUBLIC = generate_keypair()
KEYS = {7: PUBLIC}


def payload(**changes: object) -> CouponPayload:
    args: dict = dict(key_id=7, coupon_id=str(uuid.uuid4()), campaign_id="c", member_id=None,
                      kind="amount_off", value=2000, min_spend=10000,
                      valid_from=NOW - timedelta(days=1), valid_until=NOW + timedelta(days=1))
    args.update(changes)
    return CouponPayload.make(**args)


def refusal(code: str, keys=KEYS, now=NOW, retired=()) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(PosError) as refused:
        verify(code, keys, now, retired)
    return refused.value.code


def test_the_largest_code_is_a_version_7_m_alphanumeric_qr():
    worst = payload(member_id=str(uuid.uuid4()), store_id="s", value=2**24 - 1,
                    min_spend=2**24 - 1, valid_until=datetime(2106, 1, 1, tzinfo=UTC))
    code = sign(worst, PRIVATE)
    assert len(code) == CODE_LENGTH == 178
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(code, optimize=0)
    qr.make(fit=True)
    assert qr.data_list[0].mode == MODE_ALPHA_NUM
    assert qr.version == 7
    with pytest.raises(qrcode.exceptions.DataOverflowError):  # no room was wasted either
        small = qrcode.QRCode(version=7, error_correction=qrcode.constants.ERROR_CORRECT_M)
        small.add_data(code + "00", optimize=0)
        small.make(fit=False)


def test_case_look_alikes_and_hyphens_read_the_same_coupon():
    p = payload()
    code = sign(p, PRIVATE)
    body = code[5:]
    variants = [code.lower(), code.swapcase(), "sfc1." + body.replace("1", "l"),
                code.replace("0", "O"), "SFC1." + body[:40] + "-" + body[40:]]
    for text in variants:
        assert verify(text, KEYS, NOW) == p
        got = classify(text, "sale")
        assert got.kind is CodeKind.COUPON and verify(got.coupon or "", KEYS, NOW) == p


def test_each_refusal_has_its_own_code_and_a_translated_message():
    good = sign(payload(), PRIVATE)
    other_private, other_public = generate_keypair()
    forged = sign(payload(), other_private)
    assert refusal(good[:-3]) == "coupon_damaged"
    assert refusal("SFC1." + "Z" * 173) in ("coupon_damaged", "coupon_version_unknown")
    assert refusal(forged) == "coupon_bad_signature"
    assert refusal(good, keys={7: other_public}) == "coupon_bad_signature"
    assert refusal(good, keys={}) == "coupon_unknown_key"
    assert refusal(good, keys={}, retired={7}) == "coupon_key_retired"
    assert refusal(good, now=NOW + timedelta(days=1)) == "coupon_expired"
    assert refusal(good, now=NOW - timedelta(days=1, seconds=1)) == "coupon_not_yet_valid"
    assert verify(good, KEYS, NOW + timedelta(days=1, seconds=-1))  # the last second counts
    for code in ("coupon_damaged", "coupon_version_unknown", "coupon_bad_signature",
                 "coupon_unknown_key", "coupon_key_retired", "coupon_expired",
                 "coupon_not_yet_valid"):
        english = PosError(code).message()
        assert english != code and gettext_in("zh_CN", english) != english, code


def test_hq_cannot_sign_what_would_not_read_back():
    for bad in (
        dict(key_id=0), dict(key_id=256), dict(value=2**24), dict(min_spend=-1),
        dict(valid_until=NOW.replace(tzinfo=None)),
    ):
        with pytest.raises((ValueError, TypeError)):
            sign(payload(**bad), PRIVATE)
    p = payload()
    with pytest.raises(ValueError):
        sign(CouponPayload(**{**p.__dict__, "coupon_id": p.coupon_id.upper()}), PRIVATE)
    gift = payload(kind="gift", gift_sku="TEA")
    assert gift.value == 1 and gift.min_spend == 0 and gift.gift_is("TEA")
    with pytest.raises(ValueError):
        sign(payload(kind="gift"), PRIVATE)  # a gift coupon names its gift


def test_valid_from_is_whole_hours_before_the_end_rounded_earlier():
    p = payload(valid_from=NOW - timedelta(minutes=90), valid_until=NOW + timedelta(hours=1))
    assert p.valid_from == NOW - timedelta(hours=2)  # 2.5 h before the end becomes 3 h
    code = sign(p, PRIVATE)
    assert refusal(code, now=NOW - timedelta(minutes=121)) == "coupon_not_yet_valid"
    assert verify(code, KEYS, NOW - timedelta(minutes=120)) == p
    issued = datetime.now(UTC)  # HQ issues now, valid for 30 days to the microsecond
    fresh = payload(valid_from=issued, valid_until=issued + timedelta(days=30))
    assert verify(sign(fresh, PRIVATE), KEYS, issued) == fresh  # usable at once
    long = payload(valid_from=NOW, valid_until=NOW + timedelta(hours=70_000))
    assert long.valid_from == long.valid_until - timedelta(hours=65_535)  # capped: later
