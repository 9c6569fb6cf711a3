"""Load benchmark for qa_app: `python -m bench --help`."""
