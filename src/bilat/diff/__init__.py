"""`bilat diff`: what changed between two versions of a dataset, for a corrections log.

compare.py   two datasets -> entries added, removed and changed, field by field
words.py     a word-level diff of two texts (as `git diff --word-diff` shows it)
report.py    the comparison as people read it (terminal) and as scripts do (json, ndjson,
             markdown for a corrections page)
"""
