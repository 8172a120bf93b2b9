"""`summarizer eval`: predictions, scoring against hand-labelled fixtures, reports."""
