"""The till: a session plus feature objects (`till.sale`, `till.members`, …); see till.py.

`TillServices.build` makes the services it is built from; `outcomes` are what a scan
answers.
"""

from pos_app.services.till.outcomes import (
    AddedLine,
    AppliesCoupon,
    AttachesMember,
    NeedsApproval,
    OpensGift,
    OpensReturn,
    Refused,
    ScanOutcome,
    line_of,
)
from pos_app.services.till.services import TillServices
from pos_app.services.till.till import Till

__all__ = ["AddedLine", "AppliesCoupon", "AttachesMember", "NeedsApproval", "OpensGift",
           "OpensReturn", "Refused", "ScanOutcome", "Till", "TillServices", "line_of"]
