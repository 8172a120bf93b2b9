"""Prompt templates, their rendering around untrusted article text, and long-article splitting."""
