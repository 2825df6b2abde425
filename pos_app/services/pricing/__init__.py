"""Pricing as the till applies it: the rules in force today, and a priced sale's
adjustments as sale rows and wire form (the rules themselves live in pos_app.domain.pricing)."""
