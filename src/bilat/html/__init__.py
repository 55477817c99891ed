"""The HTML briefing (`bilat export html`): one self-contained page an editor can open offline,
print or attach — a timeline that draws each date's real precision, and every entry with its
citations.

    briefing   what the page holds: filtered entries, names and citations resolved
    timeline   where each event's mark goes: panels, ticks, spans (pure geometry)
    page       the Jinja environment (autoescaping everything) and the export's entry point
    templates/ the page's template and its inline stylesheet (package data)

Jinja2 is imported only here, when the command runs; no other command loads it.
"""
