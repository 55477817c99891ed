"""Entries as plain records: the machine-output contract (JSON keys = TOML field names).

Every key of a kind is always present (null or [] when the entry has no value), in the order
of `schema.output_fields`, so scripts and CSV headers can rely on it.
"""

from __future__ import annotations

from bilat import schema
from bilat.dates import EdtfDate
from bilat.model import Entry


def plain_value(value: object) -> object:
    """A model value as JSON-ready data: dates as EDTF text, tuples as lists, tables as dicts."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, EdtfDate):
        return value.text
    if isinstance(value, tuple):
        return [plain_value(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {name: plain_value(getattr(value, name)) for name in value.__dataclass_fields__}
    return str(value)


def record(entry: Entry) -> dict[str, object]:
    """The entry as an ordered dict: id, type, then every field of its kind."""
    kind = schema.KIND_BY_TYPE[entry.type]
    out: dict[str, object] = {"id": entry.id, "type": entry.type}
    for spec in kind.fields:
        out[spec.name] = plain_value(getattr(entry, spec.name))
    return out
