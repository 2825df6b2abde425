"""`shopfloor self-test`: one line per part of the till, ok / warn / fail with the reason."""

from pos_app.services.selftest.checks import Check, run_checks

__all__ = ["Check", "run_checks"]
