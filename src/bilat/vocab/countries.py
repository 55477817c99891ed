"""ISO 3166-1 alpha-2 country codes, English short names and common aliases.

The table below is a plain literal: each entry is ``(code, name, *aliases)``.
``name`` is a readable English short name (the ISO 3166-1 short name with
inversions such as "Korea, Republic of" turned into everyday forms); the
formal ISO spelling is kept as an alias where it differs.

Lookups are case-insensitive, ignore surrounding whitespace and fold accents
and punctuation (see :func:`_fold`).  Alpha-2 codes always win over names,
and names over aliases, should two ever fold to the same key.
"""

from __future__ import annotations

from functools import lru_cache

from bilat.text import fold

__all__ = [
    "country_choices",
    "country_codes",
    "country_name",
    "country_spellings",
    "resolve_country",
]

_COUNTRIES: tuple[tuple[str, ...], ...] = (
    ("AD", "Andorra"),
    ("AE", "United Arab Emirates", "UAE", "Emirates", "ARE"),
    ("AF", "Afghanistan", "Islamic Republic of Afghanistan", "AFG"),
    ("AG", "Antigua and Barbuda"),
    ("AI", "Anguilla"),
    ("AL", "Albania"),
    ("AM", "Armenia", "Republic of Armenia", "Hayastan", "ARM"),
    ("AO", "Angola"),
    ("AQ", "Antarctica"),
    ("AR", "Argentina"),
    ("AS", "American Samoa"),
    ("AT", "Austria"),
    ("AU", "Australia"),
    ("AW", "Aruba"),
    ("AX", "Åland Islands", "Aland"),
    ("AZ", "Azerbaijan", "Azərbaycan", "Republic of Azerbaijan", "AZE"),
    ("BA", "Bosnia and Herzegovina", "Bosnia", "Bosnia-Herzegovina"),
    ("BB", "Barbados"),
    ("BD", "Bangladesh", "People's Republic of Bangladesh", "BGD"),
    ("BE", "Belgium"),
    ("BF", "Burkina Faso"),
    ("BG", "Bulgaria"),
    ("BH", "Bahrain"),
    ("BI", "Burundi"),
    ("BJ", "Benin"),
    ("BL", "Saint Barthélemy", "Saint Barts"),
    ("BM", "Bermuda"),
    ("BN", "Brunei", "Brunei Darussalam"),
    (
        "BO",
        "Bolivia",
        "Bolivia (Plurinational State of)",
        "Plurinational State of Bolivia",
        "BOL",
    ),
    ("BQ", "Bonaire, Sint Eustatius and Saba", "Caribbean Netherlands"),
    ("BR", "Brazil"),
    ("BS", "Bahamas", "The Bahamas"),
    ("BT", "Bhutan"),
    ("BV", "Bouvet Island"),
    ("BW", "Botswana"),
    ("BY", "Belarus", "Republic of Belarus", "Byelorussia", "BLR"),
    ("BZ", "Belize"),
    ("CA", "Canada"),
    ("CC", "Cocos (Keeling) Islands", "Cocos Islands", "Keeling Islands"),
    (
        "CD",
        "Democratic Republic of the Congo",
        "Congo, Democratic Republic of the",
        "Congo (the Democratic Republic of the)",
        "DR Congo",
        "DRC",
        "Congo-Kinshasa",
        "Zaire",
    ),
    ("CF", "Central African Republic"),
    ("CG", "Congo", "Republic of the Congo", "Congo-Brazzaville"),
    ("CH", "Switzerland"),
    ("CI", "Côte d'Ivoire", "Ivory Coast", "CIV"),
    ("CK", "Cook Islands"),
    ("CL", "Chile"),
    ("CM", "Cameroon"),
    ("CN", "China", "People's Republic of China", "PRC", "CHN"),
    ("CO", "Colombia"),
    ("CR", "Costa Rica"),
    ("CU", "Cuba"),
    ("CV", "Cabo Verde", "Cape Verde"),
    ("CW", "Curaçao"),
    ("CX", "Christmas Island"),
    ("CY", "Cyprus"),
    ("CZ", "Czechia", "Czech Republic", "CZE"),
    ("DE", "Germany"),
    ("DJ", "Djibouti"),
    ("DK", "Denmark"),
    ("DM", "Dominica"),
    ("DO", "Dominican Republic"),
    ("DZ", "Algeria"),
    ("EC", "Ecuador"),
    ("EE", "Estonia"),
    ("EG", "Egypt"),
    ("EH", "Western Sahara"),
    ("ER", "Eritrea"),
    ("ES", "Spain"),
    ("ET", "Ethiopia"),
    ("FI", "Finland"),
    ("FJ", "Fiji"),
    ("FK", "Falkland Islands", "Falkland Islands (Malvinas)", "Falklands"),
    (
        "FM",
        "Micronesia",
        "Micronesia (Federated States of)",
        "Federated States of Micronesia",
    ),
    ("FO", "Faroe Islands", "Faeroe Islands"),
    ("FR", "France"),
    ("GA", "Gabon"),
    (
        "GB",
        "United Kingdom",
        "United Kingdom of Great Britain and Northern Ireland",
        "UK",
        "Great Britain",
        "Britain",
        "GBR",
    ),
    ("GD", "Grenada"),
    ("GE", "Georgia", "Sakartvelo", "GEO"),
    ("GF", "French Guiana"),
    ("GG", "Guernsey"),
    ("GH", "Ghana"),
    ("GI", "Gibraltar"),
    ("GL", "Greenland"),
    ("GM", "Gambia", "The Gambia"),
    ("GN", "Guinea"),
    ("GP", "Guadeloupe"),
    ("GQ", "Equatorial Guinea"),
    ("GR", "Greece"),
    ("GS", "South Georgia and the South Sandwich Islands"),
    ("GT", "Guatemala"),
    ("GU", "Guam"),
    ("GW", "Guinea-Bissau"),
    ("GY", "Guyana"),
    ("HK", "Hong Kong"),
    ("HM", "Heard Island and McDonald Islands"),
    ("HN", "Honduras"),
    ("HR", "Croatia"),
    ("HT", "Haiti"),
    ("HU", "Hungary"),
    ("ID", "Indonesia"),
    ("IE", "Ireland"),
    ("IL", "Israel", "State of Israel", "ISR"),
    ("IM", "Isle of Man"),
    ("IN", "India", "Republic of India", "Bharat", "IND"),
    ("IO", "British Indian Ocean Territory"),
    ("IQ", "Iraq"),
    (
        "IR",
        "Iran",
        "Iran (Islamic Republic of)",
        "Islamic Republic of Iran",
        "Persia",
        "IRN",
    ),
    ("IS", "Iceland"),
    ("IT", "Italy"),
    ("JE", "Jersey"),
    ("JM", "Jamaica"),
    ("JO", "Jordan"),
    ("JP", "Japan"),
    ("KE", "Kenya"),
    ("KG", "Kyrgyzstan", "Kyrgyz Republic", "Kirghizia", "KGZ"),
    ("KH", "Cambodia"),
    ("KI", "Kiribati"),
    ("KM", "Comoros"),
    ("KN", "Saint Kitts and Nevis"),
    (
        "KP",
        "North Korea",
        "Korea (Democratic People's Republic of)",
        "Korea, Democratic People's Republic of",
        "Democratic People's Republic of Korea",
        "DPRK",
        "PRK",
    ),
    (
        "KR",
        "South Korea",
        "Korea (Republic of)",
        "Korea, Republic of",
        "Republic of Korea",
        "ROK",
        "KOR",
    ),
    ("KW", "Kuwait"),
    ("KY", "Cayman Islands"),
    ("KZ", "Kazakhstan", "Kazakstan", "Qazaqstan", "KAZ"),
    ("LA", "Laos", "Lao People's Democratic Republic", "Lao PDR", "LAO"),
    ("LB", "Lebanon"),
    ("LC", "Saint Lucia"),
    ("LI", "Liechtenstein"),
    ("LK", "Sri Lanka"),
    ("LR", "Liberia"),
    ("LS", "Lesotho"),
    ("LT", "Lithuania"),
    ("LU", "Luxembourg"),
    ("LV", "Latvia"),
    ("LY", "Libya"),
    ("MA", "Morocco"),
    ("MC", "Monaco"),
    (
        "MD",
        "Moldova",
        "Moldova (Republic of)",
        "Moldova, Republic of",
        "Republic of Moldova",
        "MDA",
    ),
    ("ME", "Montenegro"),
    ("MF", "Saint Martin", "Saint Martin (French part)"),
    ("MG", "Madagascar"),
    ("MH", "Marshall Islands"),
    (
        "MK",
        "North Macedonia",
        "Macedonia",
        "Republic of North Macedonia",
        "Former Yugoslav Republic of Macedonia",
        "FYROM",
        "MKD",
    ),
    ("ML", "Mali"),
    ("MM", "Myanmar", "Burma", "MMR"),
    ("MN", "Mongolia"),
    ("MO", "Macao", "Macau"),
    ("MP", "Northern Mariana Islands"),
    ("MQ", "Martinique"),
    ("MR", "Mauritania"),
    ("MS", "Montserrat"),
    ("MT", "Malta"),
    ("MU", "Mauritius"),
    ("MV", "Maldives"),
    ("MW", "Malawi"),
    ("MX", "Mexico"),
    ("MY", "Malaysia"),
    ("MZ", "Mozambique"),
    ("NA", "Namibia"),
    ("NC", "New Caledonia"),
    ("NE", "Niger"),
    ("NF", "Norfolk Island"),
    ("NG", "Nigeria"),
    ("NI", "Nicaragua"),
    ("NL", "Netherlands", "Netherlands (Kingdom of the)", "The Netherlands", "Holland"),
    ("NO", "Norway"),
    ("NP", "Nepal"),
    ("NR", "Nauru"),
    ("NU", "Niue"),
    ("NZ", "New Zealand"),
    ("OM", "Oman"),
    ("PA", "Panama"),
    ("PE", "Peru"),
    ("PF", "French Polynesia"),
    ("PG", "Papua New Guinea"),
    ("PH", "Philippines"),
    ("PK", "Pakistan", "Islamic Republic of Pakistan", "PAK"),
    ("PL", "Poland"),
    ("PM", "Saint Pierre and Miquelon"),
    ("PN", "Pitcairn", "Pitcairn Islands"),
    ("PR", "Puerto Rico"),
    (
        "PS",
        "Palestine",
        "Palestine, State of",
        "State of Palestine",
        "Palestinian Territories",
        "PSE",
    ),
    ("PT", "Portugal"),
    ("PW", "Palau"),
    ("PY", "Paraguay"),
    ("QA", "Qatar"),
    ("RE", "Réunion"),
    ("RO", "Romania"),
    ("RS", "Serbia"),
    ("RU", "Russia", "Russian Federation", "RUS"),
    ("RW", "Rwanda"),
    ("SA", "Saudi Arabia", "Kingdom of Saudi Arabia", "KSA", "SAU"),
    ("SB", "Solomon Islands"),
    ("SC", "Seychelles"),
    ("SD", "Sudan"),
    ("SE", "Sweden"),
    ("SG", "Singapore"),
    ("SH", "Saint Helena, Ascension and Tristan da Cunha", "Saint Helena"),
    ("SI", "Slovenia"),
    ("SJ", "Svalbard and Jan Mayen"),
    ("SK", "Slovakia"),
    ("SL", "Sierra Leone"),
    ("SM", "San Marino"),
    ("SN", "Senegal"),
    ("SO", "Somalia"),
    ("SR", "Suriname"),
    ("SS", "South Sudan"),
    ("ST", "São Tomé and Príncipe"),
    ("SV", "El Salvador"),
    ("SX", "Sint Maarten", "Sint Maarten (Dutch part)"),
    ("SY", "Syria", "Syrian Arab Republic", "SYR"),
    ("SZ", "Eswatini", "Swaziland", "Kingdom of Eswatini", "SWZ"),
    ("TC", "Turks and Caicos Islands"),
    ("TD", "Chad"),
    ("TF", "French Southern Territories"),
    ("TG", "Togo"),
    ("TH", "Thailand"),
    ("TJ", "Tajikistan", "TJK"),
    ("TK", "Tokelau"),
    ("TL", "Timor-Leste", "East Timor"),
    ("TM", "Turkmenistan", "TKM"),
    ("TN", "Tunisia"),
    ("TO", "Tonga"),
    ("TR", "Türkiye", "Turkiye", "Turkey", "Republic of Türkiye", "TUR"),
    ("TT", "Trinidad and Tobago"),
    ("TV", "Tuvalu"),
    (
        "TW",
        "Taiwan",
        "Taiwan, Province of China",
        "Republic of China",
        "Chinese Taipei",
        "TWN",
    ),
    (
        "TZ",
        "Tanzania",
        "Tanzania, United Republic of",
        "United Republic of Tanzania",
        "TZA",
    ),
    ("UA", "Ukraine", "UKR"),
    ("UG", "Uganda"),
    ("UM", "United States Minor Outlying Islands"),
    (
        "US",
        "United States",
        "United States of America",
        "USA",
        "US",
        "America",
    ),
    ("UY", "Uruguay"),
    ("UZ", "Uzbekistan", "UZB"),
    ("VA", "Holy See", "Vatican", "Vatican City", "Vatican City State"),
    ("VC", "Saint Vincent and the Grenadines"),
    (
        "VE",
        "Venezuela",
        "Venezuela (Bolivarian Republic of)",
        "Bolivarian Republic of Venezuela",
        "VEN",
    ),
    ("VG", "British Virgin Islands", "Virgin Islands (British)"),
    (
        "VI",
        "United States Virgin Islands",
        "Virgin Islands (U.S.)",
        "US Virgin Islands",
    ),
    ("VN", "Vietnam", "Viet Nam", "VNM"),
    ("VU", "Vanuatu"),
    ("WF", "Wallis and Futuna"),
    ("WS", "Samoa"),
    ("YE", "Yemen"),
    ("YT", "Mayotte"),
    ("ZA", "South Africa"),
    ("ZM", "Zambia"),
    ("ZW", "Zimbabwe"),
)

