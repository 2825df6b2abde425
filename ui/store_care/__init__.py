"""The running till's background care of its store file (checks, daily backup)."""

from ui.store_care.watch import StoreCareWatch, start_store_care

__all__ = ["StoreCareWatch", "start_store_care"]
