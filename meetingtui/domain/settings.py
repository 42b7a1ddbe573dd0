"""What a shared repository says about itself: ``meetingtui.toml`` and ``people.toml``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from meetingtui.domain.agenda import Team
from meetingtui.domain.durations import DurationError, parse_duration
from meetingtui.domain.terminal_text import no_controls


class _Written(BaseModel):
    """A file a person writes by hand: unknown keys and control characters are errors."""

    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_controls(cls, value: object) -> object:
        return no_controls(value)  # one line each: not even a newline or a tab


class RepoSettings(_Written):
    """``meetingtui.toml``: every key optional."""

    minutes_dir: str = "minutes"
    """Folder (relative to the repository) that holds ``YYYY/<id>.toml`` minutes."""
    push: bool = False
    """Push after every commit, as if ``--push`` were given."""
    remote: str = "origin"
    """The remote to push to."""
    facilitator: str | None = None
    """Default facilitator name when ``--facilitator`` is not given."""
    push_timeout: int = 15
    """Seconds a push may take in all, retries included ("15s", "1m"): a dead network costs this, not more."""
    fetch_timeout: int = 10
    """Seconds a fetch may take ("10s"), e.g. the one before a meeting."""
    commit_timeout: int = 30
    """Seconds a commit may take, the user's git hooks included ("30s")."""
    report: bool = True
    """Keep ``REPORT.md`` (the alignment report) current: regenerated and committed with each save, proposal, sync."""
    parked_meetings: int = Field(default=1, ge=0, le=1000)
    """A meeting's start offers the topics parked by this many of the agenda's last meetings (0: none)…"""
    parked_days: int = Field(default=30, ge=0, le=36500)
    """… and parked no more than this many days ago. Older ones stay parked: ``meetingtui parked`` lists them."""

    @classmethod
    def defaults(cls) -> RepoSettings:
        """The settings of a repository without ``meetingtui.toml``. Not validated: they are the literals above, and
        validating builds the model's schema, ~8 ms before the first frame for nothing."""
        return cls.model_construct()

    @field_validator("push_timeout", "fetch_timeout", "commit_timeout", mode="before")
    @classmethod
    def _seconds(cls, value: object) -> int:
        try:
            seconds = parse_duration(value)  # type: ignore[arg-type]
        except DurationError as exc:
            raise ValueError(str(exc)) from None
        if not 1 <= seconds <= 600:
            raise ValueError(f'{value!r} is out of range: write between "1s" and "10m", such as "15s"')
        return seconds

    @field_validator("minutes_dir")
    @classmethod
    def _relative(cls, value: str) -> str:
        """One spelling per folder ("./minutes", "minutes/", "minutes" are "minutes"): git paths and their
        prefixes are built from it, and "./minutes/..." never starts with "minutes/"."""
        text = value.replace("\\", "/")
        parts = [part for part in text.split("/") if part not in ("", ".")]
        if not value or text.startswith("/") or ".." in parts or not parts or not value.isprintable():
            raise ValueError('must be a folder inside the repository, such as "minutes"')
        return "/".join(parts)


class Person(_Written):
    """A person on the team roster."""

    name: str = Field(min_length=1, max_length=100)
    team: Team
    role: str | None = None


class People(BaseModel):
    """``people.toml``: ``[[people]]`` tables."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    people: list[Person] = Field(default_factory=list)

    @classmethod
    def empty(cls) -> People:
        """The roster of a repository without ``people.toml``. Not validated: nobody to check, and validating built
        the model's schema and Person's before the first frame (~0.2 MB of RSS) for nothing. The list is given (as
        unset): pydantic would inspect the default factory's signature each time, 50× the cost of the rest."""
        return cls.model_construct(_fields_set=set(), people=[])

    @model_validator(mode="after")
    def _unique(self) -> People:
        seen: set[str] = set()
        for index, person in enumerate(self.people):
            key = person.name.casefold()
            if key in seen:
                raise ValueError(f"people[{index + 1}].name: {person.name!r} is listed twice — keep one entry")
            seen.add(key)
        return self
