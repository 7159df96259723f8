"""Finished images of the static layers, kept per view so a return to a scale costs a blit.

After a zoom the static layers (background, grids, rivers, key points) of a city take tens of
milliseconds to draw; zooming back, or cycling between the same scales, finds them here. The
cases and labels are always drawn fresh on top (their colours follow the clock). An entry is
keyed by the exact view and by everything the picture depends on (layer settings, the
renderer's data generation, style, device pixel ratio), so a stale image can never match; the
least recently used entries go first once the byte budget is spent. QImages only (any thread);
a lock guards the table.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from PySide6.QtGui import QImage

# eleven 1920x1080 views
DEFAULT_BUDGET_BYTES = 96 * 1024 * 1024


class StaticImageCache:
    """An LRU table of (image, stats) by key, bounded in bytes."""

    def __init__(self, max_bytes: int = DEFAULT_BUDGET_BYTES) -> None:
        self.max_bytes = int(max_bytes)
        self._items: OrderedDict[Hashable, tuple[QImage, dict[str, int]]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        """Whether `key` is held (neither a hit nor a miss, nor a use for the LRU order)."""
        with self._lock:
            return key in self._items

    @property
    def nbytes(self) -> int:
        return self._bytes

    def get(self, key: Hashable) -> tuple[QImage, dict[str, int]] | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item

    def put(self, key: Hashable, image: QImage, stats: dict[str, int]) -> None:
        size = image.sizeInBytes()
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[0].sizeInBytes()
            self._items[key] = (image, dict(stats))
            self._bytes += size
            while self._bytes > self.max_bytes and self._items:
                _, (img, _) = self._items.popitem(last=False)
                self._bytes -= img.sizeInBytes()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0
