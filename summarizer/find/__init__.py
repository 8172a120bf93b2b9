"""What the library finds without a model: sentences, names, numbers, quotes, measures, speakers."""
