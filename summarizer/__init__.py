"""summarizer: news articles in, structured and verifiable briefings out."""
