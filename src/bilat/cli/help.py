"""Help that stands alone after `pip install .`: each listing command's --help ends with the
fields --fields accepts, worked out only when help is shown (the schema is not imported for
an ordinary run)."""

from typer._click._textwrap import TextWrapper
from typer.core import TyperCommand

# Click wraps help with textwrap, which breaks words at hyphens ("sqlite-" / "utils", an id
# in an example): help breaks at spaces only, like every other line bilat prints. (The
# option is set per instance by TextWrapper.__init__, so its default is what changes.)
_wrapper_init = TextWrapper.__init__


def _init_without_hyphen_breaks(self, *args, **kwargs) -> None:
    kwargs.setdefault("break_on_hyphens", False)
    _wrapper_init(self, *args, **kwargs)


TextWrapper.__init__ = _init_without_hyphen_breaks

# Which listing type each command's --fields refers to.
FIELDS_OF = {
    "timeline": "event",
    "equipment": "equipment",
    "officials": "person",
    "orgs": "organization",
    "statements": "statement",
    "search": "result",
    "categories": "category",
    "sources": "source",
}


class ListingCommand(TyperCommand):
    def format_epilog(self, ctx, formatter) -> None:
        super().format_epilog(ctx, formatter)
        type_name = FIELDS_OF.get(ctx.info_name or "")
        if type_name is None:
            return
        from bilat.render.views import DATE_COLUMNS, valid_fields

        fields = valid_fields(type_name)
        shown = (
            "csv and tsv; json and ndjson show date_start, date_end and date_display when asked"
            if DATE_COLUMNS[0] in fields
            else "json, ndjson, csv and tsv"
        )
        formatter.write_paragraph()
        formatter.write_text(
            f"Fields (for --fields; all of them in {shown}): " + ", ".join(fields) + "."
        )
