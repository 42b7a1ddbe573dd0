"""The command palette (ctrl+p): every action of the screen in front, by name."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from meetingtui.tui.contracts import app_state


class ScreenActions(Provider):
    """Offers each binding of the active screen (and its focused widget) as a command."""

    def _commands(self) -> list[tuple[str, str, str]]:
        screen = self.screen
        seen: set[str] = set()
        commands = []
        for node in [*(screen.focused.ancestors_with_self if screen.focused else []), screen]:
            for binding in node.BINDINGS:
                if not isinstance(binding, Binding) or binding.action in seen:
                    continue
                if screen.check_action(binding.action.split("(")[0], ()) is False:
                    continue
                seen.add(binding.action)
                key = binding.key_display or binding.key
                commands.append((f"{binding.description} ({key})", binding.tooltip, binding.action))
        return commands

    async def discover(self) -> Hits:
        for title, help_text, action in self._commands():
            yield DiscoveryHit(title, partial(self.screen.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self.screen.run_action, action), help=help_text)


class ShareCommands(Provider):
    """ "Share with followers": serve the read-only follower page, or show its link and QR code again."""

    TITLE = "Share with followers"
    HELP = "A read-only web page of this meeting: URL and QR code for people who are not in the room"

    def _available(self) -> bool:
        session = app_state(self.app).session
        return session is not None and session.saved is None

    def _share(self) -> None:
        state = app_state(self.app)
        state.share_controller.share(state.session)

    async def discover(self) -> Hits:
        if self._available():
            yield DiscoveryHit(self.TITLE, self._share, help=self.HELP)

    async def search(self, query: str) -> Hits:
        if self._available():
            score = self.matcher(query).match(self.TITLE)
            if score > 0:
                yield Hit(score, self.matcher(query).highlight(self.TITLE), self._share, help=self.HELP)
