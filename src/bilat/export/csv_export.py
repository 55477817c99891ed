"""One CSV file per kind and a Frictionless datapackage.json describing them.

Files: sources.csv, people.csv, organizations.csv, events.csv, equipment.csv,
statements.csv, each with a header row of the kind's machine-output keys (always, even with
no rows), and, after `date` (EDTF text), date_start and date_end (ISO days, which sort; empty
when open or unknown) and date_display (as bilat shows the date). RFC 4180 (the csv module's
excel dialect: `\\r\\n` line ends, quotes doubled), UTF-8 without BOM. Cells follow
bilat.render.cells.csv_cell. All files appear together or none do; other files in the
directory are left alone.
"""

from __future__ import annotations

import csv
import json
import os
from contextlib import suppress
from pathlib import Path

from bilat import schema
from bilat.errors import UsageError
from bilat.export.common import (
    LICENSE,
    LICENSE_ID,
    LICENSE_URL,
    TABLE_HELP,
    column_help,
    entries_of,
    generator,
    is_web_url,
    output_path,
    principal_source,
    source_label,
)
from bilat.files.atomic import atomic_files, cannot_write
from bilat.query.memory import Query
from bilat.records import record
from bilat.render.cells import LIST_SEPARATOR, csv_cell
from bilat.render.views import DATE_COLUMN_HELP, DATE_COLUMNS, date_columns, with_date_columns

PACKAGE_NAME = "datapackage.json"
# cells hold JSON text
_JSON_TABLES = (schema.CITATIONS, schema.ROLES, schema.MENTIONS, schema.SPEAKERS)
_JOINED = (
    schema.TEXTS,
    schema.SLUGS,
    schema.COUNTRIES,
    schema.REFS,
    schema.ENUMS,
)  # joined with "; "
DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}


def file_name(kind: schema.Kind) -> str:
    return f"{kind.table}.csv"


def export_csv(query: Query, output: str) -> None:
    """Write the CSV files and datapackage.json into the directory `output`, creating it
    (but not its parents) when it does not exist."""
    folder = output_path(output, "csv")
    created = _make_folder(folder, output)
    try:
        with atomic_files(folder) as stage:
            for kind in schema.KINDS:
                path = stage(file_name(kind), shown=os.path.join(output, file_name(kind)))
                with open(path, "w", encoding="utf-8", newline="") as stream:
                    _write_table(stream, kind, query)
            package = datapackage(query)
            stage(PACKAGE_NAME).write_text(
                json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
    except BaseException:
        if created:
            with suppress(OSError):  # not empty after all: leave it
                folder.rmdir()
        raise


def datapackage(query: Query) -> dict[str, object]:
    """The Frictionless (tabular) data package descriptor of the CSV files."""
    package: dict[str, object] = {
        "profile": "tabular-data-package",
        "name": "bilat",
        "title": "bilat dataset",
        "description": (
            f"Every entry of a bilat dataset, one CSV file per kind, exported by {generator()}. "
            f'Lists of names, countries or ids are joined with "{LIST_SEPARATOR}"; lists of '
            "tables (sources, roles, mentions) are JSON text. A cell that would start with =, "
            "+, -, @, a tab or a carriage return starts with an apostrophe instead, so that "
            "spreadsheets do not run it as a formula."
        ),
        "licenses": [{"name": LICENSE_ID, "path": LICENSE_URL, "title": LICENSE}],
    }
    principal = principal_source(query)
    if principal is not None:
        source: dict[str, str] = {"title": source_label(principal)}
        if is_web_url(principal.url):
            source["path"] = str(principal.url)
        package["sources"] = [source]
    package["resources"] = [resource(kind) for kind in schema.KINDS]
    return package


def resource(kind: schema.Kind) -> dict[str, object]:
    """The data resource descriptor of one kind's CSV file."""
    fields = [_field(kind, name) for name in with_date_columns(schema.output_fields(kind))]
    foreign_keys = [
        {
            "fields": spec.name,
            "reference": {"resource": schema.KIND_BY_TYPE[spec.refs[0]].table, "fields": "id"},
        }
        for spec in kind.fields
        if spec.type == schema.REF and len(spec.refs) == 1
    ]
    table_schema: dict[str, object] = {"fields": fields, "primaryKey": "id", "missingValues": [""]}
    if foreign_keys:
        table_schema["foreignKeys"] = foreign_keys
    return {
        "name": kind.table,
        "path": file_name(kind),
        "profile": "tabular-data-resource",
        "description": TABLE_HELP[kind.table],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": DIALECT,
        "schema": table_schema,
    }


def _field(kind: schema.Kind, name: str) -> dict[str, object]:
    if name in DATE_COLUMNS:
        kind_of = "string" if name == "date_display" else "date"
        return {"name": name, "type": kind_of, "description": DATE_COLUMN_HELP[name]}
    out: dict[str, object] = {
        "name": name,
        "type": "string",
        "description": column_help(kind, name),
    }
    constraints: dict[str, object] = {}
    if name == "id":
        constraints = {"required": True, "unique": True}
    elif name == "type":
        constraints = {"required": True, "enum": [kind.type]}
    else:
        spec = kind.field(name)
        assert spec is not None
        if spec.type in _JSON_TABLES:
            out["type"] = "array"
            out["description"] = f"{spec.help} (JSON text)"
        elif spec.type in _JOINED:
            out["description"] = f'{spec.help} (joined with "{LIST_SEPARATOR}")'
        if spec.required or spec.default is not None:
            constraints["required"] = True
        if spec.type == schema.ENUM:
            constraints["enum"] = list(spec.choices)
    if constraints:
        out["constraints"] = constraints
    return out


def _write_table(stream, kind: schema.Kind, query: Query) -> None:
    writer = csv.writer(stream)  # excel dialect: RFC 4180, \r\n
    names = with_date_columns(schema.output_fields(kind))
    dated = "date" in names
    writer.writerow(names)
    for entry in entries_of(query, kind):
        data = record(entry)
        if dated:
            data.update(date_columns(data["date"]))
        writer.writerow([csv_cell(data[name]) for name in names])


def _make_folder(folder: Path, shown: str) -> bool:
    """Make the output directory if needed; True when this export created it."""
    if folder.is_dir():
        return False
    if folder.exists():
        raise cannot_write(shown, "not a directory")
    parent = folder.parent
    if not parent.exists():
        raise UsageError(f'cannot write {shown}: directory "{parent}" does not exist')
    try:
        folder.mkdir()
    except OSError as err:
        raise cannot_write(shown, err.strerror or str(err)) from None
    return True
