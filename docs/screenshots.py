"""Copy the screen snapshots the tests keep into docs/, under readable names.

The snapshots are made by the real app with the clock frozen (tests/snapshots);
run `pytest tests/snapshots --snapshot-update`, look at them, then this script.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "tests" / "snapshots" / "__snapshots__"
PICKS = {
    "picker.svg": "test_flow_snapshots/test_flow_screens[picker-120x40].svg",
    "attendance.svg": "test_flow_snapshots/test_flow_screens[attendance-120x40].svg",
    "review.svg": "test_flow_snapshots/test_flow_screens[review-120x40].svg",
    "meeting.svg": "test_meeting_snapshots/test_meeting_states[second-segment-120x40].svg",
    "meeting-80x24.svg": "test_meeting_snapshots/test_meeting_states[second-segment-80x24].svg",
    "overrun.svg": "test_meeting_snapshots/test_meeting_states[overrun-80x24].svg",
    "action-dialog.svg": "test_meeting_snapshots/test_meeting_states[action-dialog-80x24].svg",
    "summary.svg": "test_meeting_snapshots/test_meeting_states[summary-120x40].svg",
    "stats.svg": "test_flow_snapshots/test_flow_screens[stats-120x40].svg",
}


def main() -> None:
    for name, source in PICKS.items():
        shutil.copyfile(SNAPSHOTS / source, ROOT / "docs" / name)
        print(f"docs/{name}")


if __name__ == "__main__":
    main()
