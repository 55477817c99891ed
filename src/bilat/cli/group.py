"""The Click group class the Typer app (bilat.cli.app) is built with, so that CliRunner tests
and the console script end the same way: through bilat's one exit point,
bilat.commands.exitpoint. What is Click's stays here — its usage errors, no-arguments help,
Abort, the exit code Typer makes of Ctrl-C and its own handling of a closed pipe — turned into
a message or into the error the exit point reports.
"""

import sys

import typer
from typer.core import TyperGroup

from bilat.commands import exitpoint
from bilat.errors import ExitCode
from bilat.text import visible

# Other names people type for a command (issue #19): shown beside it in --help, answered by the
# fast path too (its spec lists them, see bilat.fastpath.generate).
COMMAND_ALIASES = {"people": "officials", "events": "timeline", "organizations": "orgs"}

# How like an unknown option a real one must be to be suggested (difflib's ratio; Click's own
# cut-off, 0.6, offers --reverse for --perso).
_CLOSE = 0.8


class _PipeClosed(Exception):
    """The reader of stdout went away. Not an OSError, so that Typer's own EPIPE handling
    (exit 1) does not see it before bilat's exit point does."""


class BilatGroup(TyperGroup):
    def make_context(self, info_name, args, parent=None, **extra):
        # Eager options write here, while the arguments are parsed: --version, --help.
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except BrokenPipeError as err:
            raise _PipeClosed() from err

    # Parsing itself is Typer's, unchanged: the fast path may still describe this group.
    make_context.parses_as_typer = True

    def get_command(self, ctx, cmd_name):
        return super().get_command(ctx, COMMAND_ALIASES.get(cmd_name, cmd_name))

    # A name the fast path knows too: its spec carries COMMAND_ALIASES.
    get_command.parses_as_typer = True

    def format_commands(self, ctx, formatter) -> None:
        """Click's list of commands, each with its aliases beside its name."""
        names: dict[str, list[str]] = {}
        for alias, name in COMMAND_ALIASES.items():
            names.setdefault(name, []).append(alias)
        rows = []
        for name in self.list_commands(ctx):
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((", ".join([name, *names.get(name, ())]), command))
        if rows:
            limit = formatter.width - 6 - max(len(shown) for shown, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl([(shown, c.get_short_help_str(limit)) for shown, c in rows])

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrokenPipeError as err:
            raise _PipeClosed() from err

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = list(sys.argv[1:] if args is None else args)
        code = exitpoint.exit_code(
            lambda: self._run(args, prog_name or "bilat", complete_var, extra)
        )
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(self, args: list[str], prog_name: str, complete_var, extra: dict) -> int:
        """Click's part of a run: its errors become messages here; bilat's, Ctrl-C and the
        output's go on to the exit point."""
        from typer._click import exceptions as click_exceptions

        from bilat.cli.completion import install_completion
        from bilat.commands.arguments import prepare

        try:
            _check_arguments(args)
            _check_root_values(args, self._root_options())
            if install_completion(args):
                return ExitCode.OK
            code = super().main(
                args=prepare(args, self._root_options()),
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except click_exceptions.NoArgsIsHelpError as err:
            exitpoint.say(err.format_message() + "\n")  # plain help: nothing was asked
            return ExitCode.USAGE
        except click_exceptions.UsageError as err:
            if isinstance(err, click_exceptions.NoSuchOption) and err.possibilities:
                err.possibilities = _close(err.option_name, err.possibilities)
            exitpoint.error(err.format_message())
            if err.ctx is not None:
                exitpoint.say(f"bilat: try '{visible(err.ctx.command_path)} --help'\n")
            return ExitCode.USAGE
        except click_exceptions.ClickException as err:
            exitpoint.error(err.format_message())
            return err.exit_code
        except typer.Abort:
            raise KeyboardInterrupt from None
        except _PipeClosed as err:
            raise err.__cause__ from None
        if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into Exit(130)
            raise KeyboardInterrupt
        return code

    def _root_options(self) -> dict[str, bool]:
        """The root's own options that may also follow the command, and whether each takes a
        value (eager ones, --help and --version, are left where they are)."""
        return {
            name: not param.is_flag
            for param in self.params
            if getattr(param, "is_flag", None) is not None and not param.is_eager
            for name in param.opts
        }


def _close(name: str, possibilities) -> list[str]:
    """The suggestions that are close to what was typed: one begins with the other, or they
    differ by little more than a typo."""
    import difflib

    return [
        p
        for p in possibilities
        if p.startswith(name)
        or name.startswith(p)
        or difflib.SequenceMatcher(None, name, p).ratio() >= _CLOSE
    ]


def _check_root_values(args: list[str], root_options: dict[str, bool]) -> None:
    """A root option that takes a value, given last without one (`bilat timeline --data`), is
    reported as such: moved before the command (see bilat.commands.arguments) it would take the
    command as its value and leave none ("Missing command")."""
    from bilat.errors import UsageError

    if args and root_options.get(args[-1]) and "--" not in args[:-1]:
        raise UsageError(f"Option '{args[-1]}' requires an argument.")


def _check_arguments(args) -> None:
    """An argument that is not valid UTF-8 (a Latin-1 file name or id) is a usage error, the
    same with or without the cache, rather than an encoding error deep inside."""
    from bilat.errors import UsageError

    for arg in args:
        if isinstance(arg, str):
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                raise UsageError(
                    f'argument "{shown}" is not valid UTF-8; use UTF-8 file names and ids'
                ) from None
