"""HQ authors campaigns (issue 16): campaigns and their rules in HQ's schema, checked by the
domain's own parser (pos_app.domain.promotions) so HQ never keeps a rule a till would refuse,
published on the `promotions` stream to the stores they are for; the admin CLI
(`shopfloor-hq promotions …`, hq/promotions/cli.py) and the admin API (hq/promotions/api.py)
are two doors onto hq/promotions/service.py.
"""
