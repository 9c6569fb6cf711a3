"""Who may do what.

accounts, grants (what a person holds on an event), permissions (``can_*`` predicates),
invitations, passwords (policy and hashing), lockout (sign-in back-off), tokens (one-time
links), staff (an event's roles).
"""
