"""The baseline: a minimal Textual app (Header, a Static, Footer), optionally with a 1 Hz timer.

``python bench/baseline_app.py [--timer] [--validate] TITLE`` shows TITLE in the
Static; with ``--timer`` a 1 Hz timer rewrites the Static (TITLE and a counter),
the least a ticking clock app can do. It quits on ``q`` and ends cleanly on
SIGTERM, as meetingtui does, so both leave through the same path in the harness.

``--validate`` first reads and validates the built-in ``weekly-sync`` template
with meetingtui's pydantic models (``load_agenda_file``), as any app in this
stack must before it shows an agenda: the *stack floor*, which tells how much
of meetingtui's ratio the chosen stack (pydantic) takes before a line of UI.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Baseline(App[None]):
    """Header, one Static, Footer."""

    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, title: str, timer: bool) -> None:
        super().__init__()
        self.text = title
        self.timer = timer
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.text, id="body")
        yield Footer()

    def on_mount(self) -> None:
        if self.timer:
            self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        self.count += 1
        self.query_one("#body", Static).update(f"{self.text}\n{self.count}")


def main(argv: list[str]) -> None:
    timer = "--timer" in argv
    if "--validate" in argv:
        from meetingtui.store.agendas import builtin_agendas_dir, load_agenda_file

        load_agenda_file(builtin_agendas_dir() / "weekly-sync.toml")
    words = [a for a in argv if a not in ("--timer", "--validate")]
    Baseline(" ".join(words) or "baseline", timer).run()


if __name__ == "__main__":
    main(sys.argv[1:])
