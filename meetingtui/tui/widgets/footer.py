"""A footer that keeps the keys that matter when the terminal is narrow.

Textual's footer lays its keys out left to right and cuts whatever does not
fit; at 80 columns that cut `q End` and `? Help`, the two keys a facilitator
must always find. This one hides the least important keys first, in the
order the screen gives, until the rest fits.

With ``preview``, until :meth:`FittedFooter.show_keys` the footer draws the same line itself, as one widget,
styled by three hidden keys: a dozen key widgets cost about as much as the rest of the first frame's panels
together (bench/first_frame.py). tests/tui/test_first_frame.py checks the two draw the same cells.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def _action_name(action: str) -> str:
    return action.split("(")[0]


class FittedFooter(Footer):
    """A :class:`Footer` that drops keys by importance, never the ones ranked first.

    ``ranking`` lists action names (without arguments) from most to least
    important; keys it does not name rank after all that it names.
    """

    DEFAULT_CSS = "FittedFooter > FooterKey.-probe { display: none; }"

    def __init__(self, ranking: Sequence[str], *, preview: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.ranking = {name: index for index, name in enumerate(ranking)}
        self._composed: tuple | None = None
        self._probes: tuple[FooterKey, FooterKey, FooterKey] | None = None
        """A key, a disabled key and the palette's key, never shown: the preview draws with their styles."""
        self.previewing = preview

    def compose(self) -> ComposeResult:
        # Textual's footer stays empty until the screen first announces its bindings, which comes after the
        # first frame, behind whatever that frame set going (the lower panels, the history read): the keys
        # showed up to a tenth of a second after the countdown. The bindings are known at mount: show them.
        self._bindings_ready = True
        if self.previewing:
            yield from self._compose_probes()
            return
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
        if self.previewing:
            self.refresh()  # the preview draws the keys as they are now
            return
        if self.is_attached and self._shown() == self._composed:
            return
        await super().recompose()
        self.fit()

    def show_keys(self) -> asyncio.Event:
        """End the preview: mount the keys themselves (they take the mouse: hover, click, tooltips); the event is
        set once they are mounted."""
        done = asyncio.Event()

        async def recompose() -> None:
            if self.previewing:
                self.previewing = False
                await self.recompose()
                self._probes = None
            done.set()

        self.call_later(recompose)  # in the footer's own turn: Footer binds its keys to the composing footer
        return done

    def _compose_probes(self) -> ComposeResult:
        key = FooterKey("p", "p", "probe", "probe", classes="-probe")
        disabled = FooterKey("p", "p", "probe", "probe", disabled=True, classes="-probe")
        palette = FooterKey("p", "p", "probe", "probe", classes="-probe -command-palette -compact")
        for probe in (key, disabled):
            probe.set_reactive(FooterKey.compact, self.compact)  # as the keys are bound to the footer's
        self._probes = (key, disabled, palette)  # the palette's key is not bound: it stays compact
        yield from self._probes

    def render(self) -> RenderResult:
        if not self.previewing or self._probes is None:
            return super().render()
        return self._preview()

    def _preview(self) -> Text:
        """The line the keys would draw: each key as FooterKey renders it, the palette's docked right."""
        key, disabled, palette_probe = self._probes or ()
        width = self.size.width
        line = Text(style=self.rich_style, no_wrap=True, overflow="crop", end="")
        shown, palette = self._bindings_shown()
        palette_text = _key_text(palette_probe, *palette) if palette else Text()
        palette_width = len(palette_text) + 2 if palette else 0  # with its left border and right padding
        available = width - palette_width - (1 if palette else 0)
        if available > 0 and shown:
            texts = [(self.app.get_key_display(binding), binding.description) for binding, _ in shown]
            widths = [_cells(*text) for text in texts]
            ranks = [self.ranking.get(_action_name(binding.action), len(self.ranking)) for binding, _ in shown]
            hidden = _dropped(widths, ranks, available)
            for index, ((_, enabled), text) in enumerate(zip(shown, texts, strict=True)):
                if index not in hidden:
                    line.append_text(_key_text(key if enabled else disabled, *text))
        if palette:
            line.append(" " * max(0, width - len(line) - palette_width))
            background = palette_probe.background_colors[1]
            border_type, border_colour = palette_probe.styles.border_left
            border = Style.from_color((background + border_colour).rich_color, background.rich_color)
            line.append("▏" if border_type == "vkey" else " ", style=border)
            line.append_text(palette_text)
            line.append(" ", style=palette_probe.rich_style)
        return line

    def _bindings_shown(self) -> tuple[list, tuple[str, str] | None]:
        """The keys Footer.compose would show (the first binding of each action) and the palette's key."""
        active = self.screen.active_bindings
        by_action: dict[str, tuple] = {}
        for _, binding, enabled, _tooltip in active.values():
            if binding.show:
                by_action.setdefault(binding.action, (binding, enabled))
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                palette = (self.app.get_key_display(found[1]), found[1].description)
        return list(by_action.values()), palette

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
        if self.previewing:
            return  # the preview fits its keys as it draws them
        keys = [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]
        palette = [key for key in self.query(FooterKey) if key.has_class("-command-palette")]
        available = self.size.width - sum(_width(key) + 1 for key in palette)
        if available <= 0 or not keys:
            return
        hidden = _dropped([_width(key) for key in keys], [self.rank(key) for key in keys], available)
        for index, key in enumerate(keys):
            key.display = index not in hidden


def _dropped(widths: list[int], ranks: list[int], available: int) -> set[int]:
    """Which keys to hide (by index) so the rest fit in ``available`` cells: the least important first, and among
    equals the right-most."""
    total = sum(widths)
    hidden: set[int] = set()
    for index in sorted(reversed(range(len(widths))), key=lambda i: ranks[i], reverse=True):
        if total <= available:
            break
        hidden.add(index)
        total -= widths[index]
    return hidden


def _key_text(probe: FooterKey, key_display: str, description: str) -> Text:
    """What FooterKey.render draws for a key, styled as ``probe`` is."""
    key_style = probe.get_component_rich_style("footer-key--key")
    description_style = probe.get_component_rich_style("footer-key--description")
    key_padding = probe.get_component_styles("footer-key--key").padding
    description_padding = probe.get_component_styles("footer-key--description").padding
    if description:
        text = Text.assemble(
            (" " * key_padding.left + key_display + " " * key_padding.right, key_style),
            (" " * description_padding.left + description + " " * description_padding.right, description_style),
        )
    else:
        text = Text.assemble((key_display, key_style))
    text.stylize_before(probe.rich_style)
    return text


def _width(key: FooterKey) -> int:
    """Cells a key takes: its key with one space each side, then its description and a space."""
    return _cells(key.key_display, key.description)


def _cells(key_display: str, description: str) -> int:
    """Cells a key with this text takes: its key with one space each side, then its description and a space."""
    return len(key_display) + 2 + (len(description) + 1 if description else 0)
