"""One stream registry: the contract names the streams and their rows (HQ's change feed reads
it, tests/hq/test_stream_feed.py), the till's table wraps each with its label, apply and sweep
(the puller and the worker read that); the two never disagree."""

from __future__ import annotations

from typing import get_args

from pos_app.i18n import gettext_in
from sync.contract.streams import BY_NAME, REGISTRY, STREAMS, StreamName
from sync.streams import PULLED, label_of


def test_the_till_applies_every_stream_of_the_contract_in_its_order():
    assert tuple(PULLED) == STREAMS == tuple(s.name for s in REGISTRY)
    assert get_args(StreamName) == STREAMS
    assert all(PULLED[name].spec is BY_NAME[name] for name in STREAMS)
    assert [n for n in STREAMS if PULLED[n].sweep is not None] == [
        "products", "staff", "promotions", "coupon_keys", "coupon_definitions",
        "settings"]  # a re-pull retires


def test_every_stream_label_is_translated():
    for name in STREAMS:
        label = label_of(name)
        assert gettext_in("zh_CN", label) != label, name
    assert label_of("coupons") == "coupons"  # a stream this till does not know yet

