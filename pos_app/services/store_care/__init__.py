"""Integrity checks and the daily backup, run in the background of a running till."""

from pos_app.services.store_care.care import CareReport, StoreCare

__all__ = ["CareReport", "StoreCare"]
