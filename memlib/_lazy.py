"""Lazy re-export of a topic's presentation part (PEP 562 module ``__getattr__``).

A topic package such as :mod:`memlib.hopfield` imports its numpy-only model
eagerly and names its figures and frame builders here: they are imported from
``_plot`` or ``_frames`` on first use, so ``import memlib.hopfield`` needs numpy
alone while ``memlib.hopfield.plot_capacity`` keeps working.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def public_names(parts: Mapping[str, Sequence[str]]) -> list[str]:
    """The names of ``parts`` that belong in the package's ``__all__`` (not ``IMAGES``)."""
    return [name for names in parts.values() for name in names if name != "IMAGES"]


def presentation(
    package: str, parts: Mapping[str, Sequence[str]], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Module ``__getattr__`` and ``__dir__`` that load ``parts`` on demand.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    parts : mapping of str to sequence of str
        Submodule name (``"_plot"``, ``"_frames"``) to the public names it defines.
    namespace : dict
        The package's ``globals()``; a loaded name is cached there.
    """
    where = {name: part for part, names in parts.items() for name in names}

    def __getattr__(name: str) -> Any:
        part = where.get(name)
        if part is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        try:
            module = importlib.import_module(f"{package}.{part}")
        except ModuleNotFoundError as err:  # matplotlib or ipywidgets missing
            raise ImportError(
                f"{package}.{name} draws figures and needs {err.name!r}; "
                "install the book extra: pip install 'memlib[book]'"
            ) from err
        value = getattr(module, name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(where))

    return __getattr__, __dir__
