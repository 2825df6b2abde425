"""Returns' screens (issue 18): the return without receipt (a manager's, Shift+F7 from the
"More…" menu) and the return slip printed after every return. The receipt return dialog
is ui/dialogs/returns.py (F7, or a receipt QR scanned on the sale screen)."""
