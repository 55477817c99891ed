"""bilat: an offline reference tool for bilateral relations.

Where each behaviour lives (highest layer first; a layer imports only the ones below it, and
tests/test_layers.py holds that; docs/architecture.md says more):

    fastpath/    the console script: common queries answered without importing Typer
    cli/         the Typer front end: parse options, hand them to a body in commands/
    commands/    the bodies both front ends call: typed options, the session and its
                 environment, queries, checks, exports, the one exit point
    html/        the HTML briefing            export/   SQLite, CSV, JSON, TimelineJS exports
    render/      one module per output format, behind one registry; Rich draws for people
    verify/      quotes checked against saved copies of their sources
    query/       filters checked once (base), answered from memory or the cached SQLite index
    load.py      TOML files -> a validated Dataset, every problem at FILE:LINE
    files/       where files are; the cache directory; atomic writes
    model.py     the domain: plain frozen dataclasses, no I/O
    schema.py    what each kind of entry may hold      vocab/     closed vocabularies
    dates.py     the EDTF subset: parse, bounds, display
    records.py   entries as plain records: the JSON contract
    citations.py the one walk over an entry's citations and the one wording of a citation
    text.py      the rules of text: escaping, slugs, folding, Markdown, the one stderr writer
    errors.py    the error hierarchy and exit codes
"""

# A literal, so that `bilat --version` needs no importlib.metadata scan at start-up.
__version__ = "0.1.0"
