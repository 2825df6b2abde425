"""HQ's side of returns at the till (issue 18): the receipt look-up for a return at
another till of the same store, and the bounds on a return without receipt
(no_receipt_check.py). Applying and bounding returns of a sale: hq/apply_returns.py and
hq/value_returns.py."""
