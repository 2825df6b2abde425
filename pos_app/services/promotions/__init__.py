"""The till's promotions use cases (issue 16): the manager's view of what this store's
campaigns earned (roi.py); the till's pricing with campaigns lives in services/pricing."""

from pos_app.services.promotions.roi import CampaignRoiService

__all__ = ["CampaignRoiService"]
