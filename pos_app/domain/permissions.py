"""Who may do what at the till: one table of actions × roles (PRODUCT §1, §8).

Every role check of the terminal reads this table — the services through
`pos_app.services.approvals`, the screens through `Till.may` — so a new override or a new
role is one row or one column here, not a hunt through screens and services.

`ALLOWED`: the signed-in person does it at once. `APPROVAL`: it happens once a manager
approves with their code and PIN (a manager signed in may approve their own, which is how a
manager confirms selling a unit unknown to the store). `REFUSED`: not for this role at all;
the button is hidden or greyed and the service refuses.
"""

from __future__ import annotations

from enum import StrEnum

from pos_app.errors import PosError


class Role(StrEnum):
    CASHIER = "cashier"
    GUIDE = "guide"
    MANAGER = "manager"


class Rule(StrEnum):
    ALLOWED = "allowed"
    APPROVAL = "approval"  # needs a manager's code and PIN
    REFUSED = "refused"


class Action(StrEnum):
    """Every guarded action of the terminal; the values are stable (audit rows name them)."""

    SELL = "sell"  # ring up and take payment
    RETURN = "return"  # a return with its receipt, refunded to the original tenders
    REFUND_TO_CASH = "refund_to_cash"  # …refunded in cash instead
    SELL_UNKNOWN_UNIT = "sell_unknown_unit"  # a unit code this store's registry lacks
    VOID_SALE = "void_sale"  # the whole sale in progress thrown away
    DROP_PARKED = "drop_parked"  # a parked sale thrown away (a void just the same)
    RECEIVE_UNITS = "receive_units"  # a delivery's unit codes put in stock
    SYNC_EXCEPTIONS = "sync_exceptions"  # the events HQ refused
    SEE_FULL_PHONE = "see_full_phone"  # a member's phone unmasked
    SEE_POINTS_DEBT = "see_points_debt"  # what a member owes in points after returns
    CHANGE_SETTINGS = "change_settings"  # printer, scanner, member days (terminal settings)
    GUIDE_A_SALE = "guide_a_sale"  # be named as the guide of a sale or a line
    SEE_CAMPAIGN_ROI = "see_campaign_roi"  # what this store's campaigns earned (HQ's report)
    REVIVE_COUPON = "revive_coupon"  # a returned sale's coupon usable again (issue 17)
    # The manager's controls (issue 18)
    CHANGE_PRICE = "change_price"  # a line's unit price typed over the catalogue's
    DISCOUNT_OVER_LIMIT = "discount_over_limit"  # a line/order discount past the cashier's limit
    VOID_TRACKED_LINE = "void_tracked_line"  # a line removed after its unit code was scanned
    RETURN_WITHOUT_RECEIPT = "return_without_receipt"  # price looked up, reason code given
    NO_SALE = "no_sale"  # the cash drawer opened with no sale
    CASH_MOVE = "cash_move"  # cash put in or taken out of the drawer, with a reason
    X_REPORT = "x_report"  # the shift's figures so far (reads, changes nothing)
    CLOSE_SHIFT = "close_shift"  # count the drawer and print the Z
    CLOSE_SHIFT_WITH_QUEUE = "close_shift_with_queue"  # …while events wait for HQ
    CLOSE_SHIFT_OVER_TOLERANCE = "close_shift_over_tolerance"  # …counted over/short too much
    ISSUE_BADGE = "issue_badge"  # a manager's approval badge issued or revoked at the till
    # Guide KPIs (issue 19)
    SEE_STORE_KPIS = "see_store_kpis"  # every guide's figures (the manager's dashboard)
    SEE_OWN_KPIS = "see_own_kpis"  # my figures and my customers (the guide's screen)
    SET_GUIDE_TARGETS = "set_guide_targets"  # a guide's monthly target
    REATTRIBUTE_LINE = "reattribute_line"  # a sold line credited to another guide


_A, _P, _R = Rule.ALLOWED, Rule.APPROVAL, Rule.REFUSED

