"""The body of `bilat new KIND --to FILE`: add an entry without knowing the format by heart.

The entry is built from the options (the missing required ones asked for on a terminal),
given an id made from its name or title that no loaded entry has, validated together with
everything else bilat loads, and only then appended to FILE — by tomlkit, which keeps the
file's comments and layout — in one atomic write. Nothing is written when anything is wrong.
"""

from __future__ import annotations

import datetime
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from bilat.errors import DataError, UsageError, unknown_choice
from bilat.text import ask

if TYPE_CHECKING:
    from bilat.commands.session import Session

# Fields every kind can be given as an option of the same name (lists are repeatable). The
# citation options (--source, --quote/--says, --speaker, --note) and the equipment mention's
# --stance and --for-country become one citation (or mention); --role* one role.
CITATION_OPTIONS = ("source", "quote", "says", "speaker", "note")
MENTION_OPTIONS = ("stance", "for_country")
ROLE_OPTIONS = ("role", "role_as_of", "role_org", "rank")
PREFIX_VARIABLE = "BILAT_ID_PREFIX"


def kinds() -> dict[str, object]:
    from bilat import schema

    return {k.type: k for k in schema.KINDS}


def suggest_id(text: str, taken, prefix: str = "") -> str:
    """A slug from a name or title: accents dropped, at most six words, a number added when
    the id is taken (`taken` supports `in`)."""
    # ə is written a in English (Əliyev, Aliyev), ı is i; NFKD takes the marks off the rest.
    folded = unicodedata.normalize("NFKD", text.casefold().replace("ə", "a").replace("ı", "i"))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", folded)[:6] or ["entry"]
    base = "-".join(words)
    if prefix:
        base = f"{prefix.strip('-')}-{base}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def new_entry(session: Session, kind_name: str, target: str, given: dict) -> None:
    """Build, validate and append one entry; print its id."""

    known = kinds()
    if kind_name not in known:
        raise unknown_choice("kind", kind_name, known)
    kind = known[kind_name]
    values = {k: v for k, v in given.items() if v not in (None, [], False)}
    _ask_for_missing(kind, values)
    loaded = _loaded_ids(session, target)
    entry_id = values.pop("id", None)
    if entry_id is None:
        label = values.get("name") or values.get("title") or values.get("summary") or ""
        entry_id = suggest_id(label, loaded, os.environ.get(PREFIX_VARIABLE, ""))
    elif entry_id in loaded:
        raise UsageError(f'id "{entry_id}" is taken (a {loaded[entry_id]}); choose another --id')
    table = _entry_table(kind, entry_id, values)
    _append_validated(session, target, kind.table, table)
    (session.stdout or sys.stdout).write(f"{entry_id}\n")


def _ask_for_missing(kind, values: dict) -> None:
    """Prompt for missing required fields on a terminal; a usage error otherwise."""
    needed = [f.name for f in kind.fields if f.required and f.name not in values]
    if kind.type != "source" and "source" not in values:
        needed.append("source")  # every entry cites a source
    if not needed:
        return
    if not _interactive():
        shown = ", ".join(f"--{n.replace('_', '-')}" for n in needed)
        raise UsageError(f"a new {kind.type} needs {shown} (stdin is not a terminal to ask)")
    for name in needed:
        answer = ""
        while not answer:
            answer = ask(name.replace("_", " "))
            if answer is None:
                raise UsageError(f"no {name} given")
        values[name] = answer
    if kind.type != "source" and not values.get("quote") and not values.get("says"):
        raise UsageError("a citation needs --quote (the source's exact words) or --says")


def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _loaded_ids(session: Session, target: str) -> dict[str, str]:
    """Every id loaded (with the target file, whether or not it is a --data file), and the
    type of entry each names."""
    dataset = _load(session, target, None)
    return {e.id: e.type for e in dataset.all_entries()}


def _files(session: Session, target: str, candidate: Path | None) -> list[tuple[str, Path]]:
    files = [f for f in session.files() if os.path.realpath(f[1]) != os.path.realpath(target)]
    if candidate is not None:
        files.append((target, candidate))
    elif Path(target).exists():
        files.append((target, Path(target)))
    return files


