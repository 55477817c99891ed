"""Record values as single text cells, for the tabular machine formats (csv, tsv, plain).

Documented in the README ("Output formats"): a missing value is an empty cell; a list of plain
values is joined with "; "; a list of tables (sources, mentions, roles) is compact JSON text.
"""

from __future__ import annotations

import json

# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def flatten(value: object) -> str:
    """One record value as cell text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, (str, int, float)) for v in value):
            return "; ".join(str(v) for v in value)
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def neutralize(text: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with ', as OWASP recommends."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: object) -> str:
    """A value as a spreadsheet-safe CSV/TSV cell."""
    return neutralize(flatten(value))


def escape_tsv(text: str) -> str:
    """Backslash-escape what would break a TSV row: \\ tab newline carriage return."""
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))
