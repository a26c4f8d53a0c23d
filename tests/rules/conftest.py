"""Hypothesis for the rules tests: no example database in the working tree, and a fixed
number of examples so a run takes the same time every time."""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("industry_brain", database=None, max_examples=100, deadline=None)
settings.load_profile("industry_brain")
