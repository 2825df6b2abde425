"""Returns' screens (issue 18): the receipt return (by_receipt.py: F7, or a receipt QR
scanned on the sale screen, its lines picked in lines_table.py), the return without receipt
(no_receipt.py: a manager's, Shift+F7 from the "More…" menu) and the return slip printed
after every return (slip_print.py)."""
