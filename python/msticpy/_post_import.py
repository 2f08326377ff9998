"""
Run a callback when a module is imported, without importing it.

msticpy registers its pandas accessors (``df.mp``, ``df.mp_ioc``, ...) when its modules
are imported, which forces pandas into every process that imports them. Modules that do
not otherwise need pandas (``IoCExtract().extract(src=...)`` works on a string) use
:func:`when_imported` instead: the accessors are registered at once if pandas is already
loaded, or right after ``import pandas`` runs later. Either way ``df.mp_ioc`` exists by
the time a DataFrame does.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

# The finder and loader follow importlib's protocols without subclassing
# ``importlib.abc`` classes: importing that module costs more than the rest of this one.
Callback = Callable[[ModuleType], None]

_PENDING: dict[str, list[Callback]] = {}
_LOCK = threading.Lock()


def when_imported(name: str, callback: Callback) -> None:
    """
    Call ``callback(module)`` once the module ``name`` has been imported.

    Parameters
    ----------
    name : str
        Absolute module name (for example ``"pandas"``).
    callback : Callable[[ModuleType], None]
        Run now if the module is already imported, else right after its import
        finishes (exceptions it raises propagate to that import statement).

    """
    module = sys.modules.get(name)
    if module is not None:
        callback(module)
        return
    with _LOCK:
        _PENDING.setdefault(name, []).append(callback)
        if _FINDER not in sys.meta_path:
            sys.meta_path.insert(0, _FINDER)


def _run_pending(name: str, module: ModuleType) -> None:
    with _LOCK:
        callbacks = _PENDING.pop(name, [])
        if not _PENDING and _FINDER in sys.meta_path:
            sys.meta_path.remove(_FINDER)
    for callback in callbacks:
        callback(module)


class _NotifyingLoader:
    """Wraps a module's real loader to run the pending callbacks after it executes."""

    def __init__(self, loader: Any, name: str) -> None:
        self._loader = loader
        self._name = name

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        # Put the real loader back first, so the module looks as if loaded normally
        # (importlib.resources and pickling look at ``__loader__``/``__spec__``).
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        _run_pending(self._name, module)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._loader, attribute)


class _Finder:
    """Finds watched modules through the other finders and wraps their loaders."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname not in _PENDING:
            return None
        for finder in list(sys.meta_path):
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(fullname, path, target)
            if spec is None:
                continue
            if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = _NotifyingLoader(spec.loader, fullname)
            return spec
        return None


_FINDER = _Finder()
