"""The ``meetingtui`` command line.

Subcommands live in their own modules and are imported only when invoked, so
``meetingtui actions`` never pays for (or imports) Textual.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

# pydantic scans every installed package's entry points for plugins on first use (~25 ms of start-up);
# meetingtui uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import click

from meetingtui import __version__
from meetingtui.cli.common import say
from meetingtui.domain.errors import InputError, did_you_mean
from meetingtui.startup import imports_done, pause_collector

COMMANDS: dict[str, tuple[str, str, str]] = {
    # name: (module, attribute, one-line help shown in `meetingtui --help`)
    "run": ("meetingtui.cli.run", "run", "Run one meeting from an agenda template or file."),
    "resume": ("meetingtui.cli.run", "resume", "Continue a meeting that was interrupted."),
    "agendas": ("meetingtui.cli.agendas", "agendas", "List, show, validate and create agenda templates."),
    "actions": ("meetingtui.cli.history", "actions", "Open action items across all minutes."),
    "decisions": ("meetingtui.cli.history", "decisions", "The decision log, newest first."),
    "concerns": ("meetingtui.cli.history", "concerns", "Concerns each team raised, and what came of them."),
    "insights": ("meetingtui.cli.history", "insights", "Customer insights and content ideas."),
    "parked": ("meetingtui.cli.parked", "parked", "Topics still parked, old ones included."),
    "stats": ("meetingtui.cli.history", "stats", "Cadence, time per team, overruns, action completion."),
    "report": ("meetingtui.cli.report", "report", "The alignment report: one Markdown page for the git host."),
    "render": ("meetingtui.cli.minutes", "render", "Re-render the Markdown of minutes from their TOML."),
    "commit": ("meetingtui.cli.minutes", "commit", "Commit (and push) saved minutes that are not committed yet."),
    "sync": ("meetingtui.cli.minutes", "sync", "Fetch the team's minutes and push this clone's unpushed ones."),
    "init": ("meetingtui.cli.agendas", "init", "Create a shared minutes repository."),
    "propose": ("meetingtui.cli.proposals", "propose", "Put a topic on the next meeting of an agenda."),
    "proposals": ("meetingtui.cli.proposals", "proposals", "Topics proposed and not yet taken up."),
}


SCREEN_COMMANDS = frozenset({"run", "resume"})
"""The commands that open the screen (as does ``meetingtui`` alone)."""


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use; bad input exits 2 with one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), attribute)
        if cmd_name not in SCREEN_COMMANDS:  # the screen's commands import more first (cli/run.py)
            imports_done()
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and args[0] not in COMMANDS and not args[0].startswith("-"):
            guess = did_you_mean(args[0], COMMANDS)
            if guess:
                ctx.fail(f"No such command {args[0]!r}. Did you mean {guess!r}?")
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, text) for name, (_, _, text) in COMMANDS.items()])

    def invoke(self, ctx: click.Context):
        from meetingtui.store.git import GitError  # --help and --version start without the git code

        try:
            return super().invoke(ctx)
        except InputError as exc:
            fail(str(exc))
        except GitError as exc:
            fail(str(exc), status=1)


def fail(message: str, status: int = 2) -> None:
    """Print a one-line error and exit (status 2 for bad input)."""
    for line in message.splitlines() or [""]:  # several problems: one located line each
        say(f"meetingtui: {line}", err=True)
    sys.exit(status)


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.version_option(__version__, prog_name="meetingtui")
@click.option("--repo", type=click.Path(file_okay=False, path_type=Path), help="Minutes repository.")
@click.option("--facilitator", help="Your name, recorded in the minutes.")
@click.option("--no-commit", is_flag=True, help="Save the files but do not commit them.")
@click.option(
    "--push/--no-push",
    default=None,
    help="Push after committing, or not (default: the repository's push setting).",
)
@click.option("--quiet", is_flag=True, help="No terminal bell on overrun.")
@click.pass_context
def main(ctx: click.Context, **options: object) -> None:
    """The facilitator's screen for joint sales + marketing meetings.

    With no command: pick an agenda, mark attendance, run the meeting, and
    commit the minutes to the default repository (the options below apply to
    that; commands take their own).
    """
    if ctx.invoked_subcommand is None:
        # only the commands that open the screen load it (bench/cli_startup.py)
        from meetingtui.cli.run import start_interactive

        ctx.invoke(start_interactive, **options)
    elif any(ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE for name in options):
        raise click.UsageError(f"put these options after the command: meetingtui {ctx.invoked_subcommand} --…")


def entry() -> None:
    """The ``meetingtui`` program (and ``python -m meetingtui``): :data:`main` with start-up's collector paused."""
    pause_collector()
    main()
