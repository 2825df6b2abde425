"""sync.gc_young: a full pull runs with the collector's young threshold raised and gives it
back (after an exception too); a pull from a saved cursor leaves it alone; a threshold
someone else set meanwhile stays theirs."""

from __future__ import annotations

import gc

import pytest

from sync.contract.envelope import Change, ChangesPage
from sync.gc_young import YOUNG, young_threshold
from sync.puller import pull_all
from tests.sync.fakes import FakeHq


def _page(key: str, nxt: int, more: bool) -> ChangesPage:
    data = {"id": key, "sku": key, "name_zh": "商品", "price": 100, "barcodes": []}
    return ChangesPage(stream="products", changes=[Change(key=key, op="upsert", data=data)],
                       next_cursor=nxt, has_more=more)


def test_raised_inside_and_given_back() -> None:
    before = gc.get_threshold()
    with young_threshold():
        assert gc.get_threshold() == (max(before[0], YOUNG), *before[1:])
    assert gc.get_threshold() == before
    with pytest.raises(ValueError), young_threshold():
        raise ValueError("x")
    assert gc.get_threshold() == before


def test_a_threshold_set_meanwhile_stays() -> None:
    before = gc.get_threshold()
    try:
        with young_threshold():
            gc.set_threshold(5_000, 3, 3)
        assert gc.get_threshold() == (5_000, 3, 3)
    finally:
        gc.set_threshold(*before)


def test_a_full_pull_runs_raised_and_a_later_one_does_not(world) -> None:  # type: ignore[no-untyped-def]
    before = gc.get_threshold()
    hq = FakeHq()
    hq.pages["products"] = [_page("p1", 5, True), _page("p2", 9, False)]
    seen: list[tuple[str, int]] = []

    def progress(stream: str, _rows: int, _more: bool) -> None:
        if stream == "products":
            seen.append((stream, gc.get_threshold()[0]))

    pull_all(world.engine, hq, streams=("products",), on_progress=progress)
    assert seen == [("products", max(before[0], YOUNG))] * 2
    assert gc.get_threshold() == before
    seen.clear()
    hq.pages["products"] = [_page("p3", 12, False)]
    pull_all(world.engine, hq, streams=("products",), on_progress=progress)
    assert seen == [("products", before[0])]
