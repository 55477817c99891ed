"""`bilat schema`: the JSON Schema of the data format, checked with the `jsonschema` package
against the built-in data, the test fixture, and `bilat validate` rule by rule."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import tomli
from conftest import SMALL, write

from bilat import schema
from bilat.commands.session import Session
from bilat.errors import DataError
from bilat.export.json_schema import json_schema, schema_text
from bilat.files.paths import builtin_data_path
from bilat.load import DATASET_FIELDS, DATASET_TABLE


def as_editor_sees(value: object) -> object:
    """A parsed TOML document as a TOML language server hands it to JSON Schema: dates
    become their text."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: as_editor_sees(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(item) for item in value]
    return value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    document = json_schema()
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document)


def schema_errors(validator, text: str) -> list[str]:
    document = as_editor_sees(tomli.loads(text))
    return [error.message for error in validator.iter_errors(document)]


def validate_errors(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text, "case.toml")
    try:
        Session(data=[str(path)], include_builtin=False, use_cache=False).dataset()
    except DataError as err:
        return [str(problem) for problem in err.problems]
    return []


def test_command_prints_the_schema(bilat):
    result = bilat("schema")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == json_schema()
    assert json.loads(result.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_builtin_data_and_fixture_are_valid(validator):
    for path in (builtin_data_path(), SMALL):
        document = as_editor_sees(tomli.loads(path.read_text(encoding="utf-8")))
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
        assert errors == [], path


def test_generated_from_the_validators_description():
    document = json_schema()
    defs = document["$defs"]
    assert list(document["properties"]) == [k.table for k in schema.KINDS] + [
        schema.AMEND_TABLE,
        DATASET_TABLE,
    ]
    amend = defs[schema.AMEND_TABLE]
    every_field = {f.name for k in schema.KINDS for f in k.fields} - schema.NOT_AMENDABLE
    assert set(amend["properties"]) == {"id", schema.REPLACE} | every_field
    assert amend["additionalProperties"] is False and amend["required"] == ["id"]
    assert sorted(document["properties"][DATASET_TABLE]["properties"]) == sorted(DATASET_FIELDS)
    for kind in schema.KINDS:
        entry = defs[kind.type]
        assert list(entry["properties"]) == ["id", *(f.name for f in kind.fields)]
        assert entry["additionalProperties"] is False
        for spec in kind.fields:
            if spec.type == schema.ENUM:
                assert entry["properties"][spec.name]["enum"] == list(spec.choices)
    assert defs["citation"]["oneOf"] == [{"required": ["quote"]}, {"required": ["says"]}]
    assert defs["mention"]["oneOf"] == defs["citation"]["oneOf"]
    assert defs["role"].get("oneOf") is None
    assert defs["event"]["properties"]["confidence"]["default"] == "reported"


BASE = """
[[sources]]
id = "s"
title = "A title"
publisher = "P"
kind = "article"

[[people]]
id = "p"
name = "A person"
sources = [{ source = "s", quote = "words" }]
"""

EVENT = """
[[events]]
id = "e"
title = "{title}"
date = {date}
kind = "{kind}"
participants = {participants}
sources = [{citation}]
"""


def event(
    title="Met",
    date='"2020-05"',
    kind="meeting",
    participants='["p"]',
    citation='{ source = "s", quote = "they met" }',
) -> str:
    return EVENT.format(
        title=title, date=date, kind=kind, participants=participants, citation=citation
    )


VALID = {
    "the base": "",
    "an event": event(),
    "a TOML date": event(date="2020-05-01"),
    "a paraphrase with a speaker": event(
        citation='{ source = "s", says = "a paraphrase", by = "p" }'
    ),
    "an interval with an open end": event(date='"2020-09/.."'),
    "qualified and unspecified dates": event(date='"189X~/1910?"'),
    "a country name": '[[organizations]]\nid = "o"\nname = "O"\nkind = "other"\n'
    'country = "Türkiye"\nsources = [{ source = "s", quote = "q" }]\n',
    "equipment cited only in mentions": '[[equipment]]\nid = "x"\nname = "X"\n'
    'category = "radar"\nmentions = [{ stance = "offered", '
    'source = "s", says = "offered" }]\n',
    "tabs and newlines in text": event(title="Two\\tparts\\nand lines"),
}

# Each rule of `validate` that JSON Schema can express, broken once.
INVALID = {
    "an unknown table": '[[meetings]]\nid = "m"\n',
    "an unknown field": event() + 'locaton = "Baku"\n',
    "an unknown citation field": event(citation='{ source = "s", quote = "q", page = 4 }'),
    "a missing required field": '[[people]]\nid = "q"\nsources = [{ source = "s", quote = "q" }]\n',
    "a missing id": '[[people]]\nname = "N"\nsources = [{ source = "s", quote = "q" }]\n',
    "a bad id": event().replace('id = "e"', 'id = "Event_1"'),
    "a bad id in a reference": event(participants='["Not An Id"]'),
    "a bad enum value": event(kind="meetin"),
    "a bad mention stance": '[[equipment]]\nid = "x"\nname = "X"\ncategory = "radar"\n'
    'mentions = [{ stance = "sold", source = "s", quote = "q" }]\n',
    "a bad category": '[[equipment]]\nid = "x"\nname = "X"\ncategory = "rader"\n'
    'sources = [{ source = "s", quote = "q" }]\n',
    "a number for text": event().replace('title = "Met"', "title = 3"),
    "text for a boolean": BASE.replace(
        'kind = "article"', 'kind = "article"\ntitle_supplied = "yes"'
    ),
    "empty text": event(title=""),
    "blank text": event(title="   "),
    "an escape sequence": event(title="\\u001b[31mred"),
    "a bidi override": event(title="abc\\u202edef"),
    "a carriage return": event(title="a\\rb"),
    "quote and says": event(citation='{ source = "s", quote = "q", says = "s" }'),
    "neither quote nor says": event(citation='{ source = "s", by = "p" }'),
    "a citation without a source": event(citation='{ quote = "q" }'),
    "a mention with quote and says": '[[equipment]]\nid = "x"\nname = "X"\ncategory = "radar"'
    '\nmentions = [{ stance = "offered", source = "s", '
    'quote = "q", says = "s" }]\n',
    "no sources": '[[people]]\nid = "q"\nname = "N"\n',
    "empty sources": '[[people]]\nid = "q"\nname = "N"\nsources = []\n',
    "equipment with no citation": '[[equipment]]\nid = "x"\nname = "X"\ncategory = "radar"\n',
    "a role without as_of": '[[people]]\nid = "q"\nname = "N"\nroles = [{ title = "T" }]\n'
    'sources = [{ source = "s", quote = "q" }]\n',
    "a date in words": event(date='"May 2020"'),
    "a date with slashes": event(date='"12/12/1991"'),
    "a thirteenth month": event(date='"2020-13"'),
    "a five-digit year": event(date='"20200"'),
    "two slashes": event(date='"2019/2020/2021"'),
    "a date as a number": event(date="2020"),
    "a bad topic slug": '[[statements]]\nid = "t"\nby = "p"\nsummary = "S"\n'
    'topics = ["Energy Policy"]\nsources = [{ source = "s", quote = "q" }]\n',
    "a string for an array": event().replace('participants = ["p"]', 'participants = "p"'),
    "a number in a list of countries": event() + "countries = [1]\n",
    "a table that is not an array": '[organizations]\nid = "z"\n',
}


@pytest.mark.parametrize("name", list(VALID))
def test_schema_accepts_what_validate_accepts(validator, tmp_path, name):
    text = BASE + VALID[name]
    assert validate_errors(tmp_path, text) == []
    assert schema_errors(validator, text) == []


@pytest.mark.parametrize("name", list(INVALID))
def test_schema_rejects_what_validate_rejects(validator, tmp_path, name):
    text = BASE + INVALID[name]
    assert validate_errors(tmp_path, text), f"validate accepts {name}"
    assert schema_errors(validator, text), f"the schema accepts {name}"


TAPLO = Path(sys.executable).parent / "taplo"


@pytest.mark.skipif(
    not TAPLO.exists(), reason="taplo (the TOML language server's CLI) is not installed"
)
def test_an_editor_pointed_at_the_schema_flags_mistakes(tmp_path):
    """Taplo, the engine of Even Better TOML, reads the `#:schema` directive as README shows."""
    (tmp_path / "bilat.schema.json").write_text(schema_text(), encoding="utf-8")
    directive = "#:schema ./bilat.schema.json\n"
    desk = write(tmp_path, directive + BASE + event() + 'locaton = "Baku"\n', "desk.toml")
    checked = subprocess.run(
        [str(TAPLO), "check", str(desk)], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert checked.returncode != 0
    assert "'locaton' was unexpected" in checked.stderr
    builtin = write(
        tmp_path, directive + builtin_data_path().read_text(encoding="utf-8"), "entries.toml"
    )
    checked = subprocess.run(
        [str(TAPLO), "check", str(builtin)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr
