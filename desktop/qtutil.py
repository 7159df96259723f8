"""Small glue between the psygnal-evented models and Qt widgets."""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject


def observe(owner: QObject, signal: Any, slot: Callable[..., Any]) -> None:
    """Connect a psygnal signal to `slot` for as long as the Qt object `owner` lives.

    psygnal holds bound methods weakly, but a Python wrapper can outlive its C++ widget, and a
    deleted widget must not be called; the connection is dropped when `owner` is destroyed.
    The disconnect hook holds the slot weakly, so it keeps no widget alive."""
    signal.connect(slot)
    if hasattr(slot, "__self__") and hasattr(slot, "__func__"):
        ref: Callable[[], Callable[..., Any] | None] = weakref.WeakMethod(slot)
    else:

        def ref() -> Callable[..., Any] | None:
            return slot

    def _drop(*_args: object) -> None:
        target = ref()
        if target is not None:
            with contextlib.suppress(Exception):
                signal.disconnect(target)

    owner.destroyed.connect(_drop)
