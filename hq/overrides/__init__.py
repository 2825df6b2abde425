"""Overrides at HQ (issue 19): the managers' approvals tills push, for the guide KPIs."""
