"""Abuse handling: bans and held words (measures), rate limits, text hygiene (text), the
look-alike skeleton both compare (skeleton), and votes from one address (vote_origins)."""
