"""What a scan is, in words a support person or manager can check (scanner test area)."""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.domain.codes import CodeKind, classify
from pos_app.i18n import N_, gettext

KIND_LABELS = {
    CodeKind.PRODUCT_BARCODE: N_("product barcode"),
    CodeKind.UNIT: N_("unit code (one product, one code)"),
    CodeKind.MEMBER: N_("member code"),
    CodeKind.COUPON: N_("coupon code"),
    CodeKind.RECEIPT: N_("receipt code"),
    CodeKind.UNKNOWN: N_("not a code we can use"),
}
FIELD_LABELS = (
    ("gtin", N_("GTIN")), ("serial", N_("Serial")), ("lot", N_("Lot")),
    ("expiry", N_("Expiry")), ("sku", N_("SKU")), ("member_ref", N_("Member")),
    ("sale_id", N_("Sale")), ("receipt_no", N_("Receipt")), ("error", N_("Problem")),
)


@dataclass(frozen=True)
class ScanDescription:
    text: str  # the code, control characters shown as <GS> etc.
    kind: str  # CodeKind value
    kind_label: str  # translated
    details: tuple[tuple[str, str], ...]  # (translated label, value)


def visible(text: str) -> str:
    """GS separators and other control characters made readable."""
    return "".join("<GS>" if ch == "\x1d" else (f"<{ord(ch):02X}>" if ord(ch) < 32 else ch)
                   for ch in text)


def describe_scan(code: str) -> ScanDescription:
    found = classify(code, "any")
    details = []
    for attr, label in FIELD_LABELS:
        value = getattr(found, attr, None)
        if value:
            details.append((gettext(label), str(value)))
    return ScanDescription(
        text=visible(code),
        kind=str(found.kind),
        kind_label=gettext(KIND_LABELS[found.kind]),
        details=tuple(details),
    )
