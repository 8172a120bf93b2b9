"""Self-contained HTML pages of runs, eval reports and comparisons."""
