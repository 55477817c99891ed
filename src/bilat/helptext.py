"""Help that stands alone after `pip install .`: each listing command's --help ends with the
fields --fields accepts, worked out only when help is shown (the schema is not imported for
an ordinary run)."""

from typer.core import TyperCommand

# Which listing type each command's --fields refers to.
FIELDS_OF = {"timeline": "event", "equipment": "equipment", "officials": "person",
             "orgs": "organization", "statements": "statement", "search": "result",
             "categories": "category", "sources": "source"}


class ListingCommand(TyperCommand):
    def format_epilog(self, ctx, formatter) -> None:
        super().format_epilog(ctx, formatter)
        type_name = FIELDS_OF.get(ctx.info_name or "")
        if type_name is None:
            return
        from bilat.render.views import valid_fields

        formatter.write_paragraph()
        formatter.write_text("Fields (for --fields; all of them in json, ndjson, csv and tsv): "
                             + ", ".join(valid_fields(type_name)) + ".")
