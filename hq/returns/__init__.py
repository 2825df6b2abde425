"""HQ's side of returns at the till (issue 18): the receipt look-up for a return at
another till of the same store. Applying and bounding returns: hq/apply_returns.py and
hq/value_returns.py."""
