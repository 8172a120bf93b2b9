"""The data: articles, briefings and their items, result lines, prices (pydantic models)."""
