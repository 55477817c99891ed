"""Print a valid bilat dataset of about N entries to stdout: `python benchmarks/make_dataset.py 10000`.

With `--archive FILE` (beside where the data will be saved), also write a saved article to
FILE and give every source `archive = "<its name>"`: quotes are then passages of it (whole
words), but one in MISS_EVERY, which is not in it, so verify has misses to look for too.

Every kind is present in realistic proportions and sizes, cross-references are valid, ids are
prefixed "gen-" so the file loads on top of the built-in dataset, and the output depends only
on N (a fixed seed), so benchmark runs are comparable.
"""

from __future__ import annotations

import os
import random
import sys

WORDS = (
    "cooperation defence agreement visit delegation ministry army navy air force radar "
    "missile drone exercise training joint production trade energy rice pipeline summit "
    "minister general colonel strategic partnership security border investment bank "
    "university culture heritage festival embassy consulate treaty protocol memorandum "
    "Baku Islamabad Ankara Karachi Lahore Ganja Sumqayit Rawalpindi Şəki Qəbələ Tağıyev "
    "Əliyev İsmayıllı Gəncə"
).split()
COUNTRIES = ("AZ", "PK", "TR", "CN", "IN", "AM", "GE", "IR", "RU", "US", "GB", "KZ", "UZ")
CATEGORIES = (
    "aircraft",
    "uav",
    "air-defence",
    "radar",
    "missile",
    "artillery",
    "armoured-vehicle",
    "ship",
    "small-arms",
    "technology",
)
EVENT_KINDS = ("diplomatic", "agreement", "visit", "meeting", "military", "trade", "other")
ORG_KINDS = ("government", "ministry", "armed-forces", "company", "research", "media")
STANCES = ("suggested", "offered", "proposed", "mentioned")
TOPICS = ("energy", "defence", "trade", "agriculture", "education", "culture", "cpec", "tourism")


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(items) -> str:
    return "[" + ", ".join(toml_string(i) for i in items) + "]"


MISS_EVERY = 1000
ARCHIVE_WORDS = 4000  # about 35 KB: an article's size (the built-in one is 9 KB)


