"""Where bilat's files are and how it reads and writes them: the data files' paths, bounded
reads (and confined, non-blocking ones for archives: read.py), the cache directory, temporary
files beside their targets, and atomic writes."""
