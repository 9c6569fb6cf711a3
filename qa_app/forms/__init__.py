"""Flask-WTF forms of the management and account pages, one module per area.

Forms check the shape of the input (types, lengths, known choices) and give field-level
errors in the reader's language; the rules themselves live in ``qa_app/domain``.
"""
