"""An event and its set-up.

events (create, update, duplicate, close, archive), program (topics and panel), series,
new_series, settings (live switches, languages), fields (shared validation), setup_files and
setup_format (whole set-ups as YAML or JSON), listings (read-only pages), retention.
"""
