"""OpenAI-compatible endpoints: clients, instructor calls, retries, wire format, Batch API files."""
