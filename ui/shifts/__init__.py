"""The shift screens (issue 18): cash in / out, the no-sale drawer open, the X report, the
count and the Z at close, and Z reprints; each opened from the tools menu (ui/tools)."""
