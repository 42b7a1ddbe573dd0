"""The meeting screen's sharing bar: ``● Sharing · 2 following · URL``, hidden until the meeting is shared."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from meetingtui.tui.contracts import app_state

if TYPE_CHECKING:
    from meetingtui.share.sharing import Sharing


class ShareBar(Static):
    """One line under the meeting's panels while it is shared; it follows the App's share controller itself."""

    def __init__(self) -> None:
        super().__init__(id="share-bar")
        self.display = False  # no line at all until sharing starts

    def on_mount(self) -> None:
        controller = app_state(self.app).share_controller
        controller.changed.subscribe(self, self.show)
        if controller.sharing is not None:  # shared before this screen opened
            self.show(controller.sharing)

    def on_unmount(self) -> None:
        app_state(self.app).share_controller.changed.unsubscribe(self)

    def show(self, sharing: Sharing) -> None:
        """Show where the meeting is shared and how many follow (or that sharing ended)."""
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
        self.display = True
