"""Questions from ask to answer.

operations (ask, vote, translate), moderation, merging, editing, asker (own edits and
withdrawals), answers, upnext, translating, similarity (merge suggestions), language
(detection), unit (shared bookkeeping), payloads and reading (what each audience sees),
versions (the text version ``approve`` carries).
"""