#: action → (cashier, guide, manager)
TABLE: dict[Action, tuple[Rule, Rule, Rule]] = {
    Action.SELL: (_A, _A, _A),
    Action.RETURN: (_A, _A, _A),
    Action.REFUND_TO_CASH: (_P, _P, _A),
    Action.SELL_UNKNOWN_UNIT: (_P, _P, _P),
    Action.VOID_SALE: (_P, _P, _A),
    Action.DROP_PARKED: (_P, _P, _A),
    Action.RECEIVE_UNITS: (_R, _R, _A),
    Action.SYNC_EXCEPTIONS: (_R, _R, _A),
    Action.SEE_FULL_PHONE: (_R, _R, _A),
    Action.SEE_POINTS_DEBT: (_R, _R, _A),
    Action.CHANGE_SETTINGS: (_R, _R, _A),
    Action.GUIDE_A_SALE: (_R, _A, _A),
    Action.SEE_CAMPAIGN_ROI: (_R, _R, _A),
    Action.REVIVE_COUPON: (_P, _P, _A),
    Action.CHANGE_PRICE: (_P, _P, _A),
    Action.DISCOUNT_OVER_LIMIT: (_P, _P, _A),
    Action.VOID_TRACKED_LINE: (_P, _P, _A),
    Action.RETURN_WITHOUT_RECEIPT: (_P, _P, _A),
    Action.NO_SALE: (_P, _P, _A),
    Action.CASH_MOVE: (_A, _A, _A),
    Action.X_REPORT: (_A, _A, _A),
    Action.CLOSE_SHIFT: (_A, _A, _A),
    Action.CLOSE_SHIFT_WITH_QUEUE: (_P, _P, _A),
    Action.CLOSE_SHIFT_OVER_TOLERANCE: (_P, _P, _A),
    Action.ISSUE_BADGE: (_R, _R, _A),
    Action.SEE_STORE_KPIS: (_R, _R, _A),
    Action.SEE_OWN_KPIS: (_R, _A, _A),
    Action.SET_GUIDE_TARGETS: (_R, _R, _A),
    Action.REATTRIBUTE_LINE: (_R, _R, _A),
}
_COLUMN = {Role.CASHIER: 0, Role.GUIDE: 1, Role.MANAGER: 2}

#: a refusal a manager may override → the action their approval is for (PRODUCT §2: a unit
#: received but not yet synced is unknown here; every other refusal names a fact to check)
OVERRIDES: dict[str, Action] = {"unit_unknown": Action.SELL_UNKNOWN_UNIT}

#: who may give an approval
APPROVERS = frozenset({Role.MANAGER})

#: the message a person is shown when an approval is asked for (PosError codes)
APPROVAL_REASONS: dict[Action, str] = {
    Action.REFUND_TO_CASH: "refund_to_cash_needs_manager",
    Action.SELL_UNKNOWN_UNIT: "unit_unknown",
    Action.VOID_SALE: "void_sale_needs_manager",
    Action.DROP_PARKED: "drop_parked_needs_manager",
    Action.REVIVE_COUPON: "revive_coupon_needs_manager",
    Action.CHANGE_PRICE: "change_price_needs_manager",
    Action.DISCOUNT_OVER_LIMIT: "discount_over_limit_needs_manager",
    Action.VOID_TRACKED_LINE: "void_tracked_line_needs_manager",
    Action.RETURN_WITHOUT_RECEIPT: "return_without_receipt_needs_manager",
    Action.NO_SALE: "no_sale_needs_manager",
    Action.CLOSE_SHIFT_WITH_QUEUE: "close_shift_with_queue_needs_manager",
    Action.CLOSE_SHIFT_OVER_TOLERANCE: "close_shift_over_tolerance_needs_manager",
}


def rule_for(role: str, action: Action) -> Rule:
    """The table's answer; an unknown role (a newer HQ's) may do nothing guarded."""
    try:
        column = _COLUMN[Role(role)]
    except ValueError:
        return Rule.REFUSED
    return TABLE[action][column]


def may_approve(role: str) -> bool:
    return role in APPROVERS


def refusal(action: Action) -> PosError:
    """Why a role may not do `action`: every refused cell but GUIDE_A_SALE's is a manager's
    (that one only filters who can be picked as a guide; nothing raises it)."""
    return PosError("manager_required", action=str(action))


def guides_by_default(role: str) -> bool:
    """Whoever signs in as a guide is the guide of the sales they ring up (not a manager:
    a manager ringing up for a guide picks them with F6)."""
    return role == Role.GUIDE
