"""The whole dataset as one JSON document: every record of every kind, keyed by table name.

    {"schema_version": 1, "generator": "bilat 0.1.0", "sources": [...], "people": [...], ...}

Records are bilat's machine-output contract (bilat.records), in file order.
"""

from __future__ import annotations

import json
from typing import TextIO

from bilat import schema
from bilat.export.common import SCHEMA_VERSION, entries_of, generator, write_text
from bilat.query.memory import Query
from bilat.records import record


def document(query: Query) -> dict[str, object]:
    """The export as a JSON-ready dict."""
    out: dict[str, object] = {"schema_version": SCHEMA_VERSION, "generator": generator()}
    for kind in schema.KINDS:
        out[kind.table] = [record(e) for e in entries_of(query, kind)]
    return out


def export_json(query: Query, output: str, stdout: TextIO) -> None:
    """Write the document to the file `output` (atomically) or to stdout when it is `-`."""
    text = json.dumps(document(query), ensure_ascii=False, indent=2) + "\n"
    write_text(output, text, stdout)
