"""A members page of members the till does not hold (a first download's) takes the plain
INSERT path (sync.apply_members._insert_new) and leaves the store exactly as applying its
rows one at a time would (tests/sync/members_rowwise.py); a page where any key clashes — a
member already here, a phone, card or identifier a local member holds, two rows of the page
wanting the same phone — writes nothing on that path and goes the general way, with the
same result as row by row."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from local_db.member_bulk_index import begin_bulk
from local_db.uow import write_session
from sync.apply_members import _insert_new, apply_members
from sync.contract.envelope import Change
from sync.contract.streams_members import MemberData
from sync.member_rows import validate_members
from tests.sync.members_rowwise import apply_members as apply_rowwise
from tests.sync.test_members_bulk import NAMES, STAMP, _dump, _twin_stores


def _new(rng: random.Random, n: int, **over: Any) -> dict[str, Any]:
    phone = f"137{n:08d}"
    data = {"id": f"n{n}", "name": rng.choice(NAMES), "phone": phone, "card_no": f"N{n}",
            "tags": ["vip"] if n % 3 == 0 else [], "points_balance": n,
            "identifiers": [{"kind": "card", "value": f"N{n}"},
                            {"kind": "phone", "value": phone}],
            "coupons": [{"id": f"q{n}", "code": f"Q{n}", "kind": "amount_off", "title": "5 off",
                         "value": 500, "valid_from": STAMP,
                         "valid_until": "2027-01-01T00:00:00+00:00"}] if n % 4 == 0 else [],
            "created_at": STAMP, "updated_at": STAMP}
    data.update(over)
    return MemberData.model_validate(data).model_dump()


def _page(rows: list[dict[str, Any]]) -> list[Change]:
    return [Change(key=row["id"], op="upsert", data=row) for row in rows]


CLASHES = {  # the last row of a page of new members, clashing with the seeded store
    "member already here": {"id": "m7"},
    "phone a local member holds": {"phone": "HELD"},
    "card a local member holds": {"card_no": "C2"},
    "identifier a local member holds": {"identifiers": [{"kind": "card", "value": "C9"}]},
    "phone of an earlier row of the page": {"phone": "13700000001"},
}


def test_a_page_of_new_members_equals_row_by_row(tmp_path: Path) -> None:
    bulk, rowwise = _twin_stores(tmp_path, 7)
    rng = random.Random(3)
    for start in (0, 50):
        page = _page([_new(rng, n) for n in range(start, start + 50)])
        with write_session(bulk) as session:
            got = apply_members(session, page)
        with write_session(rowwise) as session:
            want = apply_rowwise(session, page)
        assert got == want == (50, 0)
        assert _dump(bulk) == _dump(rowwise)
    rows = validate_members([(c.key, c.data) for c in _page([_new(rng, 200)])])
    with write_session(bulk) as session:  # and it is the plain path that wrote them
        assert _insert_new(session.connection(), rows)


@pytest.mark.parametrize("clash", list(CLASHES))
def test_a_clash_goes_the_general_way_with_the_same_result(tmp_path: Path, clash: str) -> None:
    bulk, rowwise = _twin_stores(tmp_path, 7)
    with bulk.connect() as conn:  # what the seeded store holds (tests.sync.test_members_bulk)
        phone = conn.execute(text("SELECT min(phone) FROM member")).scalar()
        held = conn.execute(text("SELECT card_no FROM member WHERE card_no = 'C2' UNION ALL"
                                 " SELECT value FROM member_identifier WHERE value = 'C9'"))
        assert phone and len(held.all()) == 2
    rng = random.Random(5)
    rows = [_new(rng, n) for n in range(20)]
    rows.append(_new(rng, 99, **{k: phone if v == "HELD" else v
                                 for k, v in CLASHES[clash].items()}))
    before = _dump(bulk)
    checked = validate_members([(row["id"], row) for row in rows])
    with write_session(bulk) as session:
        assert not _insert_new(session.connection(), checked)
    assert _dump(bulk) == before  # the savepoint took back what the plain path began
    with write_session(bulk) as session:
        got = apply_members(session, _page(rows))
    with write_session(rowwise) as session:
        want = apply_rowwise(session, _page(rows))
    assert got == want
    assert _dump(bulk) == _dump(rowwise)


def test_during_a_first_download_the_build_indexes_the_new_members(tmp_path: Path) -> None:
    bulk, _rowwise = _twin_stores(tmp_path, 7)
    with write_session(bulk) as session:
        begin_bulk(session.connection())
        fts_before = _dump(bulk)["fts"]
        apply_members(session, _page([_new(random.Random(1), n) for n in range(30)]))
    dump = _dump(bulk)
    assert dump["fts"] == fts_before  # left to local_db.member_bulk_index's build
    assert len([m for m in dump["member"] if m[0].startswith("n")]) == 30
