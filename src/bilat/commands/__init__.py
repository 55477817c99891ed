"""The command bodies both front ends call (bilat.cli and bilat.fastpath), free of Typer.

options.py     typed options, one class per command; EventFilters declared once
run.py         the session from the root options; call(); what a run does at the end
session.py     one run's data files, query, output and paging
environment.py the run's streams and variables, and the terminal facts derived from them
queries.py     timeline, equipment, officials, orgs, statements, show, search, cite…
filters.py     the event filters (timeline and the exports), checked once
checks.py      validate, verify, schema     exports.py   export …
arguments.py   what is done to argv before parsing      interrupts.py   SIGTERM/SIGHUP
exitpoint.py   the one exit point: every error's message and exit code, the final flush
"""
