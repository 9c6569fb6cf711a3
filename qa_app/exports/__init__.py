"""The transcript: plain rows first, then one module per output format."""
