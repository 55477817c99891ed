"""The query layer: filters validated once (base.py), then data access only.

base.py      QueryBase: what both implementations share; search folding and ranking
memory.py    Query over an in-memory Dataset
index.py     the cached index's key, tables and row checksums (both sides share them)
build.py     the build side: fill and write the index (in the background when large)
sqlite.py    the read side: IndexedQuery, every row checked as it is read
"""
