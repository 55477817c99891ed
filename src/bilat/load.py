"""TOML files -> a validated Dataset.

Every problem in every file is collected and reported together, each naming its file, line
(where it can be found), entry and field; nothing here lets a traceback escape for any input.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from bilat import schema
from bilat.dates import DateError, parse_edtf
from bilat.errors import DataError, Problem, Suggestions, a_or_an, did_you_mean, paused_gc
from bilat.files import paths
from bilat.files.paths import BUILTIN_NAME, builtin_data_path, data_paths  # noqa: F401
from bilat.model import Amendment, Citation, Dataset, Definition, Mention, Role, Speaker
from bilat.text import is_slug, mixed_scripts, only_invisible, refused, visible
from bilat.vocab.countries import country_choices, resolve_country

_INVALID = object()  # a value that failed its check (the problem is already recorded)
_ITEM_TYPES = {
    schema.TEXTS: schema.TEXT,
    schema.SLUGS: schema.SLUG,
    schema.COUNTRIES: schema.COUNTRY,
    schema.REFS: schema.REF,
    schema.ENUMS: schema.ENUM,
}
_NESTED = {
    schema.CITATIONS: (schema.CITATION_FIELDS, Citation),
    schema.ROLES: (schema.ROLE_FIELDS, Role),
    schema.MENTIONS: (schema.MENTION_FIELDS, Mention),
    schema.SPEAKERS: (schema.SPEAKER_FIELDS, Speaker),
}
_ONE_OF_MESSAGE = {
    False: 'needs "quote" (the source\'s exact words) or "says" (a paraphrase of what it reports)',
    True: 'has both "quote" and "says": give the source\'s exact words or a paraphrase, not both',
}
_KNOWN_FIELDS = {k.table: frozenset(f.name for f in k.fields) | {"id"} for k in schema.KINDS}


class Document:
    """One data file as read (once) and parsed: verify finds citations and lines in it, and
    archives from `folder`, confined to `within`."""

    __slots__ = ("name", "path", "folder", "within", "text", "data", "locator")

    def __init__(self, name: str, path: Path, text: str, data: dict) -> None:
        self.name = name
        self.path = path
        self.text = text
        self.data = data
        self.locator = _Locator(text)
        if name == paths.BUILTIN_NAME:  # the package's archives, and nothing beside them
            self.folder, self.within = path.parent, path.parent / "archive"
        elif not _is_stream(path):
            self.folder = self.within = path.parent
        else:  # /dev/stdin, <(…) (/dev/fd/N): no folder of its own; archives are found from
            self.folder = self.within = Path.cwd()  # the current directory


def load_dataset(
    files: list[tuple[str, Path]],
    notices: list[Problem] | None = None,
    documents: list | None = None,
) -> Dataset:
    """Load, validate and link the files; raise DataError listing every problem. Each file is
    read once; `documents`, when given, receives a Document for each one that parsed. With a
    `notices` list, also look for what is suspicious but not wrong (a name mixing scripts
    within a word) and add it there: `validate` does, queries do not pay for it."""
    with paused_gc():
        builder = _Builder(notices=notices)
        for name, path in files:
            text = _read_text(name, path, builder.problems)
            if text is not None:
                builder.add_document(name, text, path, documents)
        return builder.finish()


# A file may say what it is: [dataset] version = "…", date = YYYY-MM-DD, title = "…".
DATASET_TABLE = "dataset"
DATASET_FIELDS = ("version", "date", "title")


def _is_stream(path: Path) -> bool:
    """Whether a data file is named as a pipe or device (/dev/stdin, <(…) as /dev/fd/N):
    read once, and no file of its own to name or find archives beside."""
    return str(path).startswith(("/dev/", "/proc/"))


# [[amend]]: add to an entry defined in any file (see schema.AMEND_TABLE and _apply_amendment).
AMEND = schema.AMEND_TABLE


def _read_text(name: str, path: Path, problems: list[Problem]) -> str | None:
    """The file's text, read once (a FIFO or device is not read twice), at most
    MAX_FILE_BYTES of it, or None after recording why not."""
    from bilat.files import read

    try:
        raw = read.read_bounded(path, paths.MAX_FILE_BYTES)
    except read.TooLarge:
        problems.append(
            Problem(
                name,
                f"larger than {paths.MAX_FILE_BYTES // 2**20} MiB, the most "
                "bilat reads from one data file; split it into several files",
            )
        )
        return None
    except read.ReadError:
        problems.append(
            Problem(
                name,
                "is a terminal, not a data file; redirect a file into "
                "it instead (bilat --data /dev/stdin … < file.toml)",
            )
        )
        return None
    except IsADirectoryError:
        problems.append(Problem(name, "is a directory, not a TOML file"))
        return None
    except FileNotFoundError:
        problems.append(Problem(name, "no such file"))
        return None
    except OSError as err:
        problems.append(Problem(name, f"cannot read: {err.strerror or err}"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):  # a BOM from a Windows editor: harmless, drop it
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        problems.append(
            Problem(
                name, f"not valid UTF-8 (byte 0x{raw[err.start]:02x})", line=line, column=column
            )
        )
        return None


def parse_toml(name: str, text: str, problems: list[Problem]) -> dict | None:
    import tomli

    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as err:
        message = getattr(err, "msg", None) or str(err).split(" (at ")[0]
        message = _unclosed(text, getattr(err, "pos", None), message) or message
        problems.append(
            Problem(
                name,
                f"TOML syntax error: {message}",
                line=getattr(err, "lineno", None),
                column=getattr(err, "colno", None),
            )
        )
    except RecursionError:
        problems.append(Problem(name, "TOML nesting is too deep to read"))
    return None


# tomli's messages where the cause is an opening that was never closed, earlier in the file.
_UNCLOSED_MESSAGES = (
    "Unclosed array",
    "Unclosed inline table",
    "Unterminated string",
    "Illegal character '\\n'",
    "Illegal character '\\r'",
)


def _unclosed(text: str, pos: int | None, message: str) -> str | None:
    """'unclosed string started at 3:9' when tomli's error comes from a string, array or
    inline table opened earlier and never closed; None otherwise (keep tomli's words)."""
    if pos is None or not message.startswith(_UNCLOSED_MESSAGES):
        return None
    opened: list[tuple[str, int]] = []  # brackets still open in values: (kind, offset)
    string_at, quote = None, ""
    i, end = 0, min(pos, len(text))
    line_start_value = False  # inside a value (after "="), where [ opens an array
    while i < end:
        c = text[i]
        if string_at is not None:
            if quote in ('"', '"""') and c == "\\":
                i += 2
                continue
            if text.startswith(quote, i):
                string_at = None
                i += len(quote)
                continue
            if c == "\n" and len(quote) == 1:
                break  # a one-line string ran into the end of its line
            i += 1
            continue
        if c == "#":
            newline = text.find("\n", i)
            i = end if newline < 0 else newline
            continue
        if c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            string_at = i
            i += len(quote)
            continue
        if c == "=":
            line_start_value = True
        elif c == "\n" and not opened:
            line_start_value = False
        elif c in "[{" and (line_start_value or opened):
            opened.append(("array" if c == "[" else "inline table", i))
        elif c in "]}" and opened:
            opened.pop()
        i += 1
    if string_at is not None:
        what, at = "string", string_at
    elif opened:
        what, at = opened[-1]
    else:
        return None
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return f"unclosed {what} started at {line}:{column}"


class _Locator:
    """Finds the line of an entry (its [[table]] header) and of a field within it, lazily.
    A clean load needs only the headers' lines (each entry's `defined`): one regex pass and
    newline counts (`entry_line`); messages and verify split the text into lines too."""

    _HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]")
    _HEADERS = re.compile(r"^[ \t\r\f\v]*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]", re.MULTILINE)

    def __init__(self, text: str) -> None:
        self._text = text
        self._headers: dict[tuple[str, int], int] | None = None  # (table, index) -> line
        self._lines: list[str] | None = None
        self._starts: list[int] = []  # the offset in the text where each line starts
        self._header_lines: list[int] = []  # every [[table]] header's line, in order

    def _scan(self) -> dict[tuple[str, int], int]:
        # C-speed passes only (split, accumulate, one regex over the whole text): verify
        # locates every quote of files of a million lines.
        if self._lines is None:
            from itertools import accumulate

            self._lines = self._text.split("\n")  # TOML's lines: \r\n ends in \n too
            self._starts = list(accumulate((len(line) + 1 for line in self._lines), initial=0))
            self._header_lines = list(self._entry_lines().values())  # found in text order
        return self._entry_lines()

    def _entry_lines(self) -> dict[tuple[str, int], int]:
        """The line of each entry's header, found with one regex pass and newline counts,
        without splitting the text into lines."""
        if self._headers is None:
            lines, counts, line, previous = {}, {}, 1, 0
            text = self._text
            for match in self._HEADERS.finditer(text):
                start = match.start()
                line += text.count("\n", previous, start)
                previous = start
                name = match.group(1)
                number = counts.get(name, 0)
                counts[name] = number + 1
                lines[(name, number)] = line
            self._headers = lines
        return self._headers

    def entry_line(self, table: str, index: int) -> int | None:
        """The line of one entry's header, as headers() gives it: the loader asks this for
        every entry of a clean load, which never splits the text into lines."""
        return self._entry_lines().get((table, index))

    def headers(self) -> dict[tuple[str, int], int]:
        """The line of each entry's header, by (table, index); scans the text once."""
        return self._scan()

    @property
    def starts(self) -> list[int]:
        """The offset where each line starts, then the text's length (after headers())."""
        return self._starts

    @property
    def header_lines(self) -> list[int]:
        """Every [[table]] header's line, in order (after headers())."""
        return self._header_lines

    @property
    def text(self) -> str:
        return self._text

    def line(self, table: str, index: int, field_name: str | None = None) -> int | None:
        headers = self._scan()
        start = headers.get((table, index))
        if start is None or field_name is None:
            return start
        key = re.compile(rf"^\s*{re.escape(field_name)}\s*=")
        for number in range(start + 1, len(self._lines) + 1):
            line = self._lines[number - 1]
            if self._HEADER.match(line) or line.lstrip().startswith("["):
                break
            if key.match(line):
                return number
        return start


