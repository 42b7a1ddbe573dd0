"""Sharing on the facilitator's screen: a one-line bar (URL, followers) and a dialog with the QR code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from meetingtui.tui.palette import literal

if TYPE_CHECKING:
    from meetingtui.share.sharing import Sharing

QR_STYLE = "#000000 on #ffffff"
"""Dark modules on light, whatever the terminal's theme: scanners expect it."""


class FollowersChanged(Message):
    """How many people follow (posted from the server's thread; Textual messages are thread-safe)."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count


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


class ShareBar(Static):
    """``Sharing · 2 people follow · URL``: always on the meeting screen while sharing."""

    def __init__(self, sharing: Sharing) -> None:
        super().__init__(id="share-bar")
        self.sharing = sharing

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        sharing = self.sharing
        text = Text()
        if sharing.ended:
            text.append("Sharing ended", style="dim")
        else:
            text.append("● Sharing", style="bold red" if sharing.exposed else "bold")
            text.append(" on the network" if sharing.exposed else "", style="bold red")
            text.append(f" · {sharing.followers} following · ")
            text.append(sharing.url)
            text.append("  (ctrl+p Share: QR code)", style="dim")
        self.update(text)


class ShareScreen(ModalScreen[None]):
    """The followers' URL, its QR code, who can reach it and how many follow; ``escape`` closes."""

    BINDINGS = [Binding("escape,enter", "close", "Close", id="close-share", tooltip="Back to the meeting")]

    def __init__(self, sharing: Sharing) -> None:
        super().__init__()
        self.sharing = sharing

    def compose(self) -> ComposeResult:
        # on use: the QR code's encoder only when the share screen is drawn
        from meetingtui.share.qr import qr_lines

        with Horizontal(id="share-dialog"):
            yield Static(Text("\n".join(qr_lines(self.sharing.url)), style=QR_STYLE), id="share-qr")
            with Vertical(id="share-facts"):
                yield Static("Follow the meeting in a browser (read only):")
                yield Static(literal(self.sharing.url), id="share-url")
                yield Static(id="share-count")
                yield Static(limits_text(self.sharing), id="share-limits")
                yield Static(reach_text(self.sharing), id="share-reach")
                yield Static("escape: back to the meeting", id="share-help")

    def on_mount(self) -> None:
        self.query_one("#share-dialog").border_title = "Followers"
        self.show()

    def show(self) -> None:
        count = "Sharing has ended." if self.sharing.ended else followers_text(self.sharing.followers).capitalize()
        for widget in self.query("#share-count").results(Static):  # none while the dialog is still composing
            widget.update(count)

    def action_close(self) -> None:
        self.dismiss(None)
