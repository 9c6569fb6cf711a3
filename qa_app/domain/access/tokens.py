"""One-time link tokens: the link carries the token, the database only its hash.

API: ``new_token() -> (token, token_hash)``, ``hash_token(token) -> str``.
A SHA-256 of a 256-bit random token needs no salt nor a slow hash: it cannot be
guessed, only stolen, and the database never holds it.
"""

import hashlib
import secrets

TOKEN_BYTES = 32


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)
