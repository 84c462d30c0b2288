"""Text analysis every stage shares: language, tokens, word terms and dates in running text."""