class Generator:
    def __init__(self, total: int, archive: str | None = None) -> None:
        self.rng = random.Random(total)
        self.archive = archive
        self.article = [self.rng.choice(WORDS) for _ in range(ARCHIVE_WORDS)]
        self.quotes = 0
        shares = {
            "sources": 0.02,
            "people": 0.15,
            "organizations": 0.08,
            "events": 0.30,
            "equipment": 0.30,
            "statements": 0.15,
        }
        self.counts = {k: max(1, round(total * v)) for k, v in shares.items()}

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def date(self) -> str:
        year = self.rng.randint(1990, 2025)
        form = self.rng.random()
        if form < 0.6:
            return f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        if form < 0.8:
            return f"{year}-{self.rng.randint(1, 12):02d}"
        if form < 0.9:
            return f"{year}~"
        return f"{year}/{year + self.rng.randint(1, 3)}"

    def quote(self, low: int, high: int) -> str:
        """A quote: random words, or with an archive a passage of it (but one in MISS_EVERY)."""
        self.quotes += 1
        if self.archive is None or self.quotes % MISS_EVERY == 0:
            return self.words(max(low, 6), high)
        length = self.rng.randint(max(low, 2), high)
        start = self.rng.randrange(len(self.article) - length)
        return " ".join(self.article[start : start + length])

    def article_text(self) -> str:
        lines = [" ".join(self.article[i : i + 12]) for i in range(0, len(self.article), 12)]
        return "\n".join(lines) + "\n"

    def citation(self) -> str:
        source = f"gen-source-{self.rng.randrange(self.counts['sources'])}"
        return f"{{ source = {toml_string(source)}, quote = {toml_string(self.quote(6, 20))} }}"

    def ref(self, table: str, prefix: str) -> str:
        return f"gen-{prefix}-{self.rng.randrange(self.counts[table])}"

    def write(self, out) -> None:
        rng = self.rng
        for i in range(self.counts["sources"]):
            out.write(
                f'[[sources]]\nid = "gen-source-{i}"\ntitle = {toml_string(self.words(4, 10))}\n'
                f'publisher = {toml_string(self.words(1, 3).title())}\nkind = "news-report"\n'
                f'url = "https://example.org/{i}"\ndate = "{self.date().split("/")[0].rstrip("~")}"\n'
                + (f"archive = {toml_string(self.archive)}\n" if self.archive else "")
                + "\n"
            )
        for i in range(self.counts["organizations"]):
            out.write(
                f'[[organizations]]\nid = "gen-org-{i}"\nname = {toml_string(self.words(2, 5).title())}\n'
                f'kind = "{rng.choice(ORG_KINDS)}"\ncountry = "{rng.choice(COUNTRIES)}"\n'
                f"aliases = {toml_list([self.words(1, 1).upper()])}\n"
                f"description = {toml_string(self.words(8, 25))}\n"
                f"sources = [{self.citation()}]\n\n"
            )
        for i in range(self.counts["people"]):
            org = self.ref("organizations", "org")
            out.write(
                f'[[people]]\nid = "gen-person-{i}"\nname = {toml_string(self.words(2, 3).title())}\n'
                f"aliases = {toml_list([self.words(2, 2).title()])}\n"
                f'country = "{rng.choice(COUNTRIES)}"\ndescription = {toml_string(self.words(6, 20))}\n'
                f'roles = [{{ title = {toml_string(self.words(2, 6).title())}, organization = "{org}", '
                f'as_of = "{self.date().split("/")[0]}", sources = [{self.citation()}] }}]\n'
                f"sources = [{self.citation()}]\n\n"
            )
        for i in range(self.counts["events"]):
            participants = sorted(
                {self.ref("people", "person") for _ in range(rng.randint(0, 3))}
                | {self.ref("organizations", "org") for _ in range(rng.randint(0, 2))}
            )
            out.write(
                f'[[events]]\nid = "gen-event-{i}"\ntitle = {toml_string(self.words(4, 12).capitalize())}\n'
                f'date = "{self.date()}"\nkind = "{rng.choice(EVENT_KINDS)}"\n'
                f"countries = {toml_list(sorted(rng.sample(COUNTRIES, 2)))}\n"
                f"participants = {toml_list(participants)}\n"
                f"summary = {toml_string(self.words(15, 50))}\n"
                f"sources = [{self.citation()}, {self.citation()}]\n\n"
            )
        for i in range(self.counts["equipment"]):
            person = self.ref("people", "person")
            source = f"gen-source-{rng.randrange(self.counts['sources'])}"
            out.write(
                f'[[equipment]]\nid = "gen-equipment-{i}"\nname = {toml_string(self.words(1, 3).upper() + f" {i}")}\n'
                f'category = "{rng.choice(CATEGORIES)}"\n'
                f"description = {toml_string(self.words(6, 20))}\n"
                f'origin = "{rng.choice(COUNTRIES)}"\nmakers = ["{self.ref("organizations", "org")}"]\n'
                f'mentions = [{{ stance = "{rng.choice(STANCES)}", by = "{person}", '
                f'for_country = "{rng.choice(COUNTRIES)}", source = "{source}", '
                f"quote = {toml_string(self.quote(4, 15))} }}]\n\n"
            )
        for i in range(self.counts["statements"]):
            about = sorted({self.ref("events", "event"), self.ref("equipment", "equipment")})
            out.write(
                f'[[statements]]\nid = "gen-statement-{i}"\nby = "{self.ref("people", "person")}"\n'
                f'summary = {toml_string(self.words(8, 25).capitalize())}\ndate = "{self.date()}"\n'
                f"about = {toml_list(about)}\ntopics = {toml_list(sorted({rng.choice(TOPICS) for _ in range(2)}))}\n"
                f"sources = [{self.citation()}]\n\n"
            )


def main() -> None:
    args = sys.argv[1:]
    archive = None
    if len(args) == 3 and args[1] == "--archive":
        archive = args.pop(2)
        args.pop(1)
    if len(args) != 1 or not args[0].isdigit():
        sys.exit("usage: make_dataset.py N [--archive FILE]")
    generator = Generator(int(args[0]), os.path.basename(archive) if archive else None)
    if archive:
        with open(archive, "w", encoding="utf-8") as out:
            out.write(generator.article_text())
    generator.write(sys.stdout)


if __name__ == "__main__":
    main()
