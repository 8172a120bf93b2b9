"""Fixtures, matching, metrics, bootstrap statistics and per-article wins."""
