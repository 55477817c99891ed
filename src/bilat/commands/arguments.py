"""What bilat does to the argument list before Click parses it, so that the command line
forgives what people naturally type:

- global options after the command (`bilat timeline --data desk.toml`) move before it;
- `--fields` or `--topic` with no value become an empty value, which lists the choices;
"""

from __future__ import annotations

# Options that list their choices when given without a value (like gh's --json). Such an
# option is given LIST as its value: a NUL cannot come from a shell, so `--topic ""` (an
# empty value, a mistake) stays distinct from `--topic` alone (a question).
LISTABLE = ("--fields", "--topic")
LIST = "\x00list"


def prepare(args: list[str], root_options: dict[str, bool]) -> list[str]:
    """The arguments with root options hoisted before the command and bare listable options
    given an empty value. `root_options` maps each root option to whether it takes a value."""
    args = list(args)
    command_at = _command_position(args, root_options)
    if command_at is None:
        return args
    before, after = args[: command_at + 1], args[command_at + 1 :]
    rest: list[str] = []
    position = 0
    while position < len(after):
        arg = after[position]
        if arg == "--":
            rest += after[position:]
            break
        name = arg.split("=", 1)[0]
        if name in root_options:
            takes_value = root_options[name] and "=" not in arg
            moved = after[position : position + (2 if takes_value else 1)]
            before[command_at:command_at] = moved
            command_at += len(moved)
            position += len(moved)
            continue
        if arg in LISTABLE and (position + 1 == len(after) or after[position + 1].startswith("-")):
            rest.append(f"{arg}={LIST}")
        else:
            rest.append(arg)
        position += 1
    return before + rest


def first_after_root_options(args: list[str], root_options: dict[str, bool]) -> int | None:
    """The position of the first argument that is not a root option (or its value): the
    command, or an option such as --help; None when there is none."""
    position = 0
    while position < len(args):
        arg = args[position]
        name = arg.split("=", 1)[0]
        if name in root_options:
            position += 2 if root_options[name] and "=" not in arg else 1
            continue
        return position
    return None


def _command_position(args: list[str], root_options: dict[str, bool]) -> int | None:
    position = first_after_root_options(args, root_options)
    return None if position is None or args[position].startswith("-") else position
