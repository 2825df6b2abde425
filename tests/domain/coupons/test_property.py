"""Property (issue 17, Must hold): any code string either verifies to exactly the payload that
was signed, or is refused with a PosError — never a crash, never a different coupon. Flipped
bits, truncations, insertions, case changes, other keys' signatures and random text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_app.domain.codes import CodeKind, classify
from pos_app.domain.coupons import KINDS, PREFIX, CouponPayload, base32, public_key_of, sign, verify
from pos_app.errors import PosError

NOW = datetime(2027, 3, 15, tzinfo=UTC)
PRIVATE = bytes(range(32))
OTHER = bytes(range(1, 33))
KEYS = {k: public_key_of(PRIVATE) for k in range(1, 256)}  # every id is this one key
KEYS[99] = public_key_of(OTHER)
ALPHABET = base32.ALPHABET + "abcxyzILOU-. \x1d\n"
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

payloads = st.builds(
    lambda key_id, coupon, campaign, member, kind, value, min_spend, hours, days, sku, store:
    CouponPayload.make(
        key_id=key_id, coupon_id=str(coupon), campaign_id=campaign,
        member_id=str(member) if member else None, kind=kind, value=value,
        min_spend=min_spend, valid_from=NOW - timedelta(hours=hours),
        valid_until=NOW + timedelta(days=days), gift_sku=sku, store_id=store),
    st.integers(1, 255).filter(lambda k: k != 99), st.uuids(), st.text(min_size=1, max_size=64),
    st.none() | st.uuids(), st.sampled_from(KINDS), st.integers(0, 2**24 - 1),
    st.integers(0, 2**24 - 1), st.integers(0, 40_000), st.integers(1, 1000),
    st.text(min_size=1, max_size=40), st.none() | st.text(min_size=1, max_size=64),
)


def outcome(text: str, signed: CouponPayload | None) -> None:
    """The property itself: the payload signed, or a PosError; nothing else."""
    try:
        got = verify(text, KEYS, NOW)
    except PosError as refused:
        assert refused.code.startswith("coupon_")
        assert refused.message()  # a sentence, whatever the parameters
        return
    assert signed is not None and got == signed, (text, got, signed)
    assert classify(text, "sale").kind is CodeKind.COUPON


@SETTINGS
@given(payloads)
def test_a_signed_payload_verifies_to_itself_in_any_case(p: CouponPayload):
    code = sign(p, PRIVATE)
    assert verify(code, KEYS, NOW) == p
    assert verify(code.lower(), KEYS, NOW) == p
    assert verify(code.swapcase(), KEYS, NOW) == p


@SETTINGS
@given(payloads, st.data())
def test_a_damaged_code_is_refused_or_is_the_same_coupon(p: CouponPayload, data):
    code = sign(p, PRIVATE)
    body = bytearray(base32.decode(code[len(PREFIX):], 108) or b"")
    bit = data.draw(st.integers(0, len(body) * 8 - 1))
    body[bit // 8] ^= 1 << bit % 8
    outcome(PREFIX + base32.encode(bytes(body)), None)  # one flipped bit: never verifies
    # the rest may read back as the same coupon (e.g. a trailing hyphen), never another one
    cut = data.draw(st.integers(0, len(code) - 1))
    outcome(code[:cut], p)
    at = data.draw(st.integers(len(PREFIX), len(code)))
    outcome(code[:at] + data.draw(st.sampled_from(ALPHABET)) + code[at:], p)
    at = data.draw(st.integers(len(PREFIX), len(code) - 1))
    outcome(code[:at] + data.draw(st.sampled_from(ALPHABET)) + code[at + 1:], p)
    outcome(code + data.draw(st.text(max_size=5)), p)


@SETTINGS
@given(payloads)
def test_another_keys_signature_never_passes(p: CouponPayload):
    forged = sign(p, OTHER)  # the right id but the wrong key
    outcome(forged, None)
    moved = CouponPayload(**{**p.__dict__, "key_id": 99})
    outcome(sign(moved, PRIVATE), None)  # key 99 is OTHER's id


@SETTINGS
@given(st.one_of(st.text(), st.text(alphabet=ALPHABET),
                 st.text(alphabet=ALPHABET, min_size=173, max_size=173).map(PREFIX.__add__),
                 st.binary(min_size=108, max_size=108).map(
                     lambda b: PREFIX + base32.encode(b))))
def test_random_text_is_refused_never_a_crash(text: str):
    outcome(text, None)