# Applied before NFKD: unify apostrophes and separators.  (U+00B4 must be
# handled here, since NFKD would turn it into a space plus a combining mark.)
_PRE_FOLD = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark
        "\u2018": "'",  # left single quotation mark
        "\u02bc": "'",  # modifier letter apostrophe
        "`": "'",
        "\u00b4": "'",  # acute accent
        "-": " ",
        "\u2010": " ",  # hyphen
        "\u2011": " ",  # non-breaking hyphen
        "\u2013": " ",  # en dash
        "\u2014": " ",  # em dash
        ",": " ",
        "(": " ",
        ")": " ",
        "&": " and ",
        ".": "",
    }
)

# Applied after the fold: letters that do not decompose, met again when a letter that does
# decomposes to one (U+01E2 is æ with a macron), and thorn, which search leaves alone.
_POST_FOLD = str.maketrans(
    {
        "\u0131": "i",  # dotless i
        "\u0259": "e",  # schwa (Azerbaijani ə)
        "\u00df": "ss",  # sharp s (casefold already does this)
        "\u00f8": "o",
        "\u00e6": "ae",
        "\u0153": "oe",
        "\u0111": "d",
        "\u0142": "l",
        "\u00fe": "th",
    }
)


def _fold(text: str) -> str:
    """Normalise *text* for lookup: case and accents (the search fold, bilat.text.fold),
    punctuation, whitespace."""
    text = fold(text.translate(_PRE_FOLD)).translate(_POST_FOLD)
    words = ["saint" if word == "st" else word for word in text.split()]
    return " ".join(words)


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return {entry[0]: entry[1] for entry in _COUNTRIES}


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    """Folded key -> code.  Precedence: codes, then names, then aliases."""
    table: dict[str, str] = {}
    for entry in _COUNTRIES:
        table[_fold(entry[0])] = entry[0]
    for entry in _COUNTRIES:
        table.setdefault(_fold(entry[1]), entry[0])
    for entry in _COUNTRIES:
        for alias in entry[2:]:
            table.setdefault(_fold(alias), entry[0])
    return table


