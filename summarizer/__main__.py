"""`python -m summarizer` is the `summarizer` command."""

from summarizer._cli import main

main()