@dataclass
class _Context:
    """Where a value being checked lives, for messages."""

    file: str
    locator: _Locator
    table: str
    index: int
    kind: str
    entry: str
    where: str = ""  # the file's name in `defined` (see _where); `file` when empty

    def problem(self, field_path: str | None, message: str) -> Problem:
        top = field_path.split("[")[0].split(".")[0] if field_path else None
        return Problem(
            self.file,
            message,
            line=self.locator.line(self.table, self.index, top),
            kind=self.kind,
            entry=self.entry,
            field=field_path,
        )


@dataclass
class _Builder:
    problems: list[Problem] = field(default_factory=list)
    entries: dict[str, list] = field(default_factory=lambda: {k.table: [] for k in schema.KINDS})
    defined: dict[str, tuple[_Context, str]] = field(default_factory=dict)  # id -> (ctx, type)
    references: list[tuple] = field(default_factory=list)  # (ctx, field path, id, kinds)
    _dates: dict = field(default_factory=dict)
    _countries: dict = field(default_factory=dict)
    _plans: dict = field(default_factory=dict)
    amendments: list[tuple] = field(default_factory=list)  # (file, where, locator, i, raw)
    notices: list[Problem] | None = None  # warnings, when asked for (see load_dataset)

    def add_document(
        self,
        name: str,
        text: str,
        path: Path | None = None,
        documents: list | None = None,
    ) -> None:
        document = parse_toml(name, text, self.problems)
        if document is None:
            return
        if documents is not None and path is not None:
            kept = Document(name, path, text, document)
            documents.append(kept)
            locator = kept.locator
        else:
            locator = _Locator(text)
        where = _where(name, path)
        for table, value in document.items():
            if table == DATASET_TABLE:
                self._check_dataset_table(name, value)
                continue
            kind = schema.KIND_BY_TABLE.get(table)
            if kind is None and table == AMEND and _tables(value):
                # Applied in finish(), after every file: an amendment may come before the
                # file that defines its entry.
                self.amendments.extend(
                    (name, where, locator, i, raw) for i, raw in enumerate(value)
                )
                continue
            if kind is None and table != AMEND:
                known = [k.table for k in schema.KINDS] + [AMEND, DATASET_TABLE]
                self.problems.append(
                    Problem(
                        name,
                        f'unknown table "{table}"{did_you_mean(table, known)}; expected one '
                        f"of {', '.join(known)}",
                        line=locator.line(table, 0),
                    )
                )
                continue
            if not _tables(value):
                self.problems.append(
                    Problem(
                        name,
                        f'"{table}" must be an array of tables ([[{table}]])',
                        line=locator.line(table, 0),
                    )
                )
                continue
            for index, raw in enumerate(value):
                self._add_entry(
                    kind,
                    raw,
                    _Context(name, locator, table, index, kind.type, f"#{index + 1}", where),
                )

    def _check_dataset_table(self, name: str, value: object) -> None:
        """[dataset]: what a file says of itself (version, date, title); `bilat --version`
        names the built-in one's."""
        if not isinstance(value, dict):
            self.problems.append(Problem(name, '"dataset" must be a table ([dataset])'))
            return
        for key, item in value.items():
            if key not in DATASET_FIELDS:
                known = did_you_mean(key, DATASET_FIELDS)
                self.problems.append(
                    Problem(name, f'unknown field "{key}"{known}', entry="[dataset]", field=key)
                )
            elif key == "date":
                text = item.isoformat() if hasattr(item, "isoformat") else item
                if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                    self.problems.append(
                        Problem(name, "must be a day, YYYY-MM-DD", entry="[dataset]", field=key)
                    )
            elif not isinstance(item, str) or not item.strip():
                self.problems.append(
                    Problem(name, "must be non-empty text", entry="[dataset]", field=key)
                )

    def _add_entry(self, kind: schema.Kind, raw: dict, ctx: _Context) -> None:
        entry_id = raw.get("id")
        if isinstance(entry_id, str) and is_slug(entry_id):
            ctx.entry = entry_id
        elif entry_id is None:
            self.problems.append(ctx.problem("id", "missing required field"))
        else:
            self.problems.append(
                ctx.problem(
                    "id",
                    f"{_show(entry_id)} is not a valid id: use "
                    "lower-case letters, digits and single hyphens "
                    '(e.g. "karim-valiyev")',
                )
            )
        known = _KNOWN_FIELDS[kind.table]
        for name in raw:
            if name not in known:
                self.problems.append(
                    ctx.problem(name, f"unknown field{did_you_mean(name, sorted(known))}")
                )
        values: dict[str, object] = {}
        ok = True
        for name, required, check in self._plan(kind.fields):
            if name not in raw:
                if required:
                    self.problems.append(ctx.problem(name, "missing required field"))
                    ok = False
                continue
            value = check(raw[name], name, ctx)
            if value is _INVALID:
                ok = False
            else:
                values[name] = value
        if values.get("speakers") and "archive" not in raw:
            self.problems.append(
                ctx.problem(
                    "speakers",
                    'needs "archive": the passages are found in the source\'s saved copy',
                )
            )
            ok = False
        cited = bool(values.get("sources")) or bool(values.get("mentions"))
        # Citations that are there but invalid are reported already: saying "missing" too
        # would be a cascade.
        cited = cited or any(
            isinstance(raw.get(n), list) and raw[n] for n in ("sources", "mentions")
        )
        if kind.type != "source" and not cited and "sources" not in raw:
            self.problems.append(
                ctx.problem("sources", "missing: every entry must cite at least one source")
            )
            ok = False
        elif kind.type != "source" and not cited and ok:
            # Only when nothing else is wrong: a citation that failed its own check has said
            # so already, and "empty" would be a second, misleading message.
            self.problems.append(ctx.problem("sources", "empty: cite at least one source"))
            ok = False
        if self.notices is not None:
            self._notice_mixed_scripts(values, ctx)
        if not ctx.entry.startswith("#"):
            self._define(ctx)
        if ok and not ctx.entry.startswith("#"):
            line = ctx.locator.entry_line(ctx.table, ctx.index)
            values["defined"] = Definition(ctx.where or ctx.file, line)
            self.entries[kind.table].append(kind.cls(id=ctx.entry, **values))

    def _notice_mixed_scripts(self, values: dict, ctx: _Context) -> None:
        """A name whose word mixes Latin, Cyrillic or Greek letters (a Cyrillic "а" in
        "Kаrim") looks right and is not found by search: worth a warning, not an error."""
        named = [(n, values.get(n)) for n in ("name", "title")]
        named += [(f"aliases[{i}]", a) for i, a in enumerate(values.get("aliases") or ())]
        for path, value in named:
            if not isinstance(value, str):
                continue
            for word, scripts in mixed_scripts(value):
                self.notices.append(
                    ctx.problem(
                        path,
                        f'the word "{visible(word)}" mixes {" and ".join(scripts)} letters',
                    )
                )

    def _define(self, ctx: _Context) -> None:
        earlier = self.defined.get(ctx.entry)
        if earlier is None:
            self.defined[ctx.entry] = (ctx, ctx.kind)
            return
        first = earlier[0]
        first_line = first.locator.line(first.table, first.index)
        where = f"{first.file}:{first_line}" if first_line else first.file
        self.problems.append(
            ctx.problem("id", f"duplicate id: already defined as {a_or_an(first.kind)} at {where}")
        )

    # -- value checks: each returns the converted value or _INVALID (after recording why) --

    def _plan(self, fields: tuple[schema.Field, ...]) -> list[tuple[str, bool, object]]:
        """(name, required, checker) for each field of a kind or nested table, made once."""
        plan = self._plans.get(id(fields))
        if plan is None:
            plan = self._plans[id(fields)] = [
                (f.name, f.required, self._compile(f)) for f in fields
            ]
        return plan

    def _compile(self, spec: schema.Field):
        """A checker for one field, built once per field rather than dispatched per value:
        validation runs on every value of a cold load, 100,000 entries and more."""
        kind = spec.type
        if kind == schema.TEXT:
            return self._text
        if kind == schema.SLUG:
            return self._slug
        if kind == schema.COUNTRY:
            return self._country
        if kind == schema.DATE:
            return self._date
        if kind == schema.BOOL:
            return self._bool
        if kind == schema.ENUM:
            choices = spec.choices
            return lambda value, path, ctx: self._enum(value, choices, path, ctx)
        if kind == schema.REF:
            allowed = spec.refs

            def check_ref(value, path, ctx):
                ref = self._slug(value, path, ctx)
                if ref is not _INVALID:
                    self.references.append((ctx, path, ref, allowed))
                return ref

            return check_ref
        if kind in _ITEM_TYPES:
            item = self._compile(
                schema.Field(
                    spec.name, _ITEM_TYPES[kind], spec.help, refs=spec.refs, choices=spec.choices
                )
            )
            return lambda value, path, ctx: self._array(value, path, ctx, item)
        nested = _NESTED[kind]
        return lambda value, path, ctx: self._array(
            value, path, ctx, lambda v, p, c: self._table(v, nested, p, c)
        )

    def _wrong_type(self, value: object, expected: str, path: str, ctx: _Context) -> object:
        self.problems.append(ctx.problem(path, f"expected {expected}, got {_type_name(value)}"))
        return _INVALID

    def _text(self, value: object, path: str, ctx: _Context) -> object:
        if not isinstance(value, str):
            return self._wrong_type(value, "a string", path, ctx)
        if not value.strip():
            self.problems.append(ctx.problem(path, "is empty"))
            return _INVALID
        # C0 controls but tab and newline, DEL, C1, and the bidi embeddings, overrides and
        # isolates (bilat.text.CONTROL): they can rewrite a terminal or make text read
        # differently from what it says.
        control = refused(value)
        if control:
            self.problems.append(
                ctx.problem(path, f"contains control character U+{ord(control):04X}")
            )
            return _INVALID
        if not value.isascii() and only_invisible(value):  # ASCII: strip() said it
            self.problems.append(
                ctx.problem(path, "has only invisible characters (spaces, zero-width characters)")
            )
            return _INVALID
        return value

    def _slug(self, value: object, path: str, ctx: _Context) -> object:
        if not isinstance(value, str):
            return self._wrong_type(value, "an id string", path, ctx)
        if not is_slug(value):
            self.problems.append(
                ctx.problem(
                    path,
                    f"{_show(value)} is not a valid id: use lower-case letters, digits and "
                    "single hyphens",
                )
            )
            return _INVALID
        return value

    def _country(self, value: object, path: str, ctx: _Context) -> object:
        if not isinstance(value, str):
            return self._wrong_type(value, "a country code", path, ctx)
        code = self._countries.get(value)
        if code is None:
            code = self._countries[value] = resolve_country(value)
        if code is None:
            self.problems.append(
                ctx.problem(
                    path,
                    f"unknown country {_show(value)}{did_you_mean(value, country_choices())}"
                    "; use an ISO 3166-1 alpha-2 code such as AZ or PK",
                )
            )
            return _INVALID
        return code

    def _date(self, value: object, path: str, ctx: _Context) -> object:
        if not isinstance(value, (str, datetime.date)):
            return self._wrong_type(value, "an EDTF date string", path, ctx)
        # Dates repeat ("2023-05?" on every statement); EdtfDate is immutable, so share it.
        known = self._dates.get(value)
        if known is not None:
            return known
        try:
            parsed = self._dates[value] = parse_edtf(value)
            return parsed
        except DateError as err:
            self.problems.append(ctx.problem(path, str(err)))
            return _INVALID

    def _bool(self, value: object, path: str, ctx: _Context) -> object:
        if not isinstance(value, bool):
            return self._wrong_type(value, "true or false", path, ctx)
        return value

    def _enum(self, value: object, choices: tuple[str, ...], path: str, ctx: _Context) -> object:
        if not isinstance(value, str):
            return self._wrong_type(value, "a string", path, ctx)
        if value not in choices:
            self.problems.append(
                ctx.problem(
                    path,
                    f"unknown value {_show(value)}{did_you_mean(value, choices)}; expected "
                    f"one of {', '.join(choices)}",
                )
            )
            return _INVALID
        return value

    def _array(self, value: object, path: str, ctx: _Context, check) -> object:
        if not isinstance(value, list):
            return self._wrong_type(value, "an array", path, ctx)
        items = [check(item, f"{path}[{i}]", ctx) for i, item in enumerate(value)]
        if _INVALID in items:  # == falls back to identity for every item type here
            return _INVALID
        return tuple(items)

    def _table(self, value: object, nested: tuple, path: str, ctx: _Context) -> object:
        fields, cls = nested
        if not isinstance(value, dict):
            return self._wrong_type(value, "a table", path, ctx)
        known = [f.name for f in fields]
        ok = True
        for name in value:
            if name not in known:
                self.problems.append(
                    ctx.problem(f"{path}.{name}", f"unknown field{did_you_mean(name, known)}")
                )
                ok = False
        values = {}
        for name, required, check in self._plan(fields):
            if name not in value:
                if required:
                    self.problems.append(ctx.problem(f"{path}.{name}", "missing required field"))
                    ok = False
                continue
            checked = check(value[name], f"{path}.{name}", ctx)
            if checked is _INVALID:
                ok = False
            values[name] = checked
        if schema.ONE_OF[0] in known:
            given = [name for name in schema.ONE_OF if name in value]
            if len(given) != 1:
                self.problems.append(ctx.problem(path, _ONE_OF_MESSAGE[len(given) > 1]))
                ok = False
        return cls(**values) if ok else _INVALID

    # -- after every file --

    def finish(self) -> Dataset:
        if self.amendments:
            self._apply_amendments()
        suggest = None  # made on the first unknown id: a clean load never needs it
        for context, field_path, target, allowed in self.references:
            defined = self.defined.get(target)
            if defined is None:
                suggest = suggest or Suggestions(list(self.defined))
                self.problems.append(
                    context.problem(field_path, f'unknown id "{target}"{suggest(target)}')
                )
                continue
            target_type = defined[1]
            if target_type not in allowed:
                self.problems.append(
                    context.problem(
                        field_path,
                        f'"{target}" is {a_or_an(target_type)}; expected {" or ".join(allowed)}',
                    )
                )
            elif target == context.entry and field_path.split("[")[0] in (
                "parent",
                "about",
                "participants",
                "attributed_to",
            ):
                self.problems.append(context.problem(field_path, "an entry cannot refer to itself"))
        if self.problems:
            # File order, then line order: reference checks run last but belong in place.
            files = {p.file: n for n, p in reversed(list(enumerate(self.problems)))}
            self.problems.sort(key=lambda p: (files[p.file], p.line or 0))
            raise DataError(self.problems)
        tables = {table: tuple(items) for table, items in self.entries.items()}
        by_id = {e.id: e for items in tables.values() for e in items}
        return Dataset(by_id=by_id, **tables)

    # -- [[amend]] --

    def _apply_amendments(self) -> None:
        """Each [[amend]] table, in file order, checked as if its values were written in the
        entry it names and, when it is sound, applied to it: lists appended, notes appended
        as a paragraph, a single value set where the entry has none, or replaced where the
        amendment says so and cites a source for it."""
        where: dict[str, tuple[str, int]] = {
            entry.id: (table, position)
            for table, items in self.entries.items()
            for position, entry in enumerate(items)
        }
        suggest = None
        for file, where_file, locator, index, raw in self.amendments:
            ctx = _Context(file, locator, AMEND, index, AMEND, f"#{index + 1}")
            target = raw.get("id")
            if target is None:
                self.problems.append(ctx.problem("id", "missing required field: the entry's id"))
                continue
            if self._slug(target, "id", ctx) is _INVALID:
                continue
            ctx.entry = target
            defined = self.defined.get(target)
            if defined is None:
                suggest = suggest or Suggestions(list(self.defined))
                self.problems.append(
                    ctx.problem(
                        "id",
                        f'unknown id "{target}"{suggest(target)}: an amendment adds to an '
                        "entry defined in some file",
                    )
                )
                continue
            kind = schema.KIND_BY_TYPE[defined[1]]
            place = where.get(target)
            entry = self.entries[place[0]][place[1]] if place else None
            changed = self._amendment(kind, raw, ctx, entry)
            if changed is not None and entry is not None and changed[0]:
                fields, values = changed
                before = entry.defined
                amendment = Amendment(where_file, locator.entry_line(AMEND, index), fields)
                values["defined"] = Definition(
                    before.file, before.line, (*before.amended, amendment)
                )
                self.entries[place[0]][place[1]] = replace(entry, **values)

    def _amendment(
        self, kind: schema.Kind, raw: dict, ctx: _Context, entry: object
    ) -> tuple[tuple[str, ...], dict] | None:
        """(the fields the amendment changes, their new values), or None after recording what
        is wrong with it. `entry` is None when the entry itself is invalid: the
        amendment is still checked, against nothing."""
        specs = {f.name: f for f in kind.fields if f.name not in schema.NOT_AMENDABLE}
        known = sorted([*specs, "id", schema.REPLACE])
        before = len(self.problems)
        for name in raw:
            if name not in specs and name not in ("id", schema.REPLACE):
                if name in schema.NOT_AMENDABLE:
                    message = "cannot be amended: set it where the entry is defined"
                else:
                    message = f"unknown field for {a_or_an(kind.type)}{did_you_mean(name, known)}"
                self.problems.append(ctx.problem(name, message))
        replacing = self._replace_list(raw, specs, ctx)
        given = tuple(name for name in specs if name in raw)
        if not given and len(self.problems) == before:
            self.problems.append(
                ctx.problem("id", "the amendment adds nothing: give a field to add to the entry")
            )
        values: dict[str, object] = {}
        for name, _required, check in self._plan(kind.fields):
            if name in given:
                value = check(raw[name], name, ctx)
                if value is not _INVALID:
                    values[name] = value
        if replacing and "sources" not in specs:
            self.problems.append(
                ctx.problem(
                    schema.REPLACE,
                    f"{a_or_an(kind.type)} cannot cite a source for a replaced value: "
                    "correct it where it is defined",
                )
            )
        elif replacing and not raw.get("sources"):  # invalid ones have said what is wrong
            self.problems.append(
                ctx.problem(
                    schema.REPLACE,
                    f"replacing {', '.join(replacing)} needs a citation: add a "
                    '"sources" item to this amendment that supports the new value',
                )
            )
        if self.notices is not None:
            self._notice_mixed_scripts(values, ctx)
        if entry is None:
            return None
        new: dict[str, object] = {}
        for name, value in values.items():
            spec, current = specs[name], getattr(entry, name)
            if spec.type in schema.LIST_TYPES:
                items = list(current)
                for i, item in enumerate(value):
                    if item in items:
                        self._notice(ctx, f"{name}[{i}]", "already in the entry: ignored")
                    else:
                        items.append(item)
                new[name] = tuple(items)
            elif name == "notes":
                new[name] = f"{current}\n\n{value}" if current else value
            elif current is None or name in replacing:
                new[name] = value
            elif current == value:
                self._notice(ctx, name, "the entry has this value already: nothing changed")
            else:
                self.problems.append(
                    ctx.problem(
                        name,
                        f"would change {name} from {_show(_plain(current))}: say "
                        f'replace = ["{name}"] and cite a source in this amendment\'s "sources"',
                    )
                )
        if len(self.problems) > before:
            return None
        # What it contributed: a field whose every item the entry had already is not named.
        changed = {name: value for name, value in new.items() if value != getattr(entry, name)}
        return tuple(name for name in given if name in changed), changed

    def _replace_list(self, raw: dict, specs: dict, ctx: _Context) -> tuple[str, ...]:
        """The fields `replace` names, each checked: a single-valued field this amendment
        gives (lists are added to, never replaced)."""
        if schema.REPLACE not in raw:
            return ()
        value = raw[schema.REPLACE]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._wrong_type(value, "an array of field names", schema.REPLACE, ctx)
            return ()
        names = []
        for i, name in enumerate(value):
            path = f"{schema.REPLACE}[{i}]"
            spec = specs.get(name)
            if spec is None:
                self.problems.append(
                    ctx.problem(
                        path, f"unknown field {_show(name)}{did_you_mean(name, list(specs))}"
                    )
                )
            elif not schema.replaceable(spec):
                self.problems.append(
                    ctx.problem(
                        path,
                        f'"{name}" is added to, not replaced: leave it out of replace',
                    )
                )
            elif name not in raw:
                self.problems.append(
                    ctx.problem(path, f'names "{name}", but this amendment gives no {name}')
                )
            else:
                names.append(name)
        return tuple(names)

    def _notice(self, ctx: _Context, path: str, message: str) -> None:
        if self.notices is not None:
            self.notices.append(ctx.problem(path, message))


def _where(name: str, path: Path | None) -> str:
    """A file's name in `defined`: the built-in one's as it is; a regular file's full path,
    symbolic links resolved, so every spelling of it (desk.toml, ./desk.toml) names it alike,
    as they share one cached index; a pipe or device (never cached) as it was given."""
    if name == paths.BUILTIN_NAME or path is None or _is_stream(path):
        return name
    import os

    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return name


def _tables(value: object) -> bool:
    """Whether a top-level value is an array of tables ([[name]])."""
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)


def _plain(value: object) -> object:
    """A model value as text for a message (a date as written)."""
    return getattr(value, "text", value)


def _show(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return '"' + visible(text) + '"'


def _type_name(value: object) -> str:
    names = {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a float",
        list: "an array",
        dict: "a table",
        datetime.datetime: "a date-time",
        datetime.date: "a date",
        datetime.time: "a time",
    }
    return names.get(type(value), type(value).__name__)
