"""Classify whatever the scanner (or a person) typed: product, unit, member, coupon, receipt.

One entry point, `classify`, applies PRODUCT §2 "Which kind wins" so every input field
routes codes the same way.
"""

from __future__ import annotations

from pos_app.domain.barcodes import barcode_forms
from pos_app.domain.codes.classify import classify
from pos_app.domain.codes.gs1 import gtin14
from pos_app.domain.codes.model import Classified, CodeKind

__all__ = ["Classified", "CodeKind", "barcode_forms", "classify", "gtin14"]
