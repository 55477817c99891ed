"""What each kind of entry may hold: the one description that loading, validation, machine
output and the docs all follow. No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from bilat import model
from bilat.vocab import (
    CONFIDENCE,
    EVENT_KINDS,
    ORGANIZATION_KINDS,
    SOURCE_KINDS,
    SOURCE_ROLES,
    STANCES,
)
from bilat.vocab.categories import CATEGORIES

# Value types a field may have. Each is checked in load.py and rendered in records.py.
TEXT = "text"  # a non-empty string
SLUG = "slug"  # lower-case a-z0-9 groups joined by hyphens
TEXTS = "texts"  # array of non-empty strings
SLUGS = "slugs"
COUNTRY = "country"
COUNTRIES = "countries"
DATE = "date"  # EDTF string or TOML date
BOOL = "bool"  # true or false
ENUM = "enum"
ENUMS = "enums"  # array of values from `choices`
REF = "ref"  # an id of one of `refs` kinds
REFS = "refs"
CITATIONS = "citations"
ROLES = "roles"
MENTIONS = "mentions"
SPEAKERS = "speakers"  # a source's map of whose words each passage of its archive is


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: str
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()  # for ENUM
    refs: tuple[str, ...] = ()  # kinds (type names) a REF/REFS may point to
    default: object = None


@dataclass(frozen=True, slots=True)
class Kind:
    table: str  # the TOML top-level table: "people"
    type: str  # the JSON "type": "person"
    cls: type
    fields: tuple[Field, ...]  # without id; in model order

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


_SOURCES = Field("sources", CITATIONS, "citations: [{source, quote or says, by, note}]")
_NOTES = Field("notes", TEXT, "caveats, ambiguities, editorial remarks")
_ALIASES = Field("aliases", TEXTS, "other names and spellings, as printed")

_QUOTE = Field("quote", TEXT, "the source's exact words (give quote or says, not both)")
_SAYS = Field(
    "says", TEXT, "bilat's own paraphrase of what the source reports (give quote or says, not both)"
)
_SPEAKERS = ("person", "organization")
CITATION_FIELDS = (
    Field("source", REF, "the source's id", required=True, refs=("source",)),
    _QUOTE,
    _SAYS,
    Field("by", REF, "whose words these are, when not the publisher's own", refs=_SPEAKERS),
    Field("note", TEXT, "a remark on this citation"),
)
# A citation or mention holds exactly one of these: the source's words or bilat's paraphrase.
ONE_OF = ("quote", "says")
# A passage of a source's archive that is someone's words, not the publisher's narration: from
# its opening words to its closing words, as printed (bilat.verify checks them in the archive).
SPEAKER_FIELDS = (
    Field("by", REF, "whose words the passage is", required=True, refs=_SPEAKERS),
    Field("opening", TEXT, "the passage's first words, as printed", required=True),
    Field("closing", TEXT, "the passage's last words, as printed", required=True),
)
ROLE_FIELDS = (
    Field("title", TEXT, "the title held", required=True),
    Field("as_of", DATE, "when a source says it was held", required=True),
    Field("rank", TEXT, "military or civil rank"),
    Field("organization", REF, "the organization", refs=("organization",)),
    Field("until", DATE, "when it ended"),
    _SOURCES,
)
MENTION_FIELDS = (
    Field("stance", ENUM, "what the source says of the item", required=True, choices=STANCES),
    Field("source", REF, "the source's id", required=True, refs=("source",)),
    _QUOTE,
    _SAYS,
    Field("by", REF, "who said it (absent: the source itself)", refs=_SPEAKERS),
    Field("for_country", COUNTRY, "the country the stance concerns"),
    Field("note", TEXT, "a remark on this mention"),
)

KINDS: tuple[Kind, ...] = (
    Kind(
        "sources",
        "source",
        model.Source,
        (
            Field(
                "title",
                TEXT,
                "title as printed (or bilat's description: see title_supplied)",
                required=True,
            ),
            Field("publisher", TEXT, "outlet or institution", required=True),
            Field("kind", ENUM, "kind of source", required=True, choices=SOURCE_KINDS),
            Field(
                "title_supplied",
                BOOL,
                "true when the title is bilat's own description, not a printed headline",
                default=False,
            ),
            Field(
                "primary",
                BOOL,
                "true for the primary text the data is built from; false for any other page",
                default=False,
            ),
            Field(
                "role",
                ENUMS,
                "what a page other than the primary text does for the data: corroborates, "
                "adds, qualifies, contradicts, background (one or more)",
                choices=SOURCE_ROLES,
            ),
            Field("url", TEXT, "address, exactly as found"),
            Field("date", DATE, "publication date as printed (absent: not printed)"),
            Field("date_note", TEXT, "what is inferred about the date, and from what"),
            Field("author", TEXT, "byline"),
            Field("accessed", DATE, "when it was read"),
            Field(
                "archive",
                TEXT,
                "a saved copy of the text (.txt or .html), relative to the data "
                "file: bilat verify checks quotes against it",
            ),
            Field(
                "archive_sha256",
                TEXT,
                "the SHA-256 of the archive file, as `bilat verify --hash FILE` prints it: "
                "validate and verify fail if the archive changes",
            ),
            Field(
                "speakers",
                SPEAKERS,
                "whose words each passage of the archive is: [{by, opening, closing}]; "
                "the rest is the publisher's narration",
            ),
            _NOTES,
        ),
    ),
    Kind(
        "people",
        "person",
        model.Person,
        (
            Field("name", TEXT, "display name", required=True),
            _ALIASES,
            Field("country", COUNTRY, "ISO 3166-1 alpha-2 code"),
            Field("description", TEXT, "who they are"),
            Field(
                "roles",
                ROLES,
                "titles and ranks: [{title, as_of, rank, organization, until, sources}]",
            ),
            _SOURCES,
            _NOTES,
        ),
    ),
    Kind(
        "organizations",
        "organization",
        model.Organization,
        (
            Field("name", TEXT, "display name", required=True),
            Field("kind", ENUM, "kind of organization", required=True, choices=ORGANIZATION_KINDS),
            _ALIASES,
            Field("country", COUNTRY, "ISO 3166-1 alpha-2 code"),
            Field("parent", REF, "parent organization", refs=("organization",)),
            Field("description", TEXT, "what it is"),
            Field("founded", DATE, "when it was founded"),
            _SOURCES,
            _NOTES,
        ),
    ),
    Kind(
        "events",
        "event",
        model.Event,
        (
            Field("title", TEXT, "what happened, in a line", required=True),
            Field("date", DATE, "EDTF date, as precise as the sources allow", required=True),
            Field("kind", ENUM, "kind of event", required=True, choices=EVENT_KINDS),
            Field("countries", COUNTRIES, "countries involved"),
            Field(
                "participants", REFS, "people and organizations", refs=("person", "organization")
            ),
            Field("location", TEXT, "where"),
            Field("summary", TEXT, "what the sources say happened"),
            Field(
                "confidence",
                ENUM,
                "verified, reported, claimed or unverified",
                choices=CONFIDENCE,
                default="reported",
            ),
            Field("attributed_to", REF, "whose account this is", refs=("person", "organization")),
            _SOURCES,
            _NOTES,
        ),
    ),
    Kind(
        "equipment",
        "equipment",
        model.Equipment,
        (
            Field("name", TEXT, "display name", required=True),
            Field(
                "category",
                ENUM,
                "category id (bilat categories)",
                required=True,
                choices=tuple(c.id for c in CATEGORIES),
            ),
            _ALIASES,
            Field("description", TEXT, "the source's own description"),
            Field("origin", COUNTRY, "country of origin or manufacture"),
            Field("makers", REFS, "maker organizations", refs=("organization",)),
            Field(
                "mentions",
                MENTIONS,
                "what sources say: [{stance, source, quote or says, by, for_country, note}]",
            ),
            _SOURCES,
            _NOTES,
        ),
    ),
    Kind(
        "statements",
        "statement",
        model.Statement,
        (
            Field("by", REF, "who said it", required=True, refs=("person",)),
            Field("summary", TEXT, "a neutral, attributed paraphrase", required=True),
            Field("date", DATE, "when it was said"),
            Field(
                "about",
                REFS,
                "entries it concerns",
                refs=("source", "person", "organization", "event", "equipment", "statement"),
            ),
            Field("topics", SLUGS, "topic slugs"),
            _SOURCES,
            _NOTES,
        ),
    ),
)

KIND_BY_TABLE = {k.table: k for k in KINDS}

# [[amend]]: adds to an entry defined in any file. `id` names the entry; any field of its kind
# may follow (lists are appended, notes added as a paragraph, a single value set where the
# entry has none); `replace` lists the single-valued fields it changes, which needs a citation
# in the amendment's own `sources`.
AMEND_TABLE = "amend"
REPLACE = "replace"
# Fields an amendment cannot give: an archive is found from the file that defines its source.
NOT_AMENDABLE = frozenset({"archive", "archive_sha256"})
# Value types an amendment appends to (never replaces).
LIST_TYPES = frozenset({TEXTS, SLUGS, COUNTRIES, REFS, ENUMS, CITATIONS, ROLES, MENTIONS, SPEAKERS})


def replaceable(spec: Field) -> bool:
    """Whether `replace` may name this field: a single value (notes are appended to)."""
    return spec.type not in LIST_TYPES and spec.name != "notes"


KIND_BY_TYPE = {k.type: k for k in KINDS}


def output_fields(kind: Kind) -> tuple[str, ...]:
    """The keys of a machine-output record of this kind, in order (then `defined`, where the
    entry comes from: see bilat.records)."""
    return ("id", "type", *(f.name for f in kind.fields))
