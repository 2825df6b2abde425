"""Returns against a receipt (PRODUCT §3): find the sale, pick lines, refund, restock.

The sale is this till's, or another till's of the same store looked up at HQ while online
(`remote.ReceiptLookup`). Online, HQ also says what other tills already returned of the
sale, so no till refunds more than was sold; offline, this till's own rows are all it knows
and HQ bounds the return when it arrives (hq/value_returns.py refuses an over-refund).

Refunds go back to the original tenders in proportion (largest remainder; cash change given
is never refunded) unless a manager approves cash. Line amounts are cumulative floors, so
several partial returns of one line add up exactly to what was paid for it (its net after
every adjustment: member price, campaign, coupon, manual discount).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine

from local_db.ids import utcnow
from local_db.uow import read_session, write_session
from pos_app.domain.permissions import Action
from pos_app.errors import PosError
from pos_app.services.approvals import Approval, NeedsApproval, decide, hold
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo
from pos_app.services.coupons.revive import revive_sale_coupons
from pos_app.services.returns.asks import cash_refund_ask, coupon_value, revive_ask
from pos_app.services.returns.load import load_sale
from pos_app.services.returns.model import CompletedReturn, ReturnableSale, plan_refund
from pos_app.services.returns.remote import ClientFactory, HqAnswer, ReceiptLookup
from pos_app.services.returns.write import write_return


class ReturnService:
    def __init__(
        self, engine: Engine, terminal: TerminalInfo, clock: Callable[[], datetime] = utcnow,
        client_factory: ClientFactory | None = None,
    ) -> None:
        self._engine = engine
        self._terminal = terminal
        self._clock = clock
        self._hq = ReceiptLookup(engine, terminal, client_factory)

    def asks_hq(self) -> bool:
        """Paired with HQ: a look-up or a return asks HQ first (the UI then runs it off the
        GUI thread)."""
        return self._hq.paired()

    def find_sale(self, code: str) -> ReturnableSale:
        """By receipt QR (SFR:<uuid>) or a typed receipt number; asks HQ when paired (a few
        seconds at most: call it off the GUI thread)."""
        if not code.strip():
            raise PosError("sale_not_found", query="")
        answer = self._hq.ask(code)
        with read_session(self._engine) as session:
            return load_sale(session, code, self._terminal, answer)

    def cash_refund_ask(self, sale: ReturnableSale, picks: dict[str, int]) -> NeedsApproval:
        """What a manager is asked for a refund of `picks` in cash (the prompt shows it)."""
        return cash_refund_ask(sale, picks)

    def revive_ask(self, sale: ReturnableSale) -> NeedsApproval:
        """What a manager is asked to let the customer use the sale's coupons again."""
        with read_session(self._engine) as session:
            return revive_ask(sale, coupon_value(session, sale.sale_id, sale.coupon_ids))

    def complete_return(
        self,
        code: str,
        picks: dict[str, int],
        staff: StaffInfo | None,
        shift: ShiftInfo | None,
        to_cash: bool = False,
        approved_by: Approval | None = None,
        reason: str = "",
        revive_coupon: bool = False,
        revive_by: Approval | None = None,
    ) -> CompletedReturn:
        """Everything in one transaction; the pick list is re-checked under the write lock
        (HQ is asked before the lock is taken, never while holding it). A refund to cash is
        the permissions table's REFUND_TO_CASH (a manager's); reviving the sale's coupon is
        REVIVE_COUPON (a manager's, audited: coupons/revive.py)."""
        if staff is None:
            raise PosError("not_signed_in")
        if shift is None:
            raise PosError("no_open_shift")
        approver = decide(staff, Action.REFUND_TO_CASH, approved_by) if to_cash else None
        if isinstance(approver, NeedsApproval):
            raise approver.reason
        reviver = decide(staff, Action.REVIVE_COUPON, revive_by) if revive_coupon else None
        if isinstance(reviver, NeedsApproval):
            raise reviver.reason
        answer = self._hq.ask(code) if code.strip() else HqAnswer(False)
        with write_session(self._engine) as session:
            sale = load_sale(session, code, self._terminal, answer)
            if to_cash:
                hold(approved_by, cash_refund_ask(sale, picks, reason))
            if revive_coupon:
                hold(revive_by, revive_ask(sale, coupon_value(session, sale.sale_id,
                                                              sale.coupon_ids)))
            total, parts = plan_refund(sale, picks, to_cash)
            done = write_return(session, self._terminal, self._clock(), sale, picks, total,
                                parts, staff, shift, approver, to_cash, reason)
            if reviver is not None and sale.kind == "receipt":
                revive_sale_coupons(session, sale.sale_id, done.return_id, reviver,
                                    self._terminal, self._clock())
            return done
