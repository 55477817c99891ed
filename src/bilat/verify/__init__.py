"""`bilat verify`: check every quote in the data against a saved copy of its source.

- `text`: reading an archive (.txt, or the visible text of .html; confined to the data file's
  folder by bilat.files.read) and the comparison rules;
- `citations`: finding each citation in the data files, with its file and line;
- `check`: matching quotes to archives and finding the closest passage when one is missing;
- `report`: the outcome as lines for people or records for scripts.
"""
