"""Resource groups: the annotated class attributes of a client whose type is a consumer.

``issues: Issues`` on a client class makes ``api.issues`` an ``Issues`` sharing the client's
runtime. Finding the groups means resolving the class's annotations, including those of
classes declared inside a function body, whose names are in no module's globals: there the
live consumer classes are searched, as Python's own name lookup would have found them.
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
import typing
import weakref
from typing import Any, Generic, TypeVar

from typelink.errors import ConfigurationError

__all__ = ["GroupRegistry"]

C = TypeVar("C")

_GROUPS_ATTRIBUTE = "_typelink_groups"
_ORDER_ATTRIBUTE = "_typelink_declared"


class GroupRegistry(Generic[C]):
    """Every live subclass of one base (the consumers), and the groups each class declares."""

    def __init__(self) -> None:
        self._classes: weakref.WeakSet[type[C]] = weakref.WeakSet()
        self._order = itertools.count(1)

    def register(self, cls: type[C]) -> None:
        """Remember ``cls`` and the order it was declared in.

        A class declared in a function body has its groups resolved right now, while the
        classes it names are certainly alive (later, a group class that nothing else refers
        to may have been collected, and another class of the same name found instead). A
        forward reference that cannot resolve yet is left for the first instance.
        """
        type.__setattr__(cls, _ORDER_ATTRIBUTE, next(self._order))
        self._classes.add(cls)
        if "<locals>" in cls.__qualname__:
            with contextlib.suppress(ConfigurationError):
                self.groups_of(cls)

    def groups_of(self, cls: type) -> dict[str, type[C]]:
        """Annotated class attributes of ``cls`` whose type is a registered class."""
        cached: dict[str, type[C]] | None = cls.__dict__.get(_GROUPS_ATTRIBUTE)
        if cached is not None:
            return cached
        groups: dict[str, type[C]] = {}
        for klass in reversed(cls.__mro__):
            if "__annotations__" not in klass.__dict__:
                continue
            try:
                hints = self._hints(klass)
            except NameError as exc:
                raise ConfigurationError(
                    f"{cls.__name__}: cannot resolve a group annotation: {exc} (declare the "
                    "group class at module level, or in the same function as the client)"
                ) from None
            for name in inspect.get_annotations(klass):
                hint = hints.get(name)
                if isinstance(hint, type) and hint in self._classes:
                    groups[name] = hint
        type.__setattr__(cls, _GROUPS_ATTRIBUTE, groups)
        return groups

    def _hints(self, klass: type) -> dict[str, Any]:
        try:
            return typing.get_type_hints(klass)
        except NameError:
            # Declared inside a function: resolve the missing names among the live classes,
            # only after the module's own names failed (so those always win).
            return typing.get_type_hints(klass, localns=self._visible_from(klass))

    def _visible_from(self, owner: type) -> dict[str, type[C]]:
        """Live classes by name, as the name stood when ``owner`` was declared.

        Among classes of ``owner``'s own scope (same module and qualified-name prefix), the
        last one declared before ``owner`` wins; otherwise a name counts only if a single live
        class has it.
        """
        found: dict[str, list[type[C]]] = {}
        for klass in list(self._classes):
            found.setdefault(klass.__name__, []).append(klass)
        resolved: dict[str, type[C]] = {}
        for name, classes in found.items():
            near = [
                k
                for k in classes
                if k.__module__ == owner.__module__
                and _scope(k) == _scope(owner)
                and _declared(k) < _declared(owner)
            ]
            if near:
                resolved[name] = max(near, key=_declared)
            elif len(classes) == 1:
                resolved[name] = classes[0]
        return resolved


def _scope(klass: type) -> str:
    return klass.__qualname__.rpartition(".")[0]


def _declared(klass: type) -> int:
    order: int = getattr(klass, _ORDER_ATTRIBUTE, 0)
    return order