def country_name(code: str) -> str:
    """Return the English short name for an alpha-2 *code* (e.g. 'AZ').

    The code is matched case-insensitively, ignoring surrounding whitespace.
    Raises KeyError if it is not an assigned ISO 3166-1 alpha-2 code.
    """
    key = code.strip().upper() if isinstance(code, str) else code
    try:
        return _names()[key]
    except (KeyError, TypeError):
        raise KeyError(f"unknown country code: {code!r}") from None


def resolve_country(text: str) -> str | None:
    """Resolve a code, name or alias to its upper-case alpha-2 code.

    Matching ignores case, surrounding whitespace, accents/diacritics and
    most punctuation.  Returns None if *text* is not recognised.
    """
    if not isinstance(text, str):
        return None
    key = _fold(text)
    if not key:
        return None
    return _lookup().get(key)


@lru_cache(maxsize=1)
def _spellings() -> dict[str, tuple[str, ...]]:
    return {entry[0]: entry[1:] for entry in _COUNTRIES}


def country_spellings(code: str) -> tuple[str, ...]:
    """The name and aliases of the country with this alpha-2 code (search takes them as
    synonyms of each other: Turkey finds Türkiye)."""
    return _spellings().get(code, ())


def country_codes() -> tuple[str, ...]:
    """All assigned ISO 3166-1 alpha-2 codes, sorted."""
    return tuple(sorted(_names()))


@lru_cache(maxsize=1)
def country_choices() -> tuple[str, ...]:
    """All codes (sorted) followed by every name and alias, without duplicates.

    Intended as the candidate list for "did you mean" suggestions.
    """
    seen: dict[str, None] = dict.fromkeys(country_codes())
    for entry in sorted(_COUNTRIES):
        seen.update(dict.fromkeys(entry[1:]))
    return tuple(seen)
