"""Links sent to people (join links, invitations, resets): always from QA_BASE_URL.

Never from the request's ``Host`` header: a forged one would put a stranger's site in a
one-time link that an organiser copies and sends on.
"""

from flask import current_app, url_for


def public_url(endpoint: str, **values) -> str:
    """``QA_BASE_URL`` followed by the path of ``endpoint``."""
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)
