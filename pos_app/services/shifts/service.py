"""The shift's use cases: open with a float, cash in / out, the no-sale drawer open, the X
(reads only) and the Z (count, approvals, stored figures, shift.closed queued), each write
in one transaction with its outbox event.

Why the close works offline: it only reads this till's rows and queues `shift.closed`
behind whatever is still pending; nothing waits for HQ and nothing queued is dropped. A
close with a queue, or counted over the tolerance, needs a manager (`NeedsApproval`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from local_db.ids import utcnow
from local_db.models import CashMove, Shift, Staff, ZReport
from local_db.uow import read_session, write_session
from pos_app.domain.money import format_money
from pos_app.domain.permissions import Action
from pos_app.domain.shifts import (
    DEFAULT_TOLERANCE,
    Count,
    MoveKind,
    ShiftFacts,
    ShiftReport,
    build_report,
    checked_move,
    hide_expected,
)
from pos_app.domain.shifts.cash_slip import CashSlip
from pos_app.errors import PosError
from pos_app.services import audit, outbox
from pos_app.services.approvals import Approval, NeedsApproval, check, decide, held_to, may
from pos_app.services.checkout import next_sequence
from pos_app.services.context import ShiftInfo, StaffInfo, TerminalInfo
from pos_app.services.settings import Settings
from pos_app.services.shifts.asks import close_asks, no_sale_ask, own_approvals_queued
from pos_app.services.shifts.cash_slips import cash_slip_for
from pos_app.services.shifts.counts import COUNT_CHECKED, Z_REPRINTED, counts_checked, z_counts
from pos_app.services.shifts.facts import read_facts
from pos_app.services.shifts.payloads import closed_payload, moved_payload, no_sale_payload
from pos_app.services.shifts.stored import report_from_json, report_json
from sync.contract.events_shifts import ShiftOpenedPayload


@dataclass(frozen=True)
class ShiftPolicy:
    """The terminal settings a close follows (Settings.shift_tolerance / blind_count)."""

    tolerance: int = DEFAULT_TOLERANCE  # fen a tender may be over or short without a manager
    blind_count: bool = False  # expected figures hidden from the counter until the count

    @classmethod
    def of(cls, settings: Settings) -> ShiftPolicy:
        return cls(settings.shift_tolerance, settings.blind_count)


@dataclass(frozen=True)
class CashMoveDone:
    id: str
    kind: str  # in | out | no_sale
    amount: int
    reason_code: str
    note: str
    at: datetime


@dataclass(frozen=True)
class ClosedShift:
    shift_id: str
    z_no: int
    report: ShiftReport  # as stored: `z_report(z_no)` gives it back byte for byte


def _info(shift: Shift) -> ShiftInfo:
    return ShiftInfo(id=shift.id, opened_by=shift.opened_by, opening_float=shift.opening_float)


def _approval_for(action: Action, given: Approval | Sequence[Approval] | None
                  ) -> Approval | None:
    if given is None:
        return None
    for one in (given,) if isinstance(given, Approval) else given:
        if one.action == action:
            return one
    return None


class ShiftService:
    def __init__(self, engine: Engine, terminal: TerminalInfo,
                 policy: ShiftPolicy | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self._engine = engine
        self._terminal = terminal
        fixed = policy or ShiftPolicy()
        # read at each use, so a settings change applies at once (the root points it at
        # the terminal settings: `ShiftPolicy.of(settings_service.settings)`)
        self.policy_source: Callable[[], ShiftPolicy] = lambda: fixed
        self._clock = clock

    @property
    def policy(self) -> ShiftPolicy:
        return self.policy_source()

    # --- the shift -----------------------------------------------------------------------
    def _open(self, session: Session) -> Shift | None:
        return session.exec(select(Shift).where(
            Shift.terminal_id == self._terminal.terminal_id, Shift.closed_at.is_(None))).first()

    def _open_required(self, session: Session) -> Shift:
        shift = self._open(session)
        if shift is None:
            raise PosError("no_open_shift")
        return shift

    def current(self) -> ShiftInfo | None:
        with read_session(self._engine) as session:
            shift = self._open(session)
            return _info(shift) if shift else None

    def open_shift(self, staff: StaffInfo, opening_float: int) -> ShiftInfo:
        if isinstance(opening_float, bool) or not isinstance(opening_float, int):
            raise PosError("float_invalid")
        if opening_float < 0:
            raise PosError("float_invalid")
        with write_session(self._engine) as session:
            if self._open(session) is not None:
                raise PosError("shift_already_open")
            shift = Shift(terminal_id=self._terminal.terminal_id, opened_by=staff.id,
                          opening_float=opening_float, opened_at=self._clock())
            session.add(shift)
            session.flush()
            audit.append(session, "shift_opened", staff.id, shift.id, opening_float=opening_float)
            outbox.enqueue(session, shift.id, ShiftOpenedPayload(
                shift_id=shift.id, terminal_id=shift.terminal_id, opened_by=staff.id,
                opened_at=shift.opened_at, opening_float=opening_float,
            ))
            return _info(shift)

    # --- the drawer ----------------------------------------------------------------------
    def cash_move(self, staff: StaffInfo | None, kind: str, amount: int, reason_code: str,
                  note: str = "") -> CashMoveDone:
        """Cash put in ("in") or taken out ("out"), with a reason code (domain.shifts
        CashMoveReason) and a note; a cash out is refused past what the drawer should hold."""
        who = check(staff, Action.CASH_MOVE)
        move, amount, reason, note = checked_move(kind, amount, reason_code, note)
        with write_session(self._engine) as session:
            shift = self._open_required(session)
            at = self._clock()
            if move == MoveKind.OUT:
                drawer = self._figures(session, shift, at).expected_cash
                if amount > drawer:
                    raise PosError("cash_out_exceeds_drawer", amount=format_money(amount),
                                   drawer=format_money(drawer))
            row = CashMove(shift_id=shift.id, terminal_id=self._terminal.terminal_id,
                           staff_id=who.id, kind=str(move), amount=amount,
                           reason_code=str(reason), note=note, created_at=at)
            session.add(row)
            session.flush()
            audit.append(session, "cash_moved", who.id, row.id, kind=str(move), amount=amount,
                         reason=str(reason), shift=shift.id)
            outbox.enqueue(session, row.id, moved_payload(row))
            return CashMoveDone(row.id, row.kind, amount, row.reason_code, note, at)

    def no_sale(self, staff: StaffInfo | None, approved_by: Approval | None = None
                ) -> CashMoveDone | NeedsApproval:
        """The drawer opened with no sale: a manager's action (or approval). Recorded here;
        the screen kicks the drawer once this returns a CashMoveDone."""
        with write_session(self._engine) as session:
            shift = self._open_required(session)
            asked = no_sale_ask(shift.id)  # the prompt names the shift
            answer = decide(staff, Action.NO_SALE, approved_by,
                            asked=held_to(asked, approved_by))
            if isinstance(answer, NeedsApproval):
                return answer  # nothing written
            assert staff is not None
            row = CashMove(shift_id=shift.id, terminal_id=self._terminal.terminal_id,
                           staff_id=staff.id, approved_by=answer.id, kind="no_sale",
                           amount=0, reason_code="no_sale", created_at=self._clock())
            session.add(row)
            session.flush()
            audit.append(session, "drawer_opened_no_sale", staff.id, row.id,
                         approved_by=answer.id, shift=shift.id)
            outbox.enqueue(session, row.id, no_sale_payload(row))
            return CashMoveDone(row.id, "no_sale", 0, "no_sale", "", row.created_at)

    def cash_slip(self, move_id: str) -> CashSlip:
        """The paper of a recorded cash move, built right after it: with the drawer's
        expected cash as it stands then (one X's worth of sums), left off under a blind
        count (the counter must not read it) or once the shift is closed."""
        with read_session(self._engine) as session:
            shift = self._open(session)
            drawer = None
            if shift is not None and not self.policy.blind_count:
                drawer = self._figures(session, shift, self._clock()).expected_cash
            return cash_slip_for(session, self._terminal, move_id, drawer)

    # --- X and Z -------------------------------------------------------------------------
    def _name(self, session: Session, staff_id: str | None) -> str:
        if not staff_id:
            return ""
        staff = session.get(Staff, staff_id)
        return staff.name if staff else staff_id

    def _figures(self, session: Session, shift: Shift, at: datetime, kind: str = "X",
                 count: Count | None = None, facts: ShiftFacts | None = None,
                 **z: object) -> ShiftReport:
        t = self._terminal
        return build_report(
            facts or read_facts(session, shift, at), kind=kind, shift_id=shift.id,
            store_code=t.store_code, terminal_code=t.terminal_code,
            opened_by=self._name(session, shift.opened_by),
            opened_at=shift.opened_at.isoformat(), at=at.isoformat(), count=count,
            tolerance=self.policy.tolerance, **z)  # type: ignore[arg-type]

    def x_report(self, staff: StaffInfo | None = None) -> ShiftReport:
        """The open shift's figures so far; reads only (not a row changes). Under a blind
        count a non-manager sees no expected figures."""
        if staff is not None:
            check(staff, Action.X_REPORT)
        with read_session(self._engine) as session:
            report = self._figures(session, self._open_required(session), self._clock())
        if self.policy.blind_count and not (staff is not None and staff.is_manager):
            return hide_expected(report)
        return report

    def preview_close(self, staff: StaffInfo | None, counted: Count) -> ShiftReport:
        """The Z figures as they would close with `counted` (over/short, tolerance), for the
        screen to show after the count and before the close; nothing is written."""
        check(staff, Action.CLOSE_SHIFT)
        with read_session(self._engine) as session:
            return self._figures(session, self._open_required(session), self._clock(), "Z",
                                 counted)

    def check_count(self, staff: StaffInfo | None, counted: Count) -> ShiftReport:
        """A count checked before the close (a blind count's Check count): the figures as
        `preview_close` gives them, and an audit row `shift_count_checked` with its attempt
        number, so a count cancelled and made again until it matches shows on the Z."""
        who = check(staff, Action.CLOSE_SHIFT)
        with write_session(self._engine) as session:
            shift = self._open_required(session)
            report = self._figures(session, shift, self._clock(), "Z", counted)
            audit.append(session, COUNT_CHECKED, who.id, shift.id,
                         attempt=counts_checked(session, shift.id) + 1,
                         counted_cash=report.counted_cash, over_short=report.over_short)
            return report

    def close_needs(self, staff: StaffInfo | None, counted: Count) -> list[NeedsApproval]:
        """Every approval a close of `counted` would ask for now (the queue, the tolerance,
        in that order), so the screen asks a manager once for all of them (20-L1); `close`
        still checks each. Nothing is written."""
        who = check(staff, Action.CLOSE_SHIFT)
        with read_session(self._engine) as session:
            shift = self._open_required(session)
            report = self._figures(session, shift, self._clock(), "Z", counted)
            asks = close_asks(shift.id, report, own_approvals_queued(session, shift.id))
        return [asked for action, asked in asks if not may(who, action)]

    def close(self, staff: StaffInfo | None, counted: Count,
              approved_by: Approval | Sequence[Approval] | None = None,
              shift_id: str | None = None) -> ClosedShift | NeedsApproval:
        """The Z: counted, approved where needed, numbered, stored and queued for HQ in one
        transaction. `shift_id` (the till's shift) makes a second close say so."""
        who = check(staff, Action.CLOSE_SHIFT)
        with write_session(self._engine) as session:
            shift = session.get(Shift, shift_id) if shift_id else self._open(session)
            if shift is None or shift.terminal_id != self._terminal.terminal_id:
                raise PosError("no_open_shift")
            if shift.closed_at is not None:
                raise PosError("shift_already_closed")
            at = self._clock()
            facts = read_facts(session, shift, at)
            report = self._figures(session, shift, at, "Z", counted, facts)
            approvers = {}
            for action, asked in close_asks(shift.id, report,
                                            own_approvals_queued(session, shift.id)):
                given = _approval_for(action, approved_by)
                answer = decide(who, action, given, asked=held_to(asked, given))
                if isinstance(answer, NeedsApproval):
                    return answer
                approvers[str(action)] = answer.id
            z_no = next_sequence(session, f"z:{self._terminal.terminal_id}")
            before = session.exec(select(func.coalesce(func.sum(ZReport.grand_total), 0))
                                  .where(ZReport.terminal_id == self._terminal.terminal_id,
                                         ZReport.z_no == z_no - 1)).one()
            report = replace(self._figures(
                session, shift, at, "Z", counted, facts, z_no=z_no, closed_by=who.name,
                grand_total_before=int(before)), counts=z_counts(session, shift.id))
            shift.closed_at, shift.closed_by = at, who.id
            shift.counted_cash = counted.cash_total
            session.add(shift)
            session.add(ZReport(terminal_id=shift.terminal_id, shift_id=shift.id, z_no=z_no,
                                closed_at=at, closed_by=who.id, grand_total=report.grand_total,
                                figures=report_json(report)))
            session.flush()
            audit.append(session, "shift_closed", who.id, shift.id, z_no=z_no,
                         over_short=report.over_short, queued=report.queued_events,
                         counts=report.counts, **approvers)
            outbox.enqueue(session, shift.id, closed_payload(shift, who.id, report))
            return ClosedShift(shift.id, z_no, report)

    def z_report(self, ref: int | str) -> ShiftReport:
        """A stored Z by its number on this terminal or its shift id, exactly as closed."""
        with read_session(self._engine) as session:
            query = select(ZReport).where(ZReport.terminal_id == self._terminal.terminal_id)
            query = query.where(ZReport.z_no == ref if isinstance(ref, int)
                                else ZReport.shift_id == ref)
            row = session.exec(query).first()
            if row is None:
                raise PosError("z_report_unknown", ref=ref)
            return report_from_json(row.figures)

    def reprint_z(self, staff: StaffInfo | None, ref: int | str) -> ShiftReport:
        """A stored Z to print again: marked a copy (the slip says COPY / 副本) and audited
        (`z_reprinted`: who printed which Z again), as a second paper of a day's money."""
        if staff is None:
            raise PosError("not_signed_in")
        report = self.z_report(ref)
        with write_session(self._engine) as session:
            audit.append(session, Z_REPRINTED, staff.id, report.shift_id, z_no=report.z_no)
        return replace(report, copy=True)

    def z_list(self, limit: int = 20) -> list[tuple[int, str, datetime]]:
        """(z_no, shift_id, closed_at) of the latest Zs, newest first (the reprint list)."""
        with read_session(self._engine) as session:
            return [(z.z_no, z.shift_id, z.closed_at) for z in session.exec(
                select(ZReport).where(ZReport.terminal_id == self._terminal.terminal_id)
                .order_by(ZReport.z_no.desc()).limit(limit))]

