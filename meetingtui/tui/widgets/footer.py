"""A footer that keeps the keys that matter when the terminal is narrow, drawn as one widget.

Textual's footer lays its keys out left to right and cuts whatever does not
fit; at 80 columns that cut `q End` and `? Help`, the two keys a facilitator
must always find. This one hides the least important keys first, in the
order the screen gives, until the rest fits.

It draws the line Textual's key widgets would draw, itself, styled by hidden probe keys (a key, a disabled key,
the palette's key; a hovered key and palette key once the pointer comes): a dozen key widgets, each with its
message queue, styles and caches, took ~0.8 MB of the meeting's peak RSS and were all rebuilt whenever the keys
changed. What the key widgets do with the mouse it does too: a click presses the key, the key under the pointer
is highlighted and its tooltip shown. tests/tui/test_first_frame.py checks it draws the cells Textual's keys draw.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult, RenderResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from meetingtui.domain.lean import frozen

PALETTE_PROBE = "-probe -command-palette -compact"


def _action_name(action: str) -> str:
    return action.split("(")[0]


@frozen
class Drawn:
    """Where one key was drawn (cells ``start`` to ``end``), and what it does."""

    start: int
    end: int
    key: str
    enabled: bool
    tooltip: str


class FittedFooter(Footer):
    """A :class:`Footer` that drops keys by importance, never the ones ranked first.

    ``ranking`` lists action names (without arguments) from most to least
    important; keys it does not name rank after all that it names.
    """

    # The hovered probes take FooterKey's own ``:hover`` rule (textual/widgets/_footer.py).
    DEFAULT_CSS = """
    FittedFooter > FooterKey.-probe { display: none; }
    FittedFooter > FooterKey.-probe.-hover { color: $footer-key-foreground; background: $block-hover-background; }
    """

    def __init__(self, ranking: Sequence[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.ranking = {name: index for index, name in enumerate(ranking)}
        self._probes: tuple[FooterKey, ...] = ()
        """A key, a disabled key and the palette's key, never shown; then a hovered key and the hovered palette key,
        mounted when the pointer first comes over a key (not before the first frame: ~5M instructions each)."""
        self.drawn: list[Drawn] = []
        """The keys as last drawn, left to right (the palette's last)."""
        self._hover_probes = False
        """The hovered probes are mounted, or on their way."""
        self._hovered: int | None = None
        """Which of :attr:`drawn` is under the pointer."""
        self._drawn_keys: tuple[object, ...] | None = None
        """What the line was last drawn from, but the styles (:func:`_signature`)."""

    def compose(self) -> ComposeResult:
        # Textual's footer stays empty until the screen first announces its bindings, which comes after the
        # first frame, behind whatever that frame set going (the lower panels, the history read): the keys
        # showed up to a tenth of a second after the countdown. The bindings are known at mount: show them.
        self._bindings_ready = True
        self._probes = (
            self._probe("-probe"),
            self._probe("-probe", disabled=True),
            FooterKey("p", "p", "probe", "probe", classes=PALETTE_PROBE),  # not bound to compact: it stays compact
        )
        yield from self._probes

    def _probe(self, classes: str, disabled: bool = False) -> FooterKey:
        probe = FooterKey("p", "p", "probe", "probe", disabled=disabled, classes=classes)
        probe.set_reactive(FooterKey.compact, self.compact)  # as the keys are bound to the footer's ``compact``
        return probe

    async def recompose(self) -> None:
        # The screen signals its bindings after every event, focus change and cursor move: draw the keys again,
        # if they changed (most keys, such as ±1, leave them as they were: a frame of its own, ~1.5 ms, for nothing).
        if not self.is_attached:  # the screen closed after it asked for this: its keys are gone with it
            return
        if _signature(*self._bindings_shown()) == self._drawn_keys and self._hovered is None:
            return
        self._hover(None)
        self.refresh()

    def render(self) -> RenderResult:
        if not self._probes:
            return super().render()
        return self._line()

    def _line(self) -> Text:
        """The line the keys would draw: each key as FooterKey renders it, the palette's docked right."""
        key, disabled, palette_probe, *hovered = self._probes
        hovered_key, hovered_palette = hovered or (key, palette_probe)  # until the hovered probes are mounted
        width = self.size.width
        line = Text(style=self.rich_style, no_wrap=True, overflow="crop", end="")
        drawn: list[Drawn] = []
        shown, palette = self._bindings_shown()
        if palette is not None and self._hovered == len(self.drawn) - 1 and self.drawn[-1].key == palette[0].key:
            palette_probe = hovered_palette
        looks: dict[FooterKey, KeyLook] = {}

        def look(probe: FooterKey) -> KeyLook:
            if probe not in looks:
                looks[probe] = KeyLook.of(probe)
            return looks[probe]

        palette_text = look(palette_probe).text(*palette[1:3]) if palette else Text()
        palette_width = palette_text.cell_len + 2 if palette else 0  # with its left border and right padding
        available = width - palette_width - (1 if palette else 0)
        if available > 0 and shown:
            texts = [(self.app.get_key_display(binding), binding.description) for binding, _, _ in shown]
            widths = [_cells(*text) for text in texts]
            ranks = [self.ranking.get(_action_name(binding.action), len(self.ranking)) for binding, _, _ in shown]
            hidden = _dropped(widths, ranks, available)
            for index, ((binding, enabled, tooltip), text) in enumerate(zip(shown, texts, strict=True)):
                if index not in hidden:
                    probe = key if enabled else disabled
                    if enabled and self._hovered == len(drawn):
                        probe = hovered_key
                    start = line.cell_len
                    line.append_text(look(probe).text(*text))
                    drawn.append(Drawn(start, line.cell_len, binding.key, enabled, tooltip))
        if palette:
            line.append(" " * max(0, width - line.cell_len - palette_width))
            background = palette_probe.background_colors[1]
            border_type, border_colour = palette_probe.styles.border_left
            border = Style.from_color((background + border_colour).rich_color, background.rich_color)
            line.append("▏" if border_type == "vkey" else " ", style=border)
            start = line.cell_len
            line.append_text(palette_text)
            line.append(" ", style=palette_probe.rich_style)
            binding, description, tooltip, enabled = palette[0], palette[2], palette[3], palette[4]
            drawn.append(Drawn(start, line.cell_len, binding.key, enabled, tooltip or description))
        self.drawn = drawn
        self._drawn_keys = _signature(shown, palette)
        return line

    def _bindings_shown(self) -> tuple[list, tuple | None]:
        """The keys Footer.compose would show (the first binding of each action, whether it is enabled and its
        tooltip) and the palette's key (binding, key display, description, tooltip, enabled)."""
        active = self.screen.active_bindings
        by_action: dict[str, tuple] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action.setdefault(binding.action, (binding, enabled, tooltip))
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _, binding, enabled, _ = found
                palette = (binding, self.app.get_key_display(binding), binding.description, binding.tooltip, enabled)
        return list(by_action.values()), palette

    def _at(self, x: int) -> int | None:
        """Which drawn key is at cell ``x``."""
        return next((index for index, drawn in enumerate(self.drawn) if drawn.start <= x < drawn.end), None)

    def _hover(self, index: int | None) -> None:
        if index == self._hovered:
            return
        self._hovered = index
        if index is not None and not self._hover_probes:
            self._hover_probes = True
            self.call_later(self._mount_hover_probes)
        self.tooltip = self.drawn[index].tooltip or None if index is not None else None
        self.styles.pointer = "pointer" if index is not None else "default"
        self.refresh()

    async def _mount_hover_probes(self) -> None:
        hovered = (
            self._probe("-probe -hover"),
            FooterKey("p", "p", "probe", "probe", classes=f"{PALETTE_PROBE} -hover"),
        )
        await self.mount(*hovered)
        self._probes = (*self._probes, *hovered)
        self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self._at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """As a key widget does: press the key, or ring the bell for a key that does nothing now."""
        index = self._at(event.x)
        if index is None:
            return
        if self.drawn[index].enabled:
            self.app.simulate_key(self.drawn[index].key)
        else:
            self.app.bell()

    def on_resize(self) -> None:
        self.refresh()


def _signature(shown: list, palette: tuple | None) -> tuple[object, ...]:
    """What the line is drawn from, but the styles (they change only with the theme, which repaints by itself)."""
    keys = tuple((binding.key, binding.action, binding.description, enabled, tip) for binding, enabled, tip in shown)
    return keys, palette and (palette[0].key, *palette[1:])


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


@frozen
class KeyLook:
    """How a probe key draws its key and description: worked out once per drawing of the line, not once per key
    (each style is a walk up the DOM blending colours: ~30 of them for a line of ten keys)."""

    key_style: Style
    description_style: Style
    base_style: Style
    key_padding: tuple[int, int]
    description_padding: tuple[int, int]

    @classmethod
    def of(cls, probe: FooterKey) -> KeyLook:
        key_padding = probe.get_component_styles("footer-key--key").padding
        description_padding = probe.get_component_styles("footer-key--description").padding
        return cls(
            probe.get_component_rich_style("footer-key--key"),
            probe.get_component_rich_style("footer-key--description"),
            probe.rich_style,
            (key_padding.left, key_padding.right),
            (description_padding.left, description_padding.right),
        )

    def text(self, key_display: str, description: str) -> Text:
        """What FooterKey.render draws for a key, styled as the probe is."""
        (key_left, key_right), (description_left, description_right) = self.key_padding, self.description_padding
        if description:
            text = Text.assemble(
                (" " * key_left + key_display + " " * key_right, self.key_style),
                (" " * description_left + description + " " * description_right, self.description_style),
            )
        else:
            text = Text.assemble((key_display, self.key_style))
        text.stylize_before(self.base_style)
        return text


def _cells(key_display: str, description: str) -> int:
    """Cells a key with this text takes: its key with one space each side, then its description and a space."""
    return len(key_display) + 2 + (len(description) + 1 if description else 0)
