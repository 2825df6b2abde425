"""The till's promotions screens (issue 16): what campaigns do on the sale screen, and the
manager's campaign ROI view (roi_dialog.py)."""
