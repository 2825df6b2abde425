"""The one family of errors that services raise: a stable code plus parameters, read by people.

The UI and the CLI both turn a PosError into the same translated sentence via `message()`.
"""

from __future__ import annotations

from pos_app.i18n import N_, gettext

MESSAGES: dict[str, str] = {
    "unknown_barcode": N_("No product has the barcode {code}."),
    "malformed_scan": N_("The scanned text “{code}” is not a code we can read."),
    "bad_check_digit": N_("The check digit of {code} is wrong: scan again or type the number on the label."),
    "invalid_quantity": N_("Quantity must be a whole number of at least 1 (got {quantity})."),
    "line_not_found": N_("That cart line no longer exists."),
    "cart_empty": N_("The cart is empty: scan a product first."),
    "tender_below_total": N_("Paid {paid} is less than the total {total}."),
    "tender_invalid": N_("A payment amount must be more than zero."),
    "reference_required": N_("{tender} needs a reference number."),
    "change_without_cash": N_("Only cash can be over-tendered; card and mobile payments must not exceed what is due."),
    "discount_too_large": N_("A discount of {discount} is more than the amount {amount}."),
    "discount_invalid": N_("A discount cannot be negative."),
    "staff_locked": N_("Too many wrong PINs: this account is locked until {until}."),
    "not_signed_in": N_("Sign in first."),
    "no_open_shift": N_("Open a shift before selling."),
    "shift_already_open": N_("A shift is already open on this terminal."),
    "float_invalid": N_("The opening float must be zero or more."),
    "no_receipt_to_reprint": N_("There is no receipt to reprint yet."),
    "printer_offline": N_("The printer is offline or not connected ({detail})."),
    "printer_paper_out": N_("The printer is out of paper."),
    "printer_silent": N_("The printer stopped answering; nothing was printed. Check its power "
                         "and cable."),
    "printer_unconfirmed": N_("The printer stopped answering during the receipt; it may not "
                              "have printed."),
    "printer_cover_open": N_("The printer cover is open."),
    "printer_error": N_("The printer reported an error ({detail})."),
    "printer_url_invalid": N_("The printer address “{url}” is not valid ({detail})."),
    "printer_unsupported": N_("This printer link is not supported on this system ({detail})."),
    "camera_unavailable": N_("No camera is available ({detail})."),
    "printer_columns_invalid": N_("A receipt cannot be {columns} columns wide; use one of {supported}."),
    "language_invalid": N_("“{value}” is not a language this till speaks; choose zh_CN or en."),
    "receipt_language_invalid": N_("Receipts can be printed in zh_CN or en, not “{value}”."),
    "scanner_timing_invalid": N_("Scanner timing is out of range: a code is 1 to 64 characters long and its keys come 5 to 500 ms apart."),
    "scanner_layout_invalid": N_("The keyboard layout is us or fr, and the GS stand-in is one character at most."),
    "db_damaged": N_("The local database is damaged ({detail}). It may hold sales HQ has not received: do not restore a backup yet (they would be lost). Run “shopfloor recover” to save what can be read into a fresh file, then call support."),
    "db_locked": N_("The local database is busy; try again in a moment."),
    "import_file_unreadable": N_("Cannot read the file {path} ({detail})."),
    "import_has_errors": N_("{count} rows have problems; nothing was imported."),
    "import_done": N_("Imported {created} new and {updated} updated products."),
    "amount_invalid": N_("“{text}” is not an amount of money."),
    "product_not_found": N_("No product matches “{query}”."),
    "terminal_not_set_up": N_("This terminal is not set up yet. Run `shopfloor` on a screen to pair it with HQ, or start the demo store with `shopfloor --demo`."),
    "hq_unreachable": N_("Cannot reach HQ ({detail}). Sales are kept and will be sent later."),
    "hq_unauthorized": N_("HQ no longer accepts this terminal's key: pair the terminal with HQ again."),
    "hq_error": N_("HQ had a problem (HTTP {status}). Sales are kept and will be sent later."),
    "hq_bad_response": N_("HQ sent an answer this terminal cannot read ({detail})."),
    "hq_refused": N_("HQ refused the request (HTTP {status}: {detail})."),
    "member_search_too_broad": N_("HQ needs the full phone number, member card or code, or a name with the last four digits of the phone (e.g. 陈静 1234)."),
    "member_history_not_here": N_("HQ shows other stores' purchases only for members of this store or who have bought here."),
    "member_lookup_quota": N_("Too many member look-ups from this till: HQ answers again in {retry_after} s."),
    "hq_not_paired": N_("This terminal is not paired with HQ, so only members on this till can be found."),
    "hq_url_invalid": N_("The HQ address “{url}” is not valid ({detail})."),
    "enrollment_code_invalid": N_("HQ does not accept this enrollment code (unknown, expired or already used)."),
    "already_paired": N_("This terminal is already paired with HQ at {url}."),
    "terminal_has_local_identity": N_("This database already has a store and terminal ({store_code}-{terminal_code}), e.g. the demo store: pair a fresh database with HQ."),
    "not_paired": N_("This terminal is not paired with HQ yet."),
    "cart_not_empty": N_("Finish, park (F5) or void the sale in progress before signing out."),
    "scanner_port_invalid": N_("The scanner port “{port}” is not valid ({detail})."),
    "scanner_port_unavailable": N_("The scanner on {port} cannot be opened ({detail})."),
    "unit_unknown": N_("Unit {code} is unknown to this store (not received or not synced yet): a manager may approve the sale."),
    "unit_other_store": N_("Unit {code} belongs to another store and cannot be sold here."),
    "unit_already_sold": N_("Unit {code} was already sold on receipt {receipt} on {date} by guide {guide}."),
    "unit_gifted": N_("Unit {code} was given out as a gift and cannot be sold."),
    "unit_written_off": N_("Unit {code} was written off and cannot be sold."),
    "unit_not_in_stock": N_("Unit {code} is not in stock (state: {state})."),
    "unit_bad_transition": N_("Unit {code} cannot go from {state} to {to}."),
    "unit_code_required": N_("{name} is tracked item by item: scan the unit code of this item, not its product barcode."),
    "unit_in_cart": N_("Unit {code} is already in this sale."),
    "unit_product_unknown": N_("No product in the catalog matches the unit code {code}."),
    "unit_not_found": N_("Unit {code} is not in the registry."),
    "unit_duplicate": N_("Unit {code} is already in the registry ({state})."),
    "not_a_unit_code": N_("“{code}” is not a unit code."),
    "code_unreadable": N_("“{code}” cannot be used: {reason}"),
    "code_is_receipt": N_("{code} is a receipt code: press F7 to return items from that sale."),
    "code_is_member": N_("{code} is a member code: use it in the member field, not as a product."),
    "code_is_coupon": N_("{code} is a coupon code: redeem it at payment, not as a product."),
    "manager_required": N_("This needs a manager's approval."),
    "not_a_manager": N_("{name} is not a manager and cannot approve this."),
    "sale_not_found": N_("No sale matches “{query}”."),
    "return_nothing_picked": N_("Pick at least one item to return."),
    "return_too_many": N_("Only {left} of {name} can still be returned from this sale."),
    "return_unit_not_on_sale": N_("Unit {code} was not sold on this receipt."),
    "refund_to_cash_needs_manager": N_("Refunding in cash instead of the original payment needs a manager's approval."),
    "phone_invalid": N_("That is not a mainland mobile number: type 11 digits starting with 13-19 (a +86 prefix is fine)."),
    "member_name_required": N_("Type the member's name."),
    "member_name_too_long": N_("A member name can have at most {limit} characters."),
    "member_phone_taken": N_("The mobile number {phone} already belongs to a member: look the member up instead."),
    "member_card_taken": N_("That card number already belongs to a member: look the member up instead."),
    "member_card_invalid": N_("A card number must be 4 to 48 letters or digits."),
    "member_birthday_invalid": N_("The birthday must be a date such as 1990-05-31."),
    "member_gender_invalid": N_("Gender must be female, male, other or left empty."),
    "member_consent_required": N_("The customer must agree to the membership terms (tick the box) before enrolling."),
    "member_not_found": N_("No member matches that code, card or mobile number."),
    "member_tag_required": N_("Type a tag."),
    "member_tag_too_long": N_("A tag can have at most {limit} characters."),
    "member_last4_invalid": N_("Type the last 4 digits of the mobile number."),
    "member_days_invalid": N_("Member days of the month are numbers from 1 to 31, e.g. 8, 18, 28."),
    "member_weekdays_invalid": N_("Member weekdays are numbers from 1 (Monday) to 7 (Sunday), e.g. 3."),
    "member_day_multiplier_invalid": N_("The member-day points multiplier is a number from 1 to 10, e.g. 2 or 1.5."),
    "points_insufficient": N_("Not enough points: {available} points are available."),
    "points_over_cap": N_("Points can pay at most {cap_money} of this sale ({cap_points} points)."),
    "points_need_member": N_("Attach a member before paying with points."),
    "points_member_unknown": N_("The member attached to this sale is not on this terminal."),
    "park_empty_cart": N_("There is nothing to park: the cart is empty."),
    "parked_sale_not_found": N_("That parked sale is no longer here (resumed or dropped already)."),
    "resume_cart_not_empty": N_("A sale is in progress: park it or finish it before resuming another."),
    "void_empty_cart": N_("There is no sale to void: the cart is empty."),
    "void_sale_needs_manager": N_("Voiding the whole sale needs a manager's approval."),
    "drop_parked_needs_manager": N_("Dropping a parked sale needs a manager's approval."),
    "unit_parked": N_("Unit {code} is in a sale parked at {time}: resume that sale to sell it."),
    "cart_snapshot_unreadable": N_("A saved cart cannot be read ({detail}); it was left as it is."),
    "internal": N_("Something went wrong (ref {ref}). The current sale is kept."),
    "sign_in_failed": N_("Wrong staff code or PIN."),
    "hq_url_not_secure": N_("HQ at “{url}” must be reached with https://; plain http:// is only allowed to this computer (127.0.0.1, localhost)."),
    "hq_ca_file_unreadable": N_("Cannot read HQ's CA certificate file {path} ({detail})."),
    "hq_tls_failed": N_("HQ's certificate is not trusted by this till ({detail}): check the address, the CA file and the pinned key."),
    "hq_pin_invalid": N_("A pinned key is the SHA-256 of HQ's public key: 64 hexadecimal characters or sha256/… in Base64, not “{pin}”."),
    "hq_busy": N_("HQ is busy and asked this till to wait ({retry_after} s). Sales are kept and will be sent later."),
    "import_too_large": N_("The file {path} is too large to import ({detail})."),
    # storage faults (local_db.faults), backups, recovery and self-test (issue 14)
    "db_damaged_unsynced": N_("The local database is damaged ({detail}). Events HQ has not received yet: {count}; restoring a backup would lose them. Run “shopfloor recover” to save them and what else can be read into a fresh file, then call support."),
    "db_damaged_synced": N_("The local database is damaged ({detail}). HQ has everything this till sent: run “shopfloor restore” with the latest backup, or “shopfloor recover”."),
    "db_disk_full": N_("The disk holding the store's data ({path}) is full. Free some space (old logs, downloads) and try again; nothing was lost."),
    "db_cannot_write": N_("The store's data file {path} cannot be written ({detail}): check that the disk is not read-only and that this user may write there."),
    "db_io_error": N_("The disk could not read or write {path} ({detail}). The disk may be failing: call support before restoring anything."),
    "db_newer_schema": N_("This store file was written by a newer version of Shopfloor POS (schema {revision}; this version knows up to {head}). Install the newer version; the file was left untouched."),
    "db_empty_file": N_("The store file {path} is empty (0 bytes): this store's data is missing. It was not taken for a new till. Restore it (“shopfloor restore FILE”) or move it away to set up a new till."),
    "db_not_sqlite": N_("The store file {path} is not a database (its header is wrong): this store's data is missing or overwritten. Nothing was written to it. Restore it (“shopfloor restore FILE”) or call support."),
    "db_missing_with_backups": N_("The store file {path} is missing, but this data folder holds backups (latest: {latest}). Restore it with “shopfloor restore FILE” rather than setting up a new till."),
    "selling_stopped_damaged": N_("Selling is stopped: the local database is damaged ({detail}). The cart is kept. Run “shopfloor recover” to save the unsent sales into a fresh file, then call support."),
    "backup_failed": N_("The backup could not be made ({detail})."),
    "backup_damaged": N_("The backup {path} is damaged ({detail}) and was not kept."),
    "backup_not_found": N_("There is no backup file {path}."),
    "restore_target_in_use": N_("The store file is in use by a running till: close Shopfloor POS first."),
    "restore_would_lose": N_("The store file still holds events HQ has not received ({count}): restoring a backup over it would lose them. Run “shopfloor recover” first (it saves them into a fresh file), or restore with --discard-unsent if you accept losing them."),
    "restore_needs_hq": N_("HQ could not say which receipt numbers this till already used ({detail}); nothing was changed. Restore when HQ can be reached, or with --offline (receipt numbers handed out after the backup may then be used twice; HQ books such sales and flags them)."),
    "recover_nothing": N_("Nothing could be read from {path}."),
    # promotions: rules and preview carts refused (pos_app.domain.promotions, issue 16)
    "promo_rules_unreadable": N_("The promotion rules are not valid JSON ({detail})."),
    "promo_cart_unreadable": N_("The cart file is not valid JSON ({detail})."),
    "promo_field_invalid": N_("Promotion {rule}: “{field}” is missing or not valid."),
    "promo_kind_unknown": N_("Promotion rule {rule}: “{kind}” is not a kind of rule this version knows."),
    "promo_products_empty": N_("Promotion rule {rule} names no products: give SKUs, categories or tags."),
    "promo_percent_invalid": N_("Promotion rule {rule}: a percentage is a whole number from 1 to {high} (got {percent})."),
    "promo_tiers_not_increasing": N_("Promotion rule {rule}: each spend threshold and its reduction must be higher than the one before, and a reduction less than its threshold (满300减30, 满500减60)."),
    "promo_dates_unordered": N_("Promotion rule {rule} ends ({ends}) before it starts ({starts})."),
    "promo_priority_invalid": N_("Promotion rule {rule}: priority is a whole number from 1 to 799 (got {priority})."),
    "promo_rule_duplicate": N_("Promotion rule {rule} is given twice."),
    "promo_lane_shared": N_("Exclusivity group “{group}” needs priority {priority} to itself: its rules share one priority and no other rule uses it."),
    "campaign_roi_offline": N_("HQ cannot be reached, so the campaign figures cannot be shown now ({detail}). They come from HQ: try again when the till is online. Selling is not affected."),
    "campaign_roi_unpaired": N_("This till is not paired with HQ: the campaign figures come from HQ."),
    # signed coupon codes (pos_app.domain.coupons, issue 17)
    "coupon_damaged": N_("This coupon code is damaged or incomplete: scan it again, or type its 10-character short code."),
    "coupon_version_unknown": N_("This coupon code is of a newer format (version {version}) than this till reads: update the till, or type the coupon's short code."),
    "coupon_bad_signature": N_("This coupon code is not genuine: its signature does not match. It cannot be used."),
    "coupon_unknown_key": N_("This coupon was signed with a key this till does not know yet (key {key}): sync with HQ and scan it again."),
    "coupon_key_retired": N_("This coupon was signed with a key HQ has retired (key {key}): it can no longer be used."),
    "coupon_expired": N_("This coupon expired at {until}."),
    "coupon_not_yet_valid": N_("This coupon is not valid before {since}."),
    # coupons at the till and the guide's gift redemption (pos_app.services.coupons, issue 17)
    "coupon_short_needs_hq": N_("A typed coupon code needs HQ online to be checked: scan the coupon's QR code instead, or try again when the till is online."),
    "coupon_wrong_store": N_("This coupon cannot be redeemed at this store."),
    "coupon_wrong_member": N_("This coupon belongs to another member than the one attached to this sale."),
    "coupon_not_gift": N_("This is not a gift coupon: use it at the sale screen."),
    "gift_product_unknown": N_("This coupon's gift product is not in this till's catalogue: sync with HQ and scan the coupon again."),
    "gift_unit_required": N_("Scan the gift's own unit code (一物一码): no unit code, no redemption."),
    "gift_wrong_unit": N_("Unit {code} is “{name}”, not this coupon's gift “{gift}”: scan the right gift."),
    "coupon_redeemed_here": N_("This coupon was already redeemed on this till ({slip}, {time}); it cannot be used again."),
    "coupon_already_redeemed": N_("This coupon was already redeemed at {store}, {receipt}, {time}."),
    "coupon_unknown_at_hq": N_("HQ does not know this coupon: it cannot be used."),
    "coupon_expired_at_hq": N_("HQ says this coupon has expired."),
    "coupon_not_yet_at_hq": N_("HQ says this coupon is not valid yet."),
    "coupon_void": N_("HQ has cancelled this coupon: it cannot be used."),
    "gift_wrong_product_hq": N_("HQ says this unit is not this coupon's gift: scan the right gift."),
    "coupon_refused_by_hq": N_("HQ refused this coupon ({reason})."),
    "coupon_offline_denied": N_("HQ cannot be reached, and this coupon may only be redeemed online: nothing was redeemed. Try again when the till is online."),
    "coupon_offline_over": N_("HQ cannot be reached, and offline this coupon may only be redeemed when worth less than {limit}: nothing was redeemed. Try again when the till is online."),
    "coupon_recon_offline": N_("HQ cannot be reached, so the coupon reconciliation cannot be shown now ({detail}). It comes from HQ: try again when the till is online. Redeeming is not affected."),
    "coupon_recon_unpaired": N_("This till is not paired with HQ: the coupon reconciliation comes from HQ."),
    # guide KPIs (pos_app.domain.kpis, pos_app.services.kpis, issue 19)
    "kpi_period_reversed": N_("The period ends before it starts: pick the first day, then the last."),
    "kpi_period_too_long": N_("A KPI period can be at most {days} days long."),
    "kpi_bad_month": N_("'{month}' is not a month: write it as YYYY-MM, e.g. 2026-03."),
    "kpi_not_your_figures": N_("A guide sees only their own figures."),
    "kpi_bad_target": N_("A target is an amount of money of zero or more."),
    "kpi_not_a_guide": N_("{name} is not a guide or manager of this store: no figures or target for them."),
    "kpi_line_not_found": N_("This sale line is not on this till: only lines sold here can be re-attributed."),
    "kpi_reason_required": N_("Say why the line is credited to another guide."),
    "kpi_same_guide": N_("This line is already credited to that guide."),
    # a discount coupon at the sale (pos_app.services.coupons.sale_coupon, issue 17)
    "coupon_is_gift": N_("This is a gift coupon: hand its gift over on the gift screen (Ctrl+G)."),
    "coupon_needs_member": N_("This coupon belongs to a member this till does not know: attach the member (or sync with HQ) and scan the coupon again."),
    "coupon_not_here": N_("Discount coupons cannot be redeemed on this till."),
    "coupon_in_cart": N_("This coupon is already applied to this sale."),
    "coupon_not_in_cart": N_("This coupon is not applied to this sale."),
    "revive_coupon_needs_manager": N_("Letting the customer use this sale's coupon again needs a manager's approval."),
    "change_price_needs_manager": N_("Changing a price needs a manager's approval."),
    "discount_over_limit_needs_manager": N_("A discount over your limit needs a manager's approval."),
    "void_tracked_line_needs_manager": N_("Removing a line whose unit code was scanned needs a manager's approval."),
    "return_without_receipt_needs_manager": N_("A return without a receipt needs a manager's approval."),
    "no_sale_needs_manager": N_("Opening the cash drawer without a sale needs a manager's approval."),
    "close_shift_with_queue_needs_manager": N_("Closing the shift while sales wait to reach HQ needs a manager's approval."),
    "close_shift_over_tolerance_needs_manager": N_("The counted cash is over or short by more than the tolerance: closing needs a manager's approval."),
    # shifts, cash moves, X and Z (pos_app.domain.shifts, pos_app.services.shifts, issue 18)
    "shift_already_closed": N_("This shift is already closed: its Z can be reprinted, not closed again."),
    "count_invalid": N_("“{value}” is not a count: type a whole number of notes or coins, or an amount."),
    "count_denomination_invalid": N_("There is no note or coin of {value} fen."),
    "cash_move_kind_invalid": N_("A cash move is either cash in or cash out."),
    "cash_move_amount_invalid": N_("A cash move must be an amount of more than zero."),
    "cash_move_reason_invalid": N_("Pick a reason for the cash move from the list."),
    "cash_move_note_invalid": N_("The note may be at most {limit} characters."),
    "cash_move_note_needed": N_("Say in the note why the cash moved (reason: Other)."),
    "cash_out_exceeds_drawer": N_("Taking out {amount} is more than the drawer should hold ({drawer})."),
    "z_report_unknown": N_("No Z report {ref} on this terminal."),
    "shift_tolerance_invalid": N_("The over/short tolerance must be between ¥0 and ¥1,000."),
}


# A unit's registry state is a stored code (domain/units.UnitState); a person reads a word.
UNIT_STATE_WORDS: dict[str, str] = {
    "in_stock": N_("in stock"),
    "sold": N_("sold"),
    "returned": N_("returned"),
    "gifted": N_("gifted"),
    "written_off": N_("written off"),
}


def _word(name: str, value: object) -> object:
    """The `state`/`to` of a unit message in the reader's language, not "in_stock"."""
    if name in ("state", "to") and isinstance(value, str) and value in UNIT_STATE_WORDS:
        return gettext(UNIT_STATE_WORDS[value])
    return value


class PosError(Exception):
    """A business error a person can act on; `code` is stable, `params` fill the message."""

    def __init__(self, code: str, /, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self) -> str:
        template = gettext(MESSAGES.get(self.code, self.code))
        params = {k: _word(k, v) for k, v in self.params.items()}
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template

    def __str__(self) -> str:
        return self.message()
