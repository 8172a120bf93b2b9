"""The evaluation harness: fixtures, predictors, scoring, reports (driven by `summarizer eval`)."""
