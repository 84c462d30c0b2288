"""From a query to ranked evidence: time intent, dense and BM25 candidates, fusion, diversity."""
