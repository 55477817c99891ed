"""The closed vocabularies of the data format, as plain tuples: cheap to import, so the CLI can
offer them as choices without loading the schema. Beside them: categories.py (the equipment
taxonomy and its SIPRI mapping) and countries.py (ISO codes, names and aliases)."""

# What an outside page does for the data, beside the primary text (a source's `role`).
SOURCE_ROLES = ("corroborates", "adds", "qualifies", "contradicts", "background")
SOURCE_KINDS = ("article", "interview", "news-report", "official", "reference", "dataset", "other")
ORGANIZATION_KINDS = (
    "government",
    "ministry",
    "armed-forces",
    "company",
    "research",
    "think-tank",
    "media",
    "agency",
    "legislature",
    "international",
    "other",
)
EVENT_KINDS = (
    "diplomatic",
    "agreement",
    "visit",
    "meeting",
    "military",
    "conflict",
    "trade",
    "humanitarian",
    "other",
)
CONFIDENCE = ("verified", "reported", "claimed", "unverified")
STANCES = ("suggested", "offered", "proposed", "in-service", "mentioned")
