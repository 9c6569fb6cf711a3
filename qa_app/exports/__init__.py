"""The transcript: plain rows first, then one module per output format.

rows (load from the database), filters (options), summary (figures, timeline), labels
(words and times in the reader's language), inert (control characters), tabular (CSV,
JSON), markdown, report (HTML), charts (inline SVG), pdf (WeasyPrint), formats (the table
of formats, and the export entry point).
"""
