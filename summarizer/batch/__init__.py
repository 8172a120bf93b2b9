"""Many articles: inputs, concurrency, `summarizer run`, the provider Batch API run, progress."""
