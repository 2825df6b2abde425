"""The till's promotions screens (issue 16): the manager's campaign ROI view."""
