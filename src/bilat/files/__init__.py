"""Where bilat's files are and how it writes them: the data files' paths, the cache
directory, temporary files beside their targets, and atomic writes."""