def _load(session: Session, target: str, candidate: Path | None):
    """Everything loaded, checked as every command checks it: a quote its source's archive
    does not hold is refused here too, before anything is written."""
    from bilat.commands.checks import load_checked

    return load_checked(_files(session, target, candidate))


def _entry_table(kind, entry_id: str, values: dict) -> dict:
    """The entry as TOML-ready data, fields in the schema's order."""
    table: dict[str, object] = {"id": entry_id}
    for spec in kind.fields:
        value = _field_value(kind, spec, values)
        if value not in (None, [], ""):
            table[spec.name] = value
    return table


def _field_value(kind, spec, values: dict):
    from bilat import schema

    name = spec.name
    if spec.type == schema.CITATIONS:
        if kind.type == "source" or ("stance" in values and kind.type == "equipment"):
            return None
        return [_citation(values)] if "source" in values else None
    if spec.type == schema.MENTIONS:
        if "stance" not in values:
            return None
        mention = {"stance": values["stance"], **_citation(values)}
        if "for_country" in values:
            mention["for_country"] = values["for_country"]
        return [mention]
    if spec.type == schema.ROLES:
        if "role" not in values:
            return None
        if len(values["role"]) > 1:
            raise UsageError(f"a new person takes one --role, not {len(values['role'])}")
        role = {"title": values["role"][0], "as_of": values.get("role_as_of", "")}
        if "rank" in values:
            role["rank"] = values["rank"]
        if "role_org" in values:
            role["organization"] = values["role_org"]
        if "source" in values:
            role["sources"] = [_citation(values)]
        return [role]
    if name == "role" and kind.type == "source":
        return values.get("role")
    if name == "countries":
        return values.get("country")
    if name == "country" and isinstance(values.get("country"), list):
        countries = values["country"]
        if len(countries) > 1:
            raise UsageError(f"a {kind.type} has one --country, not {len(countries)}")
        return countries[0]
    if name == "accessed" and kind.type == "source" and "accessed" not in values:
        return datetime.date.today().isoformat()
    plural = {
        "aliases": "alias",
        "participants": "participant",
        "makers": "maker",
        "topics": "topic",
        "about": "about",
    }
    if name in plural:
        return values.get(plural[name])
    if name == "by" and kind.type == "statement":
        return values.get("by")
    return values.get(name)


def _citation(values: dict) -> dict:
    citation = {"source": values["source"]}
    for option, field in (
        ("quote", "quote"),
        ("says", "says"),
        ("speaker", "by"),
        ("note", "note"),
    ):
        if values.get(option):
            citation[field] = values[option]
    return citation


def _append_validated(session: Session, target: str, table_name: str, entry: dict) -> None:
    """Append the entry to the file's text, keeping its comments and layout; validate the
    result with everything else loaded; write it only if it is valid."""
    import tomlkit

    from bilat.files.atomic import atomic_path

    path = Path(target)
    try:
        original = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"cannot read {target}: {getattr(err, 'strerror', None) or err}") from None
    try:
        document = tomlkit.parse(original)
    except Exception as err:  # tomlkit's parse errors have no common base but Exception
        raise UsageError(
            f"{target} is not valid TOML ({err}); run `bilat validate {target}`"
        ) from None
    item = tomlkit.table()
    for key, value in entry.items():
        item[key] = _inline(value)
    if table_name in document:
        document[table_name].append(item)
    else:
        array = tomlkit.aot()
        array.append(item)
        if original and not original.endswith("\n\n"):
            document.add(tomlkit.nl())
        document[table_name] = array
    text = tomlkit.dumps(document)
    with atomic_path(path) as candidate:
        candidate.write_text(text, encoding="utf-8")
        try:
            _load(session, target, candidate)
        except DataError as err:
            err.summary = f"nothing was written to {target}"
            raise


def _inline(value):
    """Lists of tables as inline tables (as the data format's examples write them)."""
    import tomlkit

    if isinstance(value, list) and value and isinstance(value[0], dict):
        array = tomlkit.array()
        for table in value:
            inline = tomlkit.inline_table()
            for key, inner in table.items():
                inline[key] = _inline(inner)
            array.append(inline)
        return array
    return value
