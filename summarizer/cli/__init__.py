"""The `summarizer` command line."""
