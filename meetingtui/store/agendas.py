"""Agenda templates on disk: loading one file with located errors."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from meetingtui.domain.agenda import Agenda
from meetingtui.domain.errors import validation_error
from meetingtui.store.toml_io import read_toml


def load_agenda_file(path: Path) -> Agenda:
    """Read and validate one agenda template; errors are :class:`InputError` naming the line or field."""
    data = read_toml(path)
    try:
        return Agenda.model_validate(data)
    except ValidationError as exc:
        raise validation_error(path, exc) from None
