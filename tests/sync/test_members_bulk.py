"""The members stream applied per page in bulk (sync.apply_members) leaves the store exactly
as applying the page's rows one at a time did (tests/sync/members_rowwise.py, the code it
replaced): members, identifiers, coupons, points, merges, tombstones and the name index.

Real SQLite files built by the app's own migrations; pages with phones, cards and
identifiers moving between members inside the page and from local members, renames, a
member twice in a page, redirects whose survivor is here, arrives later or never, and
members blocked by pending outbox events.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from local_db.database import open_database
from local_db.member_index import index_member
from local_db.uow import write_session
from sync.apply_members import apply_members, cache_members
from sync.contract.envelope import Change
from sync.contract.streams_members import MemberData
from tests.sync.members_rowwise import apply_members as apply_rowwise
from tests.sync.members_rowwise import cache_members as cache_rowwise

NAMES = ["王芳", "李娜", "张伟", "赵敏", "陈静", "刘洋", "杨丽", "黄磊", "周杰", "吴婷"]
STAMP = "2026-12-01T08:00:00+00:00"


def _seed(engine: Engine, rng: random.Random, count: int) -> None:
    """Local members (some with phones/cards/identifiers HQ will hand to others), points
    entries, one old merge and a pending enrolment event."""
    with write_session(engine) as session:
        conn = session.connection()
        for i in range(count):
            name = rng.choice(NAMES)
            phone = f"139{rng.randrange(40):08d}"
            exists = conn.execute(text("SELECT 1 FROM member WHERE phone = :p"), {"p": phone})
            phone = None if exists.first() else phone
            conn.execute(text(
                "INSERT INTO member (id, name, phone, card_no, gender, tier, tags, consent,"
                " marketing_consent, points_balance, points_debt, provisional, merged_into,"
                " created_at, updated_at) VALUES (:id, :name, :phone, :card, '', 'regular',"
                " '[]', 1, 0, 0, 0, 1, :merged, '2026-11-01 00:00:00', '2026-11-01 00:00:00')"),
                {"id": f"m{i}", "name": name, "phone": phone, "card": f"C{i}",
                 "merged": "m999" if i == 3 else None})
            if i != 3:
                index_member(conn, f"m{i}", name)
            conn.execute(text("INSERT INTO member_identifier (id, member_id, kind, value)"
                              " VALUES (:id, :m, 'card', :v)"), {"id": f"i{i}", "m": f"m{i}",
                                                                  "v": f"C{i}"})
            conn.execute(text(
                "INSERT INTO points_entry (id, member_id, sale_id, delta, reason, created_at,"
                " status) VALUES (:id, :m, :s, 10, 'sale', '2026-11-02 00:00:00', 'pending')"),
                {"id": f"pe{i}", "m": f"m{i}", "s": f"s{i}"})
        conn.execute(text(
            "INSERT INTO outbox_event (id, seq, type, entity_id, payload, created_at, attempts,"
            " last_error, status) VALUES ('e1', 1, 'member.enrolled', 'm5', '{}',"
            " '2026-11-02 00:00:00', 0, '', 'pending')"))


def _member(rng: random.Random, member_id: str) -> dict[str, Any]:
    phone = f"139{rng.randrange(40):08d}" if rng.random() < 0.8 else None
    idents = [{"kind": "card", "value": f"C{rng.randrange(60)}"}]
    if phone:
        idents.append({"kind": "phone", "value": phone})
    coupons = [{"id": f"k{rng.randrange(30)}", "code": f"Q{rng.randrange(30)}",
                "kind": "amount_off", "title": "5 off", "value": 500,
                "valid_from": STAMP, "valid_until": "2027-01-01T00:00:00+00:00"}
               for _ in range(rng.randrange(3))]
    return MemberData(
        id=member_id, name=rng.choice(NAMES), phone=phone,
        card_no=f"C{rng.randrange(60)}" if rng.random() < 0.7 else None,
        tier=rng.choice(["regular", "gold"]), tags=["vip"] if rng.random() < 0.3 else [],
        points_balance=rng.randrange(1000), identifiers=idents, coupons=coupons,
        created_at=STAMP, updated_at=STAMP,
    ).model_dump()


def _page(rng: random.Random, size: int, ids: int) -> list[Change]:
    changes = []
    for _ in range(size):
        member_id = f"m{rng.randrange(ids)}"
        if rng.random() < 0.1:
            changes.append(Change(key=member_id, op="delete",
                                  data={"merged_into": f"m{rng.randrange(ids)}"}))
        else:
            changes.append(Change(key=member_id, op="upsert",
                                  data=_member(rng, member_id)))
    return [c for c in changes if c.op == "upsert" or c.data["merged_into"] != c.key]


def _dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    queries = {
        "member": "SELECT id, name, phone, card_no, tier, tags, points_balance, provisional,"
                  " merged_into, created_at FROM member",
        "identifier": "SELECT member_id, kind, value FROM member_identifier",
        "coupon": "SELECT id, member_id, code, kind, value, valid_from, valid_until"
                  " FROM member_coupon",
        "points": "SELECT id, member_id, status FROM points_entry",
        "fts": "SELECT member_id, terms FROM member_fts",
    }
    with engine.connect() as conn:
        return {name: sorted(tuple(r) for r in conn.execute(text(q)))
                for name, q in queries.items()}


def _twin_stores(tmp_path: Path, seed: int) -> tuple[Engine, Engine]:
    stores = []
    for name in ("bulk", "rowwise"):
        engine = open_database(tmp_path / f"{name}.db")
        _seed(engine, random.Random(seed), 40)
        stores.append(engine)
    return stores[0], stores[1]


def test_pages_in_bulk_equal_row_by_row(tmp_path: Path) -> None:
    bulk, rowwise = _twin_stores(tmp_path, 7)
    rng = random.Random(11)
    for _ in range(6):
        page = _page(rng, 150, 70)
        with write_session(bulk) as session:
            got = apply_members(session, page)
        with write_session(rowwise) as session:
            want = apply_rowwise(session, page)
        assert got == want
        assert _dump(bulk) == _dump(rowwise)
    dump = _dump(bulk)
    assert any(row[8] for row in dump["member"])  # merges were applied
    assert "m5" not in {row[0] for row in dump["fts"]}  # pending m5 never written by HQ
    assert len(dump["fts"]) == len({row[0] for row in dump["fts"]})  # one row a member


def test_online_cache_in_bulk_equals_row_by_row(tmp_path: Path) -> None:
    bulk, rowwise = _twin_stores(tmp_path, 3)
    rng = random.Random(5)
    rows = [MemberData.model_validate(_member(rng, f"m{i}"))  # HQ's search: distinct members
            for i in rng.sample(range(50), 30)]
    with write_session(bulk) as session:
        got = cache_members(session, rows)
    with write_session(rowwise) as session:
        want = cache_rowwise(session, rows)
    assert got == want
    assert _dump(bulk) == _dump(rowwise)


def test_name_search_finds_a_member_applied_in_bulk(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "t.db")
    row = MemberData(id="n1", name="欧阳娜娜", phone="13812345678", created_at=STAMP,
                     updated_at=STAMP).model_dump()
    with write_session(engine) as session:
        apply_members(session, [Change(key="n1", op="upsert", data=row)])
    with engine.connect() as conn:
        found = conn.execute(text("SELECT member_id FROM member_fts WHERE member_fts MATCH"
                                  " 'ouyangnana'")).scalars().all()
    assert found == ["n1"]
    assert json.loads(_dump(engine)["member"][0][5]) == []
