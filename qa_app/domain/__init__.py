"""The rules of the Q&A in plain Python: no HTTP, no sockets, no rendering.

Units of work commit and raise ``DomainError``; they never emit, abort or render.
"""
