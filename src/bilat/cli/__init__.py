"""The Typer front end: options parsed, then handed to a body in bilat.commands. Only this
package imports Typer or Click; the fast path (bilat.fastpath) answers common queries without
it, through the same bodies.

    app.py         the app, the root options and the query commands
    options.py     options several commands share, declared once (event filters, --format…)
    data.py        validate, verify, schema      export.py   export …      cache.py   cache …
    group.py       the Click group the app is built with: its errors go to the one exit point
    help.py        listing commands' --help ends with their fields
    completion.py  shell completion of ids, categories, countries, fields
    docgen.py      docs/cli.md from the app
"""
