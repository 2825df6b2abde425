"""The services one till is built from, over one database (the app, the tests, the benches
and the CLI all build them through `TillServices.build`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from pos_app.ports import ReceiptPrinterPort
from pos_app.services.approvals import ApprovalService
from pos_app.services.auth import AuthService
from pos_app.services.catalog import CatalogService
from pos_app.services.changes import ChangeBus
from pos_app.services.checkout import CheckoutService
from pos_app.services.clienteling import ClientelingService
from pos_app.services.context import TerminalInfo
from pos_app.services.coupons import CouponReader, GiftRedemption, OnlineRedeemer
from pos_app.services.coupons.reconciliation import CouponReconciliationService
from pos_app.services.coupons.sale_coupon import SaleCoupons
from pos_app.services.kpis import KpiService
from pos_app.services.members import MemberService
from pos_app.services.members_online import MembersOnline
from pos_app.services.parked import CartStore
from pos_app.services.pricing.campaigns import CampaignRules
from pos_app.services.pricing.in_force import PricingRules
from pos_app.services.receipts import ReceiptService
from pos_app.services.returns import ReturnService
from pos_app.services.returns.no_receipt import NoReceiptReturns
from pos_app.services.returns.slip import ReturnSlips
from pos_app.services.shifts import ShiftService
from pos_app.services.till.scan import SaleScanner
from pos_app.services.units import UnitService


@dataclass
class TillServices:
    terminal: TerminalInfo
    auth: AuthService
    approvals: ApprovalService
    catalog: CatalogService
    scanner: SaleScanner
    checkout: CheckoutService
    receipts: ReceiptService
    shifts: ShiftService
    units: UnitService
    returns: ReturnService
    members: MemberService
    members_online: MembersOnline
    parked: CartStore  # parked sales and the open cart kept across restarts
    # the rules a sale is priced with (member days read at each sale: a settings change
    # applies at once); the same object the checkout prices with
    pricing: PricingRules = field(default_factory=PricingRules)
    # change notices after each commit on this database (the root hands it to the UI); the
    # pricing drops its parsed campaigns when a pull changes them
    changes: ChangeBus = field(default_factory=ChangeBus)
    gifts: GiftRedemption | None = None  # the guide's gift redemption (issue 17)
    coupon_recon: CouponReconciliationService | None = None  # HQ's report, for managers
    no_receipt: NoReceiptReturns | None = None  # a manager's return without receipt (18)
    return_slips: ReturnSlips | None = None  # the return slip, printed (issue 18)
    kpis: KpiService | None = None  # guide KPIs, targets, re-attribution (issue 19)
    clienteling: ClientelingService | None = None  # a guide's own customers (issue 19)

    @classmethod
    def build(
        cls, engine: Engine, terminal: TerminalInfo, printer: ReceiptPrinterPort | None
    ) -> TillServices:
        """The services a till needs, over one database (the app and the tests both use it)."""
        auth = AuthService(engine)
        approvals = ApprovalService(engine, auth)
        catalog = CatalogService(engine)
        units = UnitService(engine, terminal)
        changes = ChangeBus(engine)
        campaigns = CampaignRules(engine, terminal.store_id)
        campaigns.watch(changes)
        pricing = PricingRules(campaigns=campaigns, store_id=terminal.store_id)
        reader, online = CouponReader(engine, terminal), OnlineRedeemer(engine)
        receipts = ReceiptService(engine, terminal, printer)
        return cls(
            terminal=terminal,
            auth=auth,
            approvals=approvals,
            catalog=catalog,
            scanner=SaleScanner(catalog, units, approvals),
            checkout=CheckoutService(engine, terminal, catalog, units_service=units,
                                     pricing=pricing,
                                     coupons=SaleCoupons(engine, terminal, reader, online)),
            receipts=receipts,
            shifts=ShiftService(engine, terminal),
            units=units,
            returns=ReturnService(engine, terminal),
            members=MemberService(engine, terminal),
            members_online=MembersOnline(engine),
            parked=CartStore(engine, terminal),
            pricing=pricing,
            changes=changes,
            gifts=GiftRedemption(engine, terminal, reader, units, online),
            coupon_recon=CouponReconciliationService(engine),
            no_receipt=NoReceiptReturns(engine, terminal, catalog, units),
            return_slips=ReturnSlips(engine, terminal, receipts),
            kpis=KpiService(engine, terminal),
            clienteling=ClientelingService(engine),
        )
