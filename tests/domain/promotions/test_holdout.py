"""The holdout (issue 16 item 6): a stable, hash-chosen share of members a campaign leaves
out, who get none of its benefit on the till or at HQ; walk-ins are never held out."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.promotions import parse_rules
from pos_app.domain.promotions.holdout import held_out, holdout_bucket
from tests.domain.promotions.shop import MILK_900, cart, line, priced

ids = st.text(st.characters(codec="utf-8", exclude_characters="/"), min_size=1, max_size=40)


def bogo(holdout: int) -> tuple:
    return parse_rules(json.dumps({"campaigns": [{
        "id": "c-1212", "name": "12.12", "holdout_permille": holdout,
        "rules": [{"id": "bogo", "kind": "buy_x_get_y", "priority": 10,
                   "products": {"skus": ["MILK-900"]}, "buy": 1}]}]}))


def test_the_bucket_is_sha256_first_four_bytes_mod_1000():
    digest = hashlib.sha256(b"c-1212/m-42").digest()
    assert holdout_bucket("c-1212", "m-42") == int.from_bytes(digest[:4], "big") % 1000


@given(campaign=ids, member=ids, permille=st.integers(0, 1000))
def test_the_same_member_is_always_in_or_out(campaign, member, permille):
    first = held_out(campaign, member, permille)
    assert all(held_out(campaign, member, permille) == first for _ in range(3))
    assert first == (holdout_bucket(campaign, member) < permille)
    assert not held_out(campaign, member, 0) and held_out(campaign, member, 1000)


@given(campaign=ids, permille=st.integers(0, 1000))
def test_walk_ins_are_never_held_out(campaign, permille):
    assert not held_out(campaign, None, permille)


@settings(max_examples=25, deadline=None)
@given(campaign=ids, permille=st.integers(0, 1000),
       members=st.lists(st.uuids(), min_size=4000, max_size=4000, unique=True))
def test_the_share_held_out_is_close_to_the_permille(campaign, permille, members):
    out = sum(held_out(campaign, str(m), permille) for m in members)
    share = out * 1000 / len(members)
    # binomial: sd ≤ sqrt(.25/4000) ≈ 0.0079 → 5 sd ≈ 40 ‰
    assert abs(share - permille) <= 40


def test_a_held_out_member_gets_no_benefit_a_treated_one_and_a_walk_in_do():
    rules = bogo(500)
    out = next(f"m-{n}" for n in range(100) if held_out("c-1212", f"m-{n}", 500))
    kept = next(f"m-{n}" for n in range(100) if not held_out("c-1212", f"m-{n}", 500))
    pair = (line("L1", MILK_900, 2),)
    assert priced(cart(*pair, member=out), rules).total == 2 * 26800
    assert priced(cart(*pair, member=kept), rules).total == 26800
    assert priced(cart(*pair), rules).total == 26800


def test_holdout_permille_is_checked():
    from pos_app.domain.promotions import PromotionError
    for bad in (-1, 1001, "5", True):
        try:
            bogo(bad)
        except PromotionError as exc:
            assert exc.code == "promo_field_invalid"
        else:
            raise AssertionError(bad)
