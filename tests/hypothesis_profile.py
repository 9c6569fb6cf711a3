"""Hypothesis profiles, loaded by conftest.py before any test runs."""

import os
from datetime import timedelta

import hypothesis

# Hypothesis: one fixed profile under CI (the same examples on every run, nothing read from
# or saved to the example database), a random one elsewhere. Every example has a deadline,
# generous because it runs beside a busy suite on two cores: a slow example is a failure
# to look at, not a number to tune.
EXAMPLE_DEADLINE = timedelta(seconds=5)
hypothesis.settings.register_profile(
    "ci", derandomize=True, database=None, deadline=EXAMPLE_DEADLINE, print_blob=True
)
hypothesis.settings.register_profile("dev", deadline=EXAMPLE_DEADLINE)
hypothesis.settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")
