"""One value as the text of a cell: the rules every tabular output (csv, tsv, plain, and the
CSV export) shares. Documented in the README ("Output formats").

Pure functions, no I/O; cheap to import (no csv, no json until a table value needs it).
"""

from __future__ import annotations

from bilat.records import plain_value

# A cell starting with one of these may run as a formula when a spreadsheet opens the file
# (OWASP, "CSV Injection"): such cells get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


def neutralize(text: str) -> str:
    """`text` with a `'` in front when it starts like a spreadsheet formula (=, +, -, @, tab or
    carriage return), so that spreadsheets show it instead of evaluating it; else unchanged."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def flatten(value: object) -> str:
    """A record value as one line of cell text, with no formula guard.

    None is empty; strings are unchanged; numbers as Python writes them; booleans "true" or
    "false"; dates as EDTF text; a list of plain values is joined with "; " (an empty list is
    empty); any other list (citations, roles, mentions) or dict is compact JSON text. Accepts
    record values (bilat.records) and model values alike.
    """
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        if not value:
            return ""
        if all(isinstance(v, str) for v in value):
            return LIST_SEPARATOR.join(value)
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def csv_cell(value: object) -> str:
    """A record value as safe CSV/TSV cell text: `flatten` and then `neutralize`.

    Numbers are not guarded (a negative number is not a formula, and a spreadsheet should see
    it as a number); every text is, whatever field it comes from.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return flatten(value)
    return neutralize(flatten(value))


def _plain(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return plain_value(value)


def escape_tsv(text: str) -> str:
    """Backslash-escape what would break a TSV row: \\ tab newline carriage return."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
