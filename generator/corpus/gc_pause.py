"""Pausing Python's cyclic garbage collector while a stage builds many live objects."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Cyclic garbage collection off for a while (reference counting still frees).

    Loading, validating and rendering thousands of files build many small objects
    that all stay alive, and each automatic collection would walk all of them again;
    nothing they build is cyclic garbage. Nested pauses are fine: only the outermost
    switches collection back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
