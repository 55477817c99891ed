"""Two datasets -> what changed: entries added, removed and changed, field by field.

Entries are compared as their records (the JSON contract, bilat.records), so a change is
reported in the names scripts and the data format use. Within a list of citations, roles or
mentions, an item that keeps its source (or title, or stance and source) but changes a field
is one changed item, not a removal and an addition: a corrected quote reads as a correction.
A date whose new bounds lie inside the old ones is reported as made more precise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bilat import schema
from bilat.records import record

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
MORE_PRECISE, LESS_PRECISE, REORDERED = "made more precise", "made less precise", "reordered"

# What identifies an item of a nested list across versions.
_ITEM_KEYS = {
    schema.CITATIONS: ("source",),
    schema.ROLES: ("title", "organization"),
    schema.MENTIONS: ("stance", "source"),
}
_ITEM_FIELDS = {
    schema.CITATIONS: schema.CITATION_FIELDS,
    schema.ROLES: schema.ROLE_FIELDS,
    schema.MENTIONS: schema.MENTION_FIELDS,
}


@dataclass(frozen=True)
class ItemChange:
    """One item of a list of citations, roles or mentions: added, removed or changed."""

    change: str
    key: tuple
    old: dict | None
    new: dict | None
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry (or of an item) that differs between the two versions."""

    field: str
    change: str
    old: object
    new: object
    added: tuple = ()  # for lists: what the new version has that the old did not
    removed: tuple = ()
    items: tuple[ItemChange, ...] = ()  # for citations, roles, mentions


@dataclass(frozen=True)
class EntryChange:
    id: str
    type: str
    name: str
    status: str  # ADDED, REMOVED or CHANGED
    fields: tuple[FieldChange, ...] = field(default=())


@dataclass(frozen=True)
class Comparison:
    old_count: int
    new_count: int
    entries: tuple[EntryChange, ...]

    def count(self, status: str) -> int:
        return sum(1 for e in self.entries if e.status == status)

    @property
    def differ(self) -> bool:
        return bool(self.entries)


def compare(old, new) -> Comparison:
    """What changed from dataset `old` to dataset `new` (both bilat.model.Dataset), in the
    new dataset's order, removed entries after the rest in the old one's."""
    old_entries = {e.id: e for e in old.all_entries()}
    new_entries = {e.id: e for e in new.all_entries()}
    changes: list[EntryChange] = []
    for entry in new.all_entries():
        before = old_entries.get(entry.id)
        if before is None:
            changes.append(EntryChange(entry.id, entry.type, entry.label, ADDED))
            continue
        fields = _entry_fields(before, entry)
        if fields:
            changes.append(EntryChange(entry.id, entry.type, entry.label, CHANGED, fields))
    for entry in old.all_entries():
        if entry.id not in new_entries:
            changes.append(EntryChange(entry.id, entry.type, entry.label, REMOVED))
    return Comparison(len(old_entries), len(new_entries), tuple(changes))


def _entry_fields(old_entry, new_entry) -> tuple[FieldChange, ...]:
    old, new = record(old_entry), record(new_entry)
    if old_entry.type != new_entry.type:
        return (FieldChange("type", CHANGED, old_entry.type, new_entry.type),)
    kind = schema.KIND_BY_TYPE[new_entry.type]
    return tuple(
        change
        for spec in kind.fields
        if (change := _field(spec, old.get(spec.name), new.get(spec.name))) is not None
    )


def _field(spec, old: object, new: object) -> FieldChange | None:
    if old == new:
        return None
    if spec.type in _ITEM_KEYS:
        items = _items(spec.type, old or [], new or [])
        return FieldChange(spec.name, CHANGED, old, new, items=items) if items else None
    if isinstance(old, list) or isinstance(new, list):
        old_list, new_list = list(old or []), list(new or [])
        added = tuple(v for v in new_list if v not in old_list)
        removed = tuple(v for v in old_list if v not in new_list)
        change = REORDERED if not added and not removed else CHANGED
        return FieldChange(spec.name, change, old, new, added=added, removed=removed)
    if old is None:
        return FieldChange(spec.name, ADDED, old, new)
    if new is None:
        return FieldChange(spec.name, REMOVED, old, new)
    if spec.type == schema.DATE:
        return FieldChange(spec.name, _date_change(str(old), str(new)), old, new)
    return FieldChange(spec.name, CHANGED, old, new)


def _date_change(old: str, new: str) -> str:
    """More precise when the new date's bounds lie within the old one's (and differ)."""
    from bilat.dates import DateError, parse_edtf

    try:
        before, after = parse_edtf(old), parse_edtf(new)
    except DateError:
        return CHANGED
    if (before.lower, before.upper) == (after.lower, after.upper):
        return CHANGED
    if before.lower <= after.lower and after.upper <= before.upper:
        return MORE_PRECISE
    if after.lower <= before.lower and before.upper <= after.upper:
        return LESS_PRECISE
    return CHANGED


def _items(list_type: str, old: list[dict], new: list[dict]) -> tuple[ItemChange, ...]:
    """Items removed, added and changed; a removed and an added item with the same key
    (e.g. a citation of the same source) are one changed item."""
    keys = _ITEM_KEYS[list_type]

    def key(item: dict) -> tuple:
        return tuple(item.get(k) for k in keys)

    removed = [item for item in old if item not in new]
    added = [item for item in new if item not in old]
    changes: list[ItemChange] = []
    for item in added:
        partner = next((r for r in removed if key(r) == key(item)), None)
        if partner is None:
            changes.append(ItemChange(ADDED, key(item), None, item))
            continue
        removed.remove(partner)
        fields = tuple(
            change
            for spec in _ITEM_FIELDS[list_type]
            if (change := _field(spec, partner.get(spec.name), item.get(spec.name))) is not None
        )
        changes.append(ItemChange(CHANGED, key(item), partner, item, fields))
    changes += [ItemChange(REMOVED, key(item), item, None) for item in removed]
    return tuple(changes)
