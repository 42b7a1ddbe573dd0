"""Sharing on the facilitator's screen: the dialog with the link and its QR code (the bar is widgets/share_bar.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from meetingtui.tui.palette import literal
from meetingtui.tui.screens.screen_styles import load_screen_styles

if TYPE_CHECKING:
    from textual.signal import Signal

    from meetingtui.share.sharing import Sharing

QR_STYLE = "#000000 on #ffffff"
"""Dark modules on light, whatever the terminal's theme: scanners expect it."""


def followers_text(count: int) -> str:
    return "nobody follows yet" if count == 0 else ("1 person follows" if count == 1 else f"{count} people follow")


def limits_text(sharing: Sharing) -> str:
    """How many may follow and connect at once (the rest are turned away, so the meeting's save never lacks room)."""
    server = sharing.server
    return f"Up to {server.max_followers:,} followers and {server.max_connections:,} connections at once."


def reach_text(sharing: Sharing) -> Text:
    """Who can open the link: this computer only, or the network (said loudly)."""
    if sharing.exposed:
        return Text(f"On the network ({sharing.server.host}): anyone there with the link can follow.", style="bold")
    return Text("This computer only. To reach phones, restart with --share --host 0.0.0.0.", style="dim")


class ShareScreen(ModalScreen[None]):
    """The followers' URL, its QR code, who can reach it and how many follow; ``escape`` closes.

    The count follows ``changed`` (the share controller's signal) while the dialog is open.
    """

    BINDINGS = [
        Binding("escape,enter", "close", "Close", id="close-share", tooltip="Back to the meeting"),
        Binding("c", "copy_link", "Copy link", id="copy-share-link", tooltip="Copy the followers' link"),
    ]

    def __init__(self, sharing: Sharing, changed: Signal[Sharing]) -> None:
        super().__init__()
        self.sharing = sharing
        self._changed = changed

    def compose(self) -> ComposeResult:
        load_screen_styles(self.app)
        # on use: the QR code's encoder only when the share screen is drawn
        from meetingtui.share.qr import qr_lines

        with Vertical(id="share-dialog"):
            yield Static("Follow the meeting in a browser (read only):", id="share-lead")
            # The link on one line of its own, the dialog's full width: a drag selects all of it, `c` copies it.
            yield Static(literal(self.sharing.url), id="share-url")
            with Horizontal(id="share-body"):
                yield Static(Text("\n".join(qr_lines(self.sharing.url)), style=QR_STYLE), id="share-qr")
                with Vertical(id="share-facts"):
                    yield Static(id="share-count")
                    yield Static(limits_text(self.sharing), id="share-limits")
                    yield Static(reach_text(self.sharing), id="share-reach")
                    yield Static("c: copy the link · escape: back to the meeting", id="share-help")

    def on_mount(self) -> None:
        self.query_one("#share-dialog").border_title = "Followers"
        self._changed.subscribe(self, self.show)
        self.show()

    def on_unmount(self) -> None:
        self._changed.unsubscribe(self)

    def show(self, _sharing: Sharing | None = None) -> None:
        """Say how many follow now (or that sharing has ended)."""
        count = "Sharing has ended." if self.sharing.ended else followers_text(self.sharing.followers).capitalize()
        for widget in self.query("#share-count").results(Static):  # none while the dialog is still composing
            widget.update(count)

    def action_copy_link(self) -> None:
        """Put the link on the clipboard (the terminal's, through OSC 52) and say so."""
        self.app.copy_to_clipboard(self.sharing.url)
        self.notify("Link copied to the clipboard.", timeout=3, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
