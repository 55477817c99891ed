"""Arguments to parameter values, as Click would parse them — or None.

A subset of Click's parser, driven by the generated spec: long and short options with a
separate value, `--long=value`, flags, repeatable options, options among the arguments where
the command allows it (the last of a repeated option wins), and positional arguments. None
means "not sure": an unknown option (help included), `--`, a short option with its value
attached, a missing or extra argument, an integer not written as plain digits, an option
the spec marks for Typer, an environment variable Click would read. Typer then parses the
same arguments and gives its own answer or message.
"""

from __future__ import annotations


class Parsed:
    """A run the fast path can answer: the root's values, the command and its values."""

    __slots__ = ("root", "command", "values")

    def __init__(self, root: dict, command: str, values: dict) -> None:
        self.root = root
        self.command = command
        self.values = values


def parse(args: list[str], spec: dict, environ) -> Parsed | None:
    if spec["root"] is None or spec["complete_var"] in environ:
        return None
    root = _parse(args, spec["root"], environ)
    if root is None:
        return None
    root_values, rest = root
    name = spec.get("aliases", {}).get(rest[0], rest[0]) if rest else None
    if name not in spec["commands"]:
        return None  # no command (help), or one the fast path does not answer
    command = _parse(rest[1:], spec["commands"][name], environ)
    if command is None:
        return None
    values, positionals = command
    if not _assign(positionals, spec["commands"][name]["arguments"], values):
        return None
    return Parsed(root_values, name, values)


def _parse(args: list[str], command: dict, environ) -> tuple[dict, list[str]] | None:
    """(option values, positional arguments) — for the root, the positionals are the command
    and everything after it — or None."""
    by_name: dict[str, tuple[dict, bool]] = {}
    for option in command["options"]:
        if option["envvar"] is not None and option["envvar"] in environ:
            return None
        for name in option["opts"]:
            by_name[name] = (option, True)
        for name in option["secondary_opts"]:
            by_name[name] = (option, False)
    given: dict[str, object] = {}
    positionals: list[str] = []
    position = 0
    while position < len(args):
        arg = args[position]
        position += 1
        if arg[:1] != "-" or arg == "-":
            if arg == "-":
                return None  # Click reads it as an argument; rare enough to leave to Typer
            if not command["interspersed"]:
                return given, args[position - 1 :]
            positionals.append(arg)
            continue
        if arg == "--":
            return None
        explicit = None
        if arg not in by_name and "=" in arg and arg.startswith("--"):
            arg, explicit = arg.split("=", 1)
        if arg not in by_name:
            return None
        option, primary = by_name[arg]
        kind = option["kind"]
        if kind == "typer":
            return None
        if kind == "flag":
            if explicit is not None:
                return None  # Click: "option does not take a value"
            given[option["name"]] = primary
            continue
        if explicit is None:
            if position >= len(args):
                return None  # Click: "requires an argument"
            explicit = args[position]
            position += 1
        value = _convert(explicit, option["type"])
        if value is None:
            return None
        if kind == "multiple":
            given.setdefault(option["name"], []).append(value)
        else:
            given[option["name"]] = value
    if not command["interspersed"]:
        return given, []
    return given, positionals


def _convert(text: str, type_name: str) -> object:
    if type_name == "str":
        return text
    if type_name == "int":
        # Plain ASCII digits, with a minus sign or not: where Click's int() and this agree.
        # (Not a regular expression: `re` would cost the runs handed to Typer ~4 ms.)
        digits = text[1:] if text[:1] == "-" else text
        if digits.isascii() and digits.isdigit():
            return int(text)
    return None


def _assign(positionals: list[str], arguments: list[dict], values: dict) -> bool:
    """Put the positional arguments in `values`; False when Click would not accept them."""
    if len(arguments) == 1 and arguments[0]["nargs"] == -1:
        if not positionals:
            return False
        values[arguments[0]["name"]] = list(positionals)
        return True
    if len(positionals) != len(arguments):
        return False
    for argument, value in zip(arguments, positionals):
        values[argument["name"]] = value
    return True


def body_values(values: dict, command: dict) -> dict:
    """Every parameter the body takes: given values, else each option's default, passed
    through the option's callback as Click would (it calls it for defaults too)."""
    out = {}
    for option in command["options"]:
        if option["pass"]:
            value = values.get(option["name"], option["default"])
            if option.get("callback"):
                value = _callback(option["callback"])(value)
            out[option["name"]] = value
    for argument in command["arguments"]:
        out[argument["name"]] = values[argument["name"]]
    return out


def _callback(name: str):
    import importlib

    module, _, function = name.partition(":")
    return getattr(importlib.import_module(module), function)
