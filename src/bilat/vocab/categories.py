"""The equipment taxonomy: bilat's categories and the SIPRI category each maps to.

SIPRI's Arms Transfers Database uses twelve categories (aircraft, air defence systems,
anti-submarine warfare, armoured vehicles, artillery, engines, missiles, naval weapons,
satellites, sensors, ships, other) and leaves out small arms; bilat's categories are finer
(a journalist asks for "radar", not "sensors") and each names the SIPRI category it falls in.
"""

from __future__ import annotations


class Category:
    """One category. A plain class, not a dataclass: `--category` is resolved on the start-up
    path, where building a dataclass costs more than the whole lookup."""

    __slots__ = ("id", "name", "definition", "sipri", "aliases")

    def __init__(
        self, id: str, name: str, definition: str, sipri: str, aliases: tuple[str, ...] = ()
    ) -> None:
        self.id = id
        self.name = name
        self.definition = definition
        self.sipri = sipri  # the SIPRI Arms Transfers Database category, or "not covered"
        self.aliases = aliases

    def __repr__(self) -> str:
        return f"Category({self.id!r})"


CATEGORIES: tuple[Category, ...] = (
    Category(
        "aircraft",
        "Aircraft",
        "Manned military aircraft: fighters, trainers, transports, "
        "airborne early warning and control (AEW&C) aircraft.",
        "aircraft",
        ("aircraft", "fighter", "fighters", "fighter-jet", "jets", "aew", "aew-c", "planes"),
    ),
    Category(
        "uav",
        "Unmanned aerial vehicles",
        "Unmanned aircraft (drones), armed or not.",
        "aircraft",
        ("uavs", "drone", "drones", "unmanned", "ucav", "ucavs", "uas"),
    ),
    Category(
        "air-defence",
        "Air defence systems",
        "Surface-to-air missile systems, anti-aircraft "
        "guns, man-portable air-defence systems (MANPADS) and anti-ballistic missile systems.",
        "air defence systems",
        (
            "air-defense",
            "airdefence",
            "airdefense",
            "air-defence-systems",
            "sam",
            "ad",
            "manpads",
            "anti-aircraft",
        ),
    ),
    Category(
        "radar",
        "Radars",
        "Ground, naval or airborne radars for surveillance, air search and fire control.",
        "sensors",
        ("radars", "sensor", "sensors"),
    ),
    Category(
        "missile",
        "Missiles",
        "Guided missiles and guided rockets: air-to-surface, "
        "anti-tank guided, ballistic and cruise missiles.",
        "missiles",
        ("missiles", "atgm", "atgms", "rockets"),
    ),
    Category(
        "artillery",
        "Artillery",
        "Guns, howitzers, mortars and multiple rocket launchers of 100 mm calibre or more.",
        "artillery",
        ("howitzer", "howitzers", "mlrs", "mlr", "guns"),
    ),
    Category(
        "armoured-vehicle",
        "Armoured vehicles",
        "Tanks, armoured personnel carriers, "
        "infantry fighting vehicles, tank destroyers and other armoured or tactical "
        "vehicles.",
        "armoured vehicles",
        (
            "armoured-vehicles",
            "armored-vehicle",
            "armored-vehicles",
            "armour",
            "armor",
            "tank",
            "tanks",
            "apc",
            "ifv",
            "vehicles",
        ),
    ),
    Category(
        "ship",
        "Ships and submarines",
        "Warships and submarines, and the technology to build them.",
        "ships",
        ("ships", "naval", "submarine", "submarines"),
    ),
    Category(
        "small-arms",
        "Small arms and light weapons",
        "Machine guns, grenade launchers, "
        "shoulder-fired rocket launchers and mines: weapons SIPRI does not count.",
        "not covered",
        ("small-arms-and-light-weapons", "salw", "light-weapons", "mines", "infantry-weapons"),
    ),
    Category(
        "technology",
        "Technologies",
        "Capabilities named as fields rather than systems: "
        "stealth, lasers, missile manufacturing, 5th-generation fighter programmes.",
        "other",
        ("technologies", "tech", "know-how"),
    ),
)


def resolve_category(text: str) -> str | None:
    """A category id from an id or alias, case-insensitively; None when nothing matches."""
    wanted = text.strip().lower().replace("_", "-").replace(" ", "-")
    for category in CATEGORIES:
        if wanted == category.id or wanted in category.aliases:
            return category.id
    return None


def category_choices() -> tuple[str, ...]:
    """Ids first, then aliases: what a "did you mean" may suggest."""
    ids = tuple(c.id for c in CATEGORIES)
    return ids + tuple(a for c in CATEGORIES for a in c.aliases)
