"""Every built-in joint template gives sales and marketing equal planned time, within one segment's granularity."""

from __future__ import annotations

import pytest

from meetingtui.domain.agenda import Agenda
from meetingtui.store.agendas import builtin_agendas_dir, load_agenda_file

BUILTINS = sorted(builtin_agendas_dir().glob("*.toml"))


def test_the_builtins_are_found() -> None:
    assert len(BUILTINS) >= 8


@pytest.mark.parametrize("path", BUILTINS, ids=lambda path: path.stem)
def test_builtin_template_balances_the_teams(path) -> None:
    agenda = load_agenda_file(path)
    totals = agenda.team_seconds()
    assert agenda.team_gap_seconds() == 0, f"{path.name}: sales {totals['sales']}s vs marketing {totals['marketing']}s"


def segments(*pairs: tuple[str, str]) -> Agenda:
    rows = [{"title": f"s{i}", "team": team, "duration": d} for i, (team, d) in enumerate(pairs)]
    return Agenda.model_validate({"title": "T", "segments": rows})


def test_a_gap_within_the_shortest_segment_is_balanced() -> None:
    assert segments(("joint", "5m"), ("sales", "12m"), ("marketing", "10m")).team_gap_seconds() == 0


def test_the_old_weekly_sync_split_is_not() -> None:
    """Sales 13m against marketing 7m, shortest segment 5m: one minute beyond what a segment can absorb."""
    agenda = segments(("joint", "5m"), ("marketing", "7m"), ("sales", "7m"), ("sales", "6m"))
    assert agenda.team_gap_seconds() == 60
