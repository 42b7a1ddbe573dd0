"""Dataclasses whose methods are written once here instead of generated for each class: ``@frozen`` and ``@mutable``.

``@dataclass`` compiles an ``__init__``, ``__repr__`` and ``__eq__`` for every class it makes, and with
``frozen=True`` a ``__hash__``, ``__setattr__`` and ``__delattr__`` too (one ``exec`` each, ~0.4 ms a class here);
some fifty such classes load before the meeting screen's first frame. A class made by these is still a dataclass —
``dataclasses.fields``, ``replace`` and ``asdict`` and pydantic's schemas (the crash journal's events) see the same
fields — but it gets these shared methods, with the generated ones' meaning:

- ``__init__``: the fields in order, positional or by keyword (``kw_only=True``: by keyword only), defaults and
  ``default_factory``; ``__post_init__`` is called if the class has one. ``InitVar`` and ``field(init=False)`` are
  not supported (refused when the class is made).
- ``==``: same class and equal fields (those with ``compare``); ``repr``: ``Name(field=value, …)`` (fields with
  ``repr``).
- ``@frozen`` (``@dataclass(frozen=True)``): ``hash`` of the compared fields (``hash=`` respected); assigning or
  deleting an attribute raises :class:`dataclasses.FrozenInstanceError`.
- ``@mutable`` (``@dataclass``): unhashable, as an ``eq`` dataclass that is not frozen.

A class that defines one of the methods itself keeps its own. Such a class may only be based on classes made the
same way (or on no dataclass at all). A Textual message may be one: its ``__init__`` only calls its
``__post_init__``, which the shared ``__init__`` calls too.
"""

from __future__ import annotations

import dataclasses
import reprlib
from typing import Any, TypeVar

T = TypeVar("T")

_MISSING = dataclasses.MISSING


class _Spec:
    """How a class made here builds, compares, hashes and shows its instances."""

    __slots__ = ("compared", "fields", "hashed", "keywords", "positional", "shown")

    def __init__(self, cls: type) -> None:
        fields = dataclasses.fields(cls)
        pseudo = [f for name, f in cls.__dataclass_fields__.items() if f not in fields]  # type: ignore[attr-defined]
        if any("InitVar" in str(f.type) for f in pseudo) or not all(f.init for f in fields):  # ClassVar is fine
            raise TypeError(f"{cls.__name__}: InitVar and field(init=False) are not supported")
        self.fields = tuple((f.name, f.default, f.default_factory, f.kw_only is True) for f in fields)
        self.positional = tuple(f.name for f in fields if not f.kw_only)
        self.keywords = frozenset(f.name for f in fields)
        self.compared = tuple(f.name for f in fields if f.compare)
        self.hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
        self.shown = tuple(f.name for f in fields if f.repr)


def _spec(instance: object) -> _Spec:
    return type(instance).__lean_spec__  # type: ignore[attr-defined]


def _init(self: object, *args: Any, **kwargs: Any) -> None:
    spec = _spec(self)
    name = type(self).__qualname__
    if len(args) > len(spec.positional):
        raise TypeError(
            f"{name}.__init__() takes {len(spec.positional) + 1} positional arguments but {len(args) + 1} were given"
        )
    values = dict(zip(spec.positional, args, strict=False))
    for key, value in kwargs.items():
        if key in values:
            raise TypeError(f"{name}.__init__() got multiple values for argument {key!r}")
        if key not in spec.keywords:
            raise TypeError(f"{name}.__init__() got an unexpected keyword argument {key!r}")
        values[key] = value
    assign = object.__setattr__
    for key, default, factory, keyword in spec.fields:
        if key in values:
            value = values[key]
        elif default is not _MISSING:
            value = default
        elif factory is not _MISSING:
            value = factory()
        else:
            kind = "keyword-only" if keyword else "positional"
            raise TypeError(f"{name}.__init__() missing 1 required {kind} argument: {key!r}")
        assign(self, key, value)
    post_init = getattr(self, "__post_init__", None)
    if post_init is not None:
        post_init()


@reprlib.recursive_repr()
def _repr(self: object) -> str:
    shown = ", ".join(f"{key}={getattr(self, key)!r}" for key in _spec(self).shown)
    return f"{type(self).__qualname__}({shown})"


def _eq(self: object, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    keys = _spec(self).compared
    return tuple(getattr(self, key) for key in keys) == tuple(getattr(other, key) for key in keys)


def _hash(self: object) -> int:
    return hash(tuple(getattr(self, key) for key in _spec(self).hashed))


def _setattr(self: object, key: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {key!r}")


def _delattr(self: object, key: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {key!r}")


_SHARED = {"__init__": _init, "__repr__": _repr, "__eq__": _eq}
_FROZEN = {"__hash__": _hash, "__setattr__": _setattr, "__delattr__": _delattr}


def _make(cls: type[T], kw_only: bool, methods: dict[str, Any]) -> type[T]:
    if not cls.__doc__:  # else dataclass builds one from inspect.signature (slow, and it would show *args)
        cls.__doc__ = f"{cls.__name__}({', '.join(vars(cls).get('__annotations__', {}))})"
    made = dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=kw_only)(cls)
    made.__lean_spec__ = _Spec(made)  # type: ignore[attr-defined]
    own = vars(made)
    for name, method in methods.items():
        # A class defining __eq__ gets __hash__ = None from Python: not a hash of its own (as for dataclass).
        explicit = name in own and not (name == "__hash__" and own[name] is None and "__eq__" in own)
        if not explicit:
            setattr(made, name, method)
    return made


def frozen(cls: type[T] | None = None, /, *, kw_only: bool = False) -> Any:
    """``@dataclass(frozen=True)`` with shared methods (see the module); ``@frozen`` or ``@frozen(kw_only=True)``."""

    def make(cls: type[T]) -> type[T]:
        return _make(cls, kw_only, {**_SHARED, **_FROZEN})

    return make if cls is None else make(cls)


def mutable(cls: type[T] | None = None, /, *, kw_only: bool = False) -> Any:
    """``@dataclass`` with shared methods (see the module); ``@mutable`` or ``@mutable(kw_only=True)``."""

    def make(cls: type[T]) -> type[T]:
        return _make(cls, kw_only, {**_SHARED, "__hash__": None})

    return make if cls is None else make(cls)
