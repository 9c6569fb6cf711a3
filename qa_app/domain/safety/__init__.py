"""Abuse handling: bans and held words (measures), rate limits, and text hygiene."""
