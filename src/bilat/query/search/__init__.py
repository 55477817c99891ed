"""Search: `rules` holds how a hit matches, ranks and is shown (both query implementations
follow it), `fts` answers from the cached index's FTS5 table, and `split` makes a long
result in two processes."""
