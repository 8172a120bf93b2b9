"""Eval results as markdown, terminal tables and HTML pages."""
