"""What a shift's approvals name (issue 18: "the approval names the action, the amounts
before and after and a reason"), so the one prompt shows it and the audit row keeps it.

* no-sale: the shift the drawer opens in (no amount: no money moves);
* a close with events queued for HQ: the shift, and how many wait, in the note (a paired
  till only: an unpaired one has no HQ to wait for, its events are kept, never stuck);
* a close over or short by more than the tolerance: the shift, the tender's expected
  amount before and the counted amount after (cash, unless another tender is the one off).

An approval given through the prompt carries these, and the service holds it to them
(`approvals.held_to`): a recount after the approval needs a new one.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from local_db.models import OutboxEvent
from pos_app.domain.permissions import Action
from pos_app.domain.shifts import ShiftReport, TenderFigures
from pos_app.i18n import ngettext
from pos_app.services.approvals import NeedsApproval, needs


def no_sale_ask(shift_id: str) -> NeedsApproval:
    return needs(Action.NO_SALE, shift_id)


def queued_note(count: int) -> str:
    """The note of a close with a queue: how many events still wait (in the screen's
    language, as a typed reason would be)."""
    return ngettext("{count} event still waits for HQ", "{count} events still wait for HQ",
                    count).format(count=count)


def off_tender(report: ShiftReport) -> TenderFigures:
    """The tender the tolerance is about: cash when it is off, else the first one off."""
    off = [t for t in report.tenders if abs(t.difference or 0) > report.tolerance]
    cash = [t for t in off if t.kind == "cash"]
    return (cash or off or list(report.tenders))[0]


_CLOSE_ACTIONS = (str(Action.CLOSE_SHIFT_WITH_QUEUE), str(Action.CLOSE_SHIFT_OVER_TOLERANCE))


def own_approvals_queued(session: Session, shift_id: str) -> int:
    """Pending `override.approved` events of this shift's own close approvals (19-D queues
    one per approval): a close approved over the tolerance would otherwise find the
    approval's own event in the queue and ask a manager again for a queue it made itself.
    They stay queued and counted on the Z; they only do not ask for an approval."""
    return int(session.execute(
        select(func.count()).select_from(OutboxEvent).where(
            OutboxEvent.status == "pending", OutboxEvent.type == "override.approved",
            func.json_extract(OutboxEvent.payload, "$.entity_id") == shift_id,
            func.json_extract(OutboxEvent.payload, "$.action").in_(_CLOSE_ACTIONS))
    ).scalar_one())


def close_asks(shift_id: str, report: ShiftReport, own_queued: int = 0
               ) -> list[tuple[Action, NeedsApproval]]:
    """The approvals a close of `report` needs, in the order the prompt asks them;
    `own_queued` of the queued events are this close's approvals (not asked about)."""
    asks: list[tuple[Action, NeedsApproval]] = []
    waiting = report.queued_events - own_queued
    if waiting > 0 and report.paired:
        asks.append((Action.CLOSE_SHIFT_WITH_QUEUE, needs(
            Action.CLOSE_SHIFT_WITH_QUEUE, shift_id, note=queued_note(waiting))))
    if report.over_tolerance:
        tender = off_tender(report)
        asks.append((Action.CLOSE_SHIFT_OVER_TOLERANCE, needs(
            Action.CLOSE_SHIFT_OVER_TOLERANCE, shift_id, tender.expected, tender.counted,
            "" if tender.kind == "cash" else tender.kind)))
    return asks
