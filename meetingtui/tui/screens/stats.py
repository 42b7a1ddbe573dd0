"""The stats screen: are sales and marketing meeting, sharing the time, and keeping their promises?"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, ProgressBar, Sparkline, Static

from meetingtui.domain.concern_stats import direction_words
from meetingtui.domain.durations import block_bar, format_hours, format_signed_hours, format_signed_minutes
from meetingtui.domain.report import format_share
from meetingtui.domain.stats import Stats, TeamActions, team_words
from meetingtui.domain.terminal_text import visible
from meetingtui.domain.wording import plural

BAR_WIDTH = 24
MONTHS = 24


def padded_bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A bar padded to ``width`` with a light shade."""
    bar = block_bar(fraction, width)
    return bar + "░" * (width - len(bar))


def _days_ago(days: int) -> str:
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"


class StatsScreen(Screen[None]):
    """Cadence, time share per team, overruns, action completion and concerns, with bars; ``escape`` closes."""

    DEFAULT_CSS = """
    StatsScreen { layout: vertical; }
    StatsScreen #stats { padding: 0 1; }
    StatsScreen .stats-box { height: auto; border: round $primary 60%; padding: 0 1; margin-bottom: 1; }
    StatsScreen Sparkline { height: 3; margin-bottom: 1; }
    StatsScreen .caption { color: $text-muted; }
    StatsScreen .team-row { height: auto; }
    StatsScreen .team-name { width: 13; text-style: bold; }
    StatsScreen .team-sales .team-name, StatsScreen .team-sales .share-bar { color: $team-sales; }
    StatsScreen .team-marketing .team-name, StatsScreen .team-marketing .share-bar { color: $team-marketing; }
    StatsScreen .team-joint .team-name, StatsScreen .team-joint .share-bar { color: $team-joint; }
    StatsScreen .share-bar { width: 31; }
    StatsScreen .team-row ProgressBar { width: 31; }
    StatsScreen .team-row Bar { width: 24; }
    StatsScreen .figures { width: 1fr; margin-left: 1; }
    """

    BINDINGS = [Binding("escape,q", "close", "Close", id="close-stats", tooltip="Close the stats and go back")]

    def __init__(self, stats: Stats) -> None:
        super().__init__()
        self.stats = stats

    def compose(self) -> ComposeResult:
        stats = self.stats
        with VerticalScroll(id="stats"):
            yield Static(self._summary(), id="stats-summary", markup=False)
            with Vertical(classes="stats-box", id="meetings-box") as box:
                box.border_title = "Meetings"
                weeks = [n for _, n in stats.per_week]
                yield Label(
                    f"per week, last {plural(len(weeks), 'week')} (max {max(weeks, default=0)})", classes="caption"
                )
                yield Sparkline(weeks, id="per-week")
                months = stats.per_month[-MONTHS:]
                first = months[0][0] if months else ""
                yield Label(
                    f"per month since {first} (max {max((n for _, n in months), default=0)})", classes="caption"
                )
                yield Sparkline([n for _, n in months], id="per-month")
                yield Static(self._cadence(), id="cadence", markup=False)
            with Vertical(classes="stats-box", id="time-box") as box:
                box.border_title = "Time per team (actual, share of all meeting time)"
                for team in stats.time:
                    with Horizontal(classes=f"team-row team-{team.team}"):
                        yield Label(team.team, classes="team-name")
                        # The report's figures: its whole percentage, and over/under of done segments only.
                        share = format_share(team.share_of_time)
                        yield Static(f"{padded_bar(team.share)} {share:>4}", classes="share-bar")
                        over = format_signed_hours(team.over_seconds)
                        actual, planned = format_hours(team.actual_seconds), format_hours(team.planned_seconds)
                        yield Label(
                            f"{actual} of {planned} planned ({over})",
                            id=f"time-{team.team}",
                            classes="figures",
                        )
            with Vertical(classes="stats-box", id="actions-box") as box:
                box.border_title = "Actions done, per team"
                for team in (*stats.actions, stats.actions_total):
                    if team.created or team.is_total:
                        yield from self._action_row(team)
            with Vertical(classes="stats-box", id="overruns-box") as box:
                box.border_title = "Segments that run over (average)"
                yield Static(self._overruns(), id="overruns", markup=False)
            with Vertical(classes="stats-box", id="concerns-box") as box:
                box.border_title = "Concerns raised"
                yield Static(self._concerns(), id="concerns", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        for team in (*self.stats.actions, self.stats.actions_total):
            if team.created or team.is_total:
                self.query_one(f"#done-{team.team}", ProgressBar).update(total=team.created or 1, progress=team.done)

    def action_close(self) -> None:
        """Back to the screen below."""
        self.dismiss(None)

    def _summary(self) -> str:
        s = self.stats
        if not s.meetings:
            return "No minutes yet: stats appear after the first meeting is saved."
        total = s.actions_total
        return (
            f"{plural(s.meetings, 'meeting')}, {s.first} … {s.last} · {plural(total.open, 'action')} open, "
            f"{total.overdue} overdue · as of {s.today}"
        )

    def _cadence(self) -> str:
        lines = []
        for c in self.stats.cadence:
            cadence = (c.cadence or "no cadence") + (" (guessed)" if c.inferred else "")
            line = f"{c.agenda}: {plural(c.meetings, 'meeting')}, {cadence}"
            if c.cadence:
                line += f", missed {len(c.missed)} of {c.periods}"
                if c.missed:
                    line += f" (latest {c.missed[-1]})"
            lines.append(line + f", last {c.last} ({_days_ago(c.days_since_last)})")
        return visible("\n".join(lines), keep_newlines=True)  # agenda names come from teammates' minutes

    def _action_row(self, team: TeamActions) -> ComposeResult:
        days = team.median_days_to_close
        median = "" if days is None else f" · closed in {days:g} day{'' if days == 1 else 's'} (median)"
        with Horizontal(classes=f"team-row team-{team.team}"):
            yield Label(team_words(team.team), classes="team-name")
            yield ProgressBar(total=team.created or 1, show_eta=False, id=f"done-{team.team}")
            yield Label(
                f"{team.done} of {team.created} done · {team.open} open · {team.overdue} overdue · "
                f"{team.dropped} dropped{median}",
                id=f"actions-{team.team}",
                classes="figures",
            )

    def _overruns(self) -> str:
        worst = [o for o in self.stats.overruns if o.average_seconds > 0][:5]
        if not worst:
            return "No segment runs over on average."
        titles = [visible(o.title) for o in worst]  # from teammates' minutes
        width = max(len(title) for title in titles)
        return "\n".join(
            f"{title:<{width}}  {format_signed_minutes(o.average_seconds):>6}  {o.team}, {plural(o.runs, 'run')}"
            for title, o in zip(titles, worst, strict=True)
        )

    def _concerns(self) -> str:
        peak = max((c.count for c in self.stats.concerns), default=0) or 1
        return "\n".join(
            f"{direction_words(c.from_team, c.to_team)}: {c.count:>3}  {block_bar(c.count / peak, 20):<20}  "
            f"{c.led_to_action} led to an action, {c.closed} closed"
            for c in self.stats.concerns
        )
