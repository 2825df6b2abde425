"""The demo's past (pos_app/services/demo_history.py): members and a month of trading made
through the real services, so the manager's dashboard, the guide's screen, the Z reprint
list and a member's profile show figures that agree with the rows behind them."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from local_db.database import open_database
from pos_app.domain.kpis import Period
from pos_app.domain.kpis.period import STORE_TZ
from pos_app.services.clienteling.service import CustomerList
from pos_app.services.demo_history import DAYS, MEMBERS
from pos_app.services.demo_seed import seed_demo
from pos_app.services.till import Till, TillServices
from tests.db_reads import rows


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    bare = open_database(tmp_path_factory.mktemp("bare") / "terminal.db")
    started = time.perf_counter()
    seed_demo(bare)  # the store without its past: what the extra time is measured against
    bare_seconds = time.perf_counter() - started
    bare.dispose()
    path = tmp_path_factory.mktemp("demo") / "terminal.db"
    engine = open_database(path)
    started = time.perf_counter()
    info = seed_demo(engine, history=True)
    seconds = time.perf_counter() - started - bare_seconds
    yield engine, info, path, seconds
    engine.dispose()


def manager(engine, info) -> Till:
    till = Till(TillServices.build(engine, info.terminal, None))
    till.sign_in("9001", "9999")
    return till


def test_the_past_is_seeded_quickly_once_and_only_in_closed_shifts(demo):
    engine, _info, path, seconds = demo
    assert seconds < 6.0  # ~2-3 s on the shared machine, the pinyin tables' first load included
    assert rows(path, "SELECT count(*) FROM shift WHERE closed_at IS NULL") == [(0,)]
    assert rows(path, "SELECT count(*), min(z_no), max(z_no) FROM z_report") == [(DAYS, 1, DAYS)]
    before = rows(path, "SELECT count(*) FROM outbox_event")
    seed_demo(engine, history=True)  # a second start adds nothing: the queue stays as it was
    assert rows(path, "SELECT count(*) FROM outbox_event") == before
    assert rows(path, "SELECT count(*) FROM sale WHERE created_at >= ?",
                datetime.now(UTC).astimezone(STORE_TZ).replace(hour=0, minute=0)
                .astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")) == [(0,)]
    kinds = dict(rows(path, "SELECT kind, count(*) FROM tender GROUP BY kind"))
    assert kinds.get("cash") and kinds.get("wechat") and kinds.get("card")
    assert rows(path, "SELECT count(*) FROM sale WHERE member_id IS NOT NULL")[0][0] >= 2
    assert rows(path, "SELECT count(*) FROM sale_return")[0][0] >= 2


def test_each_z_agrees_with_the_sales_of_its_shift_and_the_reprint_list_has_them(demo):
    engine, info, path, _seconds = demo
    till = manager(engine, info)
    listed = till.shifts.z_list(limit=40)
    assert len(listed) == DAYS
    for z_no, shift_id, _closed in listed:
        report = till.shifts.z_report(z_no)
        (count, total), = rows(path, "SELECT count(*), coalesce(sum(total), 0) FROM sale"
                               " WHERE shift_id = ? AND status = 'completed'", shift_id)
        assert (report.sales_count, report.sales_total) == (count, total)
        assert report.over_tolerance is False


def test_the_demo_guide_has_figures_this_month_that_agree_with_the_rows(demo):
    engine, info, path, _seconds = demo
    till = manager(engine, info)
    yesterday = datetime.now(STORE_TZ).date() - timedelta(days=1)
    month = Period.month(yesterday)  # the month of the last past day (today has no sales)
    kpis = till.kpis.store(month, till.staff)
    guide = next(s for s in till.sale.guides() if s.code == "2001")
    mine = kpis.guide(guide.id)
    assert mine is not None and mine.sales > 0 and mine.units > 0
    start = datetime.combine(month.start, datetime.min.time(), STORE_TZ).astimezone(UTC)
    (gross,), = rows(path, "SELECT coalesce(sum(l.net), 0) FROM sale_line l JOIN sale s"
                     " ON s.id = l.sale_id WHERE l.guide_id = ? AND s.created_at >= ?"
                     " AND s.status = 'completed'", guide.id, start.strftime("%Y-%m-%d %H:%M:%S"))
    assert mine.gross_sales == gross > 0
    assert len([g for g in kpis.guides if g.sales]) >= 2  # guides and walk-ins


def test_the_guides_customers_have_birthdays_lapsed_members_and_expiring_coupons(demo):
    engine, info, path, _seconds = demo
    till = Till(TillServices.build(engine, info.terminal, None))
    guide = till.sign_in("2001", "2222")
    counts = till.clienteling.counts(guide)
    owned = sum(1 for m in MEMBERS if m[4])
    assert counts[CustomerList.ALL] == owned
    assert counts[CustomerList.BIRTHDAYS] >= 2
    assert counts[CustomerList.UNSEEN] >= 1
    assert counts[CustomerList.EXPIRING] >= 2
    assert rows(path, "SELECT count(*) FROM member")[0][0] == len(MEMBERS) + 1  # and 陈静


def test_a_demo_seeded_earlier_without_its_past_keeps_its_figures(tmp_path):
    engine = open_database(tmp_path / "terminal.db")
    seed_demo(engine)  # as the tests' and an older version's demo: no past
    seed_demo(engine, history=True)
    assert rows(tmp_path / "terminal.db", "SELECT count(*) FROM sale") == [(0,)]
    engine.dispose()


def test_this_weeks_enrolment_counts_as_the_guides_new_member(demo):
    engine, info, _path, _seconds = demo
    till = manager(engine, info)
    today = datetime.now(STORE_TZ).date()
    kpis = till.kpis.store(Period.custom(today - timedelta(days=6), today), till.staff)
    guide = next(s for s in till.sale.guides() if s.code == "2001")
    assert kpis.guide(guide.id).new_members == 1
