"""The whole store's guide KPIs for the manager's dashboard (issue 19-C).

The till's own database holds only the sales, returns and coupons made at THIS till; HQ holds
every till's. So when the till is paired and HQ answers (GET /v1/kpis with the device
token, short timeouts), the dashboard shows HQ's figures of the store; else the till's own,
saying so ("this till only"). The figures are the same definition either way
(pos_app.domain.kpis): HQ's answer carries the stored counts, rebuilt here into the same
`StoreKpis` the till computes, for the period the manager chose.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from pos_app.domain.kpis import GuideKpis, Period, StoreKpis
from pos_app.errors import PosError
from pos_app.services.hq_calls import ClientFactory, quick_client
from sync.contract.kpis_api import KpiRow, StoreKpisAnswer
from sync.link import hq_link, tls_options

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 2.0
READ_TIMEOUT_S = 8.0  # a month of a busy store at HQ is well under a second

FROM_HQ, TILL_UNPAIRED, TILL_HQ_DOWN = "hq", "unpaired", "hq_unreachable"

_default_client = quick_client(READ_TIMEOUT_S, CONNECT_TIMEOUT_S)


@dataclass(frozen=True)
class StoreView:
    """A report and where its figures come from: `FROM_HQ` (every till of the store), or
    this till only — `TILL_UNPAIRED`, or `TILL_HQ_DOWN` (paired, HQ did not answer: `error`)."""

    kpis: StoreKpis
    source: str
    error: PosError | None = None

    @property
    def whole_store(self) -> bool:
        return self.source == FROM_HQ


def from_answer(period: Period, answer: StoreKpisAnswer) -> StoreKpis:
    """HQ's answer as the till's own report of `period` (the stored counts; the derived
    figures are properties of GuideKpis, the same rules)."""
    return StoreKpis(period, answer.store_id, [_row(r) for r in answer.guides],
                     _row(answer.total), [(d, fen) for d, fen in answer.daily])


def _row(r: KpiRow) -> GuideKpis:
    return GuideKpis(**r.model_dump())


def ask_hq(engine: Engine, period: Period, local: Callable[[], StoreKpis],
           client_factory: ClientFactory | None = None) -> StoreView:
    """HQ's figures of the store if paired and HQ answers, else `local()` saying why."""
    link = hq_link(engine)
    if link is None:
        return StoreView(local(), TILL_UNPAIRED)
    make = client_factory or _default_client
    try:
        with make(link.hq_url, link.token, **tls_options(link)) as client:
            answer = client.store_kpis(period.start, period.end)
    except PosError as exc:
        log.info("store KPIs at HQ failed: %s", exc.code)
        return StoreView(local(), TILL_HQ_DOWN, exc)
    return StoreView(from_answer(period, answer), FROM_HQ)
