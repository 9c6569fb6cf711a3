"""What views and socket handlers share about the web: who is asking, and how to answer.

auth (staff identity, Flask-Login), i18n (the reader's language and local formats),
client_strings (the browser's strings, translated here), security (headers, proxy,
cookies), rate_limits (which key each action counts against), outages (database or
Redis gone: ``unavailable``, retried once), health (what /healthz checks).
"""
