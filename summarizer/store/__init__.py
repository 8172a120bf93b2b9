"""What is kept on disk: the briefing cache, the JSONL result log, the library's directories."""
