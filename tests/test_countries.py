from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilat.vocab.countries import (
    _COUNTRIES,
    _fold,
    country_choices,
    country_codes,
    country_name,
    resolve_country,
)

ALIAS_FAMILIES: dict[str, tuple[str, ...]] = {
    "TR": ("Türkiye", "Turkiye", "Turkey", "turkey", "TURKEY", "tr", "TUR"),
    "AZ": ("Azerbaijan", "Azərbaycan", "AZERBAIJAN", "az", "AZE"),
    "PK": ("Pakistan", "PAK"),
    "IN": ("India", "IND"),
    "AM": ("Armenia", "ARM"),
    "CN": ("China", "People's Republic of China", "PRC", "CHN"),
    "RU": ("Russia", "Russian Federation", "RUS"),
    "US": ("United States", "USA", "US", "United States of America", "America"),
    "GB": ("United Kingdom", "UK", "Great Britain", "Britain", "GBR"),
    "IR": ("Iran", "Islamic Republic of Iran", "IRN"),
    "KR": ("South Korea", "Korea, Republic of"),
    "KP": ("North Korea",),
    "GE": ("Georgia", "GE", "ge"),
    "IL": ("Israel",),
    "SA": ("Saudi Arabia", "KSA"),
    "AE": ("UAE", "United Arab Emirates"),
    "CZ": ("Czechia", "Czech Republic"),
    "SY": ("Syria",),
    "VN": ("Vietnam", "Viet Nam"),
    "LA": ("Laos",),
    "MD": ("Moldova",),
    "TW": ("Taiwan",),
    "PS": ("Palestine",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "CI": ("Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire", "côte d’ivoire"),
    "SZ": ("Eswatini", "Swaziland"),
    "MK": ("North Macedonia", "Macedonia"),
    "MM": ("Myanmar", "Burma"),
    "KG": ("Kyrgyzstan", "Kyrgyz Republic"),
    "KZ": ("Kazakhstan",),
    "UZ": ("Uzbekistan",),
    "TM": ("Turkmenistan",),
    "TJ": ("Tajikistan",),
    "AF": ("Afghanistan",),
    "BD": ("Bangladesh",),
    "UA": ("Ukraine",),
    "BY": ("Belarus",),
}


def _family_cases() -> list[tuple[str, str]]:
    return [(code, text) for code, texts in ALIAS_FAMILIES.items() for text in texts]


@pytest.mark.parametrize(("code", "text"), _family_cases())
def test_alias_families(code: str, text: str) -> None:
    assert resolve_country(text) == code


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("AZ", "Azerbaijan"),
        ("TR", "Türkiye"),
        ("GE", "Georgia"),
        ("US", "United States"),
        ("GB", "United Kingdom"),
        ("DE", "Germany"),
        ("JP", "Japan"),
        ("ZW", "Zimbabwe"),
        ("AX", "Åland Islands"),
        ("CI", "Côte d'Ivoire"),
    ],
)
def test_country_name(code: str, name: str) -> None:
    assert country_name(code) == name
    assert country_name(code.lower()) == name
    assert country_name(f"  {code} ") == name


@pytest.mark.parametrize("bad", ["XX", "UK", "", "AZE", "Azerbaijan", "zz"])
def test_country_name_unknown_raises_keyerror(bad: str) -> None:
    with pytest.raises(KeyError):
        country_name(bad)


@pytest.mark.parametrize(
    "text",
    [
        "  Turkiye  ",
        "TÜRKİYE",
        "türkiye",
        "\tturkey\n",
        "TuRkEy",
        "Tu\u0308rkiye",  # decomposed umlaut
    ],
)
def test_case_whitespace_and_accent_folding(text: str) -> None:
    assert resolve_country(text) == "TR"


def test_special_letter_folding() -> None:
    assert _fold("Azərbaycan") == "azerbaycan"
    assert _fold("AZƏRBAYCAN") == "azerbaycan"
    assert _fold("Kırgızistan") == "kirgizistan"
    assert _fold("Straße") == "strasse"
    assert resolve_country("AZERBAYCAN") == "AZ"
    assert resolve_country("Azerbaycan") == "AZ"


