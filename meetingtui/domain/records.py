"""The JSON record of an action that scripts read (``meetingtui actions --format json``): one definition, for
the command and for the history index that keeps each open action's record ready to print."""

from __future__ import annotations

import datetime as dt
from typing import Any

from meetingtui.domain.minutes import ActionItem


def action_record(item: ActionItem, created: dt.date, minutes: str) -> dict[str, Any]:
    """The keys of a TOML ``[[actions]]`` table (``item``: the action with its current status, owner and team),
    plus ``date`` (the day of the meeting that recorded the action) and ``minutes`` (that meeting's id)."""
    return {**item.model_dump(mode="json"), "date": created.isoformat(), "minutes": minutes}
