"""Re-attribution and targets on a real till file: a new row each time (the sale line is
never edited), audited and queued in one transaction, the latest row wins; the refusals
said; targets replaced per month, audited."""

from __future__ import annotations

import json

import pytest

from pos_app.domain.kpis import Period
from pos_app.errors import PosError
from pos_app.services.kpis import KpiService
from tests.services.unit_world import COLA, pay_cash, rows, till_for


def _sold(world):
    till = till_for(world)
    till.sale.ring(COLA, 2)
    return pay_cash(till)


def _code(call) -> str:
    with pytest.raises(PosError) as info:
        call()
    return info.value.code


def test_a_line_is_credited_to_its_latest_attribution_and_never_edited(world):
    done = _sold(world)
    kpis = KpiService(world.engine, world.terminal)
    (line,) = kpis.sold_lines(done.receipt_no)
    assert (line.guide_id, line.sold_by_guide_id) == ("", "")
    today = kpis.today()  # the store's calendar day, not the machine's
    assert kpis.store(today, world.manager).guide("").net_sales == 700

    kpis.reattribute(world.manager, line.sale_line_id, world.guide.id, "王芳 served")
    kpis.reattribute(world.manager, line.sale_line_id, world.manager.id, "shared")
    kpis.reattribute(world.manager, line.sale_line_id, world.guide.id, "王芳 after all")
    (now,) = kpis.sold_lines(done.sale_id)
    assert now.guide_id == world.guide.id
    report = kpis.store(today, world.manager)
    assert report.guide(world.guide.id).net_sales == 700 and report.guide("") is None
    assert rows(world, "SELECT guide_id FROM sale_line") == [(None,)]  # as rung up
    assert rows(world, "SELECT count(*) FROM line_attribution") == [(3,)]
    assert rows(world, "SELECT count(*) FROM audit_log WHERE action='kpi_reattribute'"
                ) == [(3,)]
    payloads = [json.loads(p) for (p,) in rows(
        world, "SELECT payload FROM outbox_event WHERE type='line.reattributed' ORDER BY seq")]
    assert [(p["from_guide_id"], p["guide_id"]) for p in payloads] == [
        ("", world.guide.id), (world.guide.id, world.manager.id),
        (world.manager.id, world.guide.id)]


def test_re_attribution_refusals_write_nothing(world):
    done = _sold(world)
    kpis = KpiService(world.engine, world.terminal)
    (line,) = kpis.sold_lines(done.receipt_no)
    m = world.manager
    assert _code(lambda: kpis.reattribute(m, line.sale_line_id, world.guide.id, "  ")
                 ) == "kpi_reason_required"
    assert _code(lambda: kpis.reattribute(m, "nope", world.guide.id, "x")
                 ) == "kpi_line_not_found"
    assert _code(lambda: kpis.reattribute(m, line.sale_line_id, world.cashier.id, "x")
                 ) == "kpi_not_a_guide"
    assert _code(lambda: kpis.reattribute(m, line.sale_line_id, "", "x")) == "kpi_same_guide"
    assert _code(lambda: kpis.reattribute(world.guide, line.sale_line_id, world.guide.id, "x")
                 ) == "manager_required"
    assert rows(world, "SELECT count(*) FROM line_attribution") == [(0,)]
    assert rows(world, "SELECT count(*) FROM outbox_event WHERE type='line.reattributed'"
                ) == [(0,)]


def test_targets_are_per_guide_and_month_replaced_and_audited(world):
    kpis = KpiService(world.engine, world.terminal)
    kpis.set_target(world.manager, world.guide.id, "2026-12", 500000)
    kpis.set_target(world.manager, world.guide.id, "2026-12", 600000)
    kpis.set_target(world.manager, world.guide.id, "2027-1", 700000)  # read as 2027-01
    assert kpis.targets("2026-12") == {world.guide.id: 600000}
    assert kpis.targets("2027-01") == {world.guide.id: 700000}
    assert rows(world, "SELECT count(*) FROM audit_log WHERE action='kpi_target'") == [(3,)]
    month = kpis.store(Period.month(2026, 12), world.manager)
    assert month.guide(world.guide.id).target == 600000
    assert _code(lambda: kpis.set_target(world.manager, world.guide.id, "2026-13", 1)
                 ) == "kpi_bad_month"
    assert _code(lambda: kpis.set_target(world.manager, world.guide.id, "2026-12", -1)
                 ) == "kpi_bad_target"
    assert _code(lambda: kpis.set_target(world.manager, world.cashier.id, "2026-12", 1)
                 ) == "kpi_not_a_guide"
    assert _code(lambda: kpis.set_target(world.guide, world.guide.id, "2026-12", 1)
                 ) == "manager_required"


def test_the_short_receipt_number_finds_the_sale_as_at_returns(world):
    done = _sold(world)
    kpis = KpiService(world.engine, world.terminal)
    short = str(int(done.receipt_no.rsplit("-", 1)[1]))  # "101" for S01-T01-000101
    (line,) = kpis.sold_lines(short)
    assert line.receipt_no == done.receipt_no
    assert kpis.sold_lines("999999") == []


def test_a_returned_line_is_marked_and_its_return_moves_with_it(world):
    till = till_for(world)
    till.sale.ring(COLA, 2)
    done = pay_cash(till)
    kpis = KpiService(world.engine, world.terminal)
    (line,) = kpis.sold_lines(done.receipt_no)
    assert (line.returned, line.fully_returned) == (0, False)
    till.returns.complete(done.receipt_no, {line.sale_line_id: 1})
    (line,) = kpis.sold_lines(done.receipt_no)
    assert (line.returned, line.fully_returned) == (1, False)
    kpis.reattribute(world.manager, line.sale_line_id, world.guide.id, "served it")  # partly
    till.returns.complete(done.receipt_no, {line.sale_line_id: 1})
    (line,) = kpis.sold_lines(done.receipt_no)
    assert (line.returned, line.fully_returned) == (2, True)
    kpis.reattribute(world.manager, line.sale_line_id, "", "the cashier sold it")
    report = kpis.store(kpis.today(), world.manager)
    assert report.guide("").returns == 2 and report.guide("").net_sales == 0
    wang = report.guide(world.guide.id)  # nothing left on the wrong guide
    assert (wang.sales, wang.returns, wang.returns_amount) == (0, 0, 0)
