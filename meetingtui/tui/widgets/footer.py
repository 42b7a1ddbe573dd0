"""A footer that keeps the keys that matter when the terminal is narrow.

Textual's footer lays its keys out left to right and cuts whatever does not
fit; at 80 columns that cut `q End` and `? Help`, the two keys a facilitator
must always find. This one hides the least important keys first, in the
order the screen gives, until the rest fits.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def _action_name(action: str) -> str:
    return action.split("(")[0]


class FittedFooter(Footer):
    """A :class:`Footer` that drops keys by importance, never the ones ranked first.

    ``ranking`` lists action names (without arguments) from most to least
    important; keys it does not name rank after all that it names.
    """

    def __init__(self, ranking: Sequence[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.ranking = {name: index for index, name in enumerate(ranking)}
        self._composed: tuple | None = None

    def compose(self) -> ComposeResult:
        # Textual's footer stays empty until the screen first announces its bindings, which comes after the
        # first frame, behind whatever that frame set going (the lower panels, the history read): the keys
        # showed up to a tenth of a second after the countdown. The bindings are known at mount: show them.
        self._bindings_ready = True
        self._composed = self._shown()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # Bound to the footer's ``compact`` (the palette's key is not: it stays compact), but it starts
                # True and its watcher restyles the key at each change: given up front, each key is styled once
                # instead of three times (bench/first_frame.py).
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    async def recompose(self) -> None:
        # The screen signals its bindings after every event, focus change and cursor move; most change no key.
        # Rebuilding a dozen keys each time cost CPU and churned memory for the same footer.
        if self.is_attached and self._shown() == self._composed:
            return
        await super().recompose()
        self.fit()

    def _shown(self) -> tuple:
        """What compose would draw: each shown binding's key, text, action, state and tooltip."""
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (binding.key, binding.description, binding.action, enabled, tooltip)
                for _, binding, enabled, tooltip in self.screen.active_bindings.values()
                if binding.show or binding.action == "command_palette"
            ),
        )

    def on_resize(self) -> None:
        self.fit()

    def rank(self, key: FooterKey) -> int:
        """Lower is more important."""
        return self.ranking.get(_action_name(key.action), len(self.ranking))

    def fit(self) -> None:
        """Show every key that fits, dropping the least important first."""
        keys = [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]
        palette = [key for key in self.query(FooterKey) if key.has_class("-command-palette")]
        available = self.size.width - sum(_width(key) + 1 for key in palette)
        if available <= 0 or not keys:
            return
        for key in keys:
            key.display = True
        total = sum(_width(key) for key in keys)
        # Stable: among equals, the right-most key goes first.
        for key in sorted(reversed(keys), key=self.rank, reverse=True):
            if total <= available:
                break
            key.display = False
            total -= _width(key)


def _width(key: FooterKey) -> int:
    """Cells a key takes: its key with one space each side, then its description and a space."""
    if not key.description:
        return len(key.key_display) + 2
    return len(key.key_display) + 2 + len(key.description) + 1
