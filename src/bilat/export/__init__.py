"""Exports: the whole dataset (or a filtered timeline) written to files other tools read.

One module per export, each with one entry point taking a Query and an output path:

    timelinejs     TimelineJS3 JSON: a title slide and one slide per event
    sqlite_export  an SQLite database (a table per kind, link tables, FTS5) + Datasette metadata
    json_export    every record of every kind in one JSON document
    csv_export     one CSV per kind + a Frictionless datapackage.json

Shared pieces: `atomic` (every file is written to a temporary file beside its target and
renamed into place), `cells` (one value as CSV text, with the spreadsheet-formula guard) and
`common` (entries in file order, column descriptions, stdout and warnings).

Nothing here is imported at start-up: the CLI imports a module when its command runs.
"""
