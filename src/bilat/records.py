"""Entries as plain records: the machine-output contract (JSON keys = TOML field names).

Every key of a kind is always present (null or [] when the entry has no value), in the order
of `schema.output_fields`, so scripts and CSV headers can rely on it. Last comes `defined`:
where the entry is defined and which [[amend]] tables added to it,
`{"file", "line", "amended": [{"file", "line", "fields"}]}` (null for an entry made in code).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model is imported only when a record is made or read back
    from bilat.model import Entry


def plain_value(value: object) -> object:
    """A model value as JSON-ready data: dates as EDTF text, tuples as lists, tables as dicts."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    from bilat.dates import EdtfDate

    if isinstance(value, EdtfDate):
        return value.text
    if isinstance(value, tuple):
        return [plain_value(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {name: plain_value(getattr(value, name)) for name in value.__dataclass_fields__}
    return str(value)


def record(entry: Entry) -> dict[str, object]:
    """The entry as an ordered dict: id, type, then every field of its kind."""
    plan = _PLANS.get(entry.type) or _plan(entry.type)
    out: dict[str, object] = {"id": entry.id, "type": entry.type}
    for name, convert in plan:
        value = getattr(entry, name)
        out[name] = value if convert is None or value is None else convert(value)
    out[DEFINED] = defined_record(entry.defined)
    return out


DEFINED = "defined"  # the key of where an entry is defined and amended, after its fields


def defined_record(defined) -> dict[str, object] | None:
    """A model Definition as its JSON value."""
    if defined is None:
        return None
    return {
        "file": defined.file,
        "line": defined.line,
        "amended": [
            {"file": a.file, "line": a.line, "fields": list(a.fields)} for a in defined.amended
        ],
    }


def _definition(data: object):
    """The model Definition a record's `defined` value describes (None for null)."""
    if not isinstance(data, dict):
        return None
    from bilat.model import Amendment, Definition

    return Definition(
        str(data["file"]),
        data.get("line"),
        tuple(
            Amendment(str(a["file"]), a.get("line"), tuple(a.get("fields") or ()))
            for a in data.get("amended") or ()
        ),
    )


# Per kind: (field, converter or None) — worked out once from the schema, because a cold
# index build turns every entry into a record (100,000 and more).
_PLANS: dict[str, tuple] = {}


def _plan(type_name: str) -> tuple:
    from bilat import schema

    def date_text(value):
        return value.text

    def listed(value):
        return list(value)

    def nested(fields):
        plan = tuple((f.name, converter(f)) for f in fields)

        def convert(items):
            return [
                {
                    name: (v if c is None or v is None else c(v))
                    for name, c in plan
                    for v in (getattr(item, name),)
                }
                for item in items
            ]

        return convert

    def converter(spec):
        if spec.type == schema.DATE:
            return date_text
        if spec.type in (schema.CITATIONS, schema.ROLES, schema.MENTIONS, schema.SPEAKERS):
            fields = {
                schema.CITATIONS: schema.CITATION_FIELDS,
                schema.ROLES: schema.ROLE_FIELDS,
                schema.MENTIONS: schema.MENTION_FIELDS,
                schema.SPEAKERS: schema.SPEAKER_FIELDS,
            }[spec.type]
            return nested(fields)
        if spec.type in (schema.TEXTS, schema.SLUGS, schema.COUNTRIES, schema.REFS, schema.ENUMS):
            return listed
        return None

    plan = tuple((spec.name, converter(spec)) for spec in schema.KIND_BY_TYPE[type_name].fields)
    _PLANS[type_name] = plan
    return plan


def from_record(data: dict[str, object]):
    """The model entry a record describes: the inverse of `record` (for cached records)."""
    from bilat import schema
    from bilat.dates import parse_edtf

    kind = schema.KIND_BY_TYPE[str(data["type"])]
    values = {"id": data["id"]}
    for spec in kind.fields:
        values[spec.name] = _from_value(spec, data.get(spec.name), parse_edtf)
    values[DEFINED] = _definition(data.get(DEFINED))
    return kind.cls(**values)


def _from_value(spec, value: object, parse_edtf):
    from bilat import schema

    if value is None:
        return spec.default if spec.default is not None else None
    if spec.type == schema.DATE:
        return parse_edtf(value)
    nested = {
        schema.CITATIONS: (schema.CITATION_FIELDS, "Citation"),
        schema.ROLES: (schema.ROLE_FIELDS, "Role"),
        schema.MENTIONS: (schema.MENTION_FIELDS, "Mention"),
        schema.SPEAKERS: (schema.SPEAKER_FIELDS, "Speaker"),
    }
    if spec.type in nested:
        from bilat import model

        fields, class_name = nested[spec.type]
        cls = getattr(model, class_name)
        return tuple(
            cls(**{f.name: _from_value(f, item.get(f.name), parse_edtf) for f in fields})
            for item in value
        )
    if isinstance(value, list):
        return tuple(value)
    return value


class Stored:
    """An entry read back from the index, as the JSON text of its record. The record is
    decoded only when something reads it, and the model object made only when a human
    renderer asks for an attribute: compact JSON output copies the text as it is."""

    __slots__ = ("text", "_record", "_entry")

    def __init__(self, text: str) -> None:
        self.text = text
        self._record: dict[str, object] | None = None
        self._entry = None

    @property
    def record(self) -> dict[str, object]:
        if self._record is None:
            import json

            self._record = json.loads(self.text)
        return self._record

    @property
    def id(self) -> str:
        return str(self.record["id"])

    @property
    def type(self) -> str:
        return str(self.record["type"])

    @property
    def label(self) -> str:
        data = self.record
        return str(data.get("name") or data.get("title") or data.get("summary") or self.id)

    @property
    def entry(self):
        if self._entry is None:
            self._entry = from_record(self.record)
        return self._entry

    def __getattr__(self, name: str):
        return getattr(self.entry, name)


def record_of(entry) -> dict[str, object]:
    """The record of a model entry or a Stored one."""
    return entry.record if isinstance(entry, Stored) else record(entry)


def model_of(entry):
    """The model object behind an entry (materialising a Stored one)."""
    return entry.entry if isinstance(entry, Stored) else entry
