"""`shopfloor self-test`: one line per part of the till, ok / warn / fail with the reason."""

from pos_app.services.selftest.check import Check
from pos_app.services.selftest.checks import run_checks

__all__ = ["Check", "run_checks"]