def test_punctuation_folding() -> None:
    assert resolve_country("U.S.A.") == "US"
    assert resolve_country("U.S.") == "US"
    assert resolve_country("Korea Republic of") == "KR"
    assert resolve_country("Guinea Bissau") == "GW"
    assert resolve_country("St. Lucia") == "LC"
    assert resolve_country("St Kitts & Nevis") == "KN"
    assert resolve_country("Bosnia & Herzegovina") == "BA"
    assert resolve_country("Bolivia (Plurinational State of)") == "BO"
    assert resolve_country("Sao Tome and Principe") == "ST"


@pytest.mark.parametrize(
    "text", ["", "   ", "XX", "Atlantis", "Korea", "Narnia", "U", "Türkei", "ZZZ"]
)
def test_unknown_returns_none(text: str) -> None:
    assert resolve_country(text) is None


def test_non_string_returns_none() -> None:
    assert resolve_country(None) is None  # type: ignore[arg-type]
    assert resolve_country(42) is None  # type: ignore[arg-type]


def test_code_count() -> None:
    assert 245 <= len(country_codes()) <= 252


def test_codes_are_two_uppercase_ascii_letters() -> None:
    pattern = re.compile(r"[A-Z]{2}")
    for code in country_codes():
        assert pattern.fullmatch(code), code


def test_codes_sorted_and_unique() -> None:
    codes = country_codes()
    assert list(codes) == sorted(codes)
    assert len(codes) == len(set(codes))
    raw = [entry[0] for entry in _COUNTRIES]
    assert len(raw) == len(set(raw))


def test_names_unique() -> None:
    names = [entry[1] for entry in _COUNTRIES]
    assert len(names) == len(set(names))
    folded = [_fold(name) for name in names]
    assert len(folded) == len(set(folded))


def test_every_code_and_name_resolves_to_itself() -> None:
    for code in country_codes():
        assert resolve_country(code) == code
        assert resolve_country(code.lower()) == code
        assert resolve_country(country_name(code)) == code


def test_every_alias_resolves_to_its_country() -> None:
    for code, _name, *aliases in _COUNTRIES:
        for alias in aliases:
            assert resolve_country(alias) == code, (alias, code)


def test_no_alias_collides_with_another_countrys_code() -> None:
    codes = {_fold(entry[0]): entry[0] for entry in _COUNTRIES}
    for code, *texts in _COUNTRIES:
        for text in texts:
            other = codes.get(_fold(text))
            assert other in (None, code), f"{text!r} ({code}) collides with code {other}"


def test_no_name_or_alias_shared_between_countries() -> None:
    owner: dict[str, str] = {}
    for code, *texts in _COUNTRIES:
        for text in texts:
            key = _fold(text)
            assert owner.setdefault(key, code) == code, (
                f"{text!r} maps to both {owner[key]} and {code}"
            )


def test_country_choices() -> None:
    choices = country_choices()
    codes = country_codes()
    assert choices[: len(codes)] == codes
    assert len(choices) == len(set(choices))
    for expected in ("Azerbaijan", "Azərbaycan", "AZE", "Türkiye", "Turkey", "UK"):
        assert expected in choices
    for code, *texts in _COUNTRIES:
        assert code in choices
        for text in texts:
            assert text in choices


@given(st.text(max_size=40))
def test_resolve_country_never_raises(text: str) -> None:
    result = resolve_country(text)
    assert result is None or result in country_codes()


@given(
    st.sampled_from(_COUNTRIES),
    st.sampled_from(["", " ", "\t", "  "]),
    st.booleans(),
)
def test_names_resolve_regardless_of_case_and_padding(
    entry: tuple[str, ...], pad: str, upper: bool
) -> None:
    name = entry[1].upper() if upper else entry[1].lower()
    assert resolve_country(f"{pad}{name}{pad}") == entry[0]
