"""From a folder of articles to index rows: read, chunk, date, group into stories, embed, write."""
