"""Handing freed memory back to the system, for long builds.

glibc keeps the pages a process frees for its own later use; the parse
allocates and frees arrays of every size, and the store's engine its
buffers, so without a trim a long build's resident memory creeps up batch
after batch (and in a forked worker each reused page is one more copied
from the parent).
"""
from __future__ import annotations

import ctypes
import ctypes.util


def _glibc():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim  # absent outside glibc (musl, macOS)
        return libc
    except (OSError, AttributeError):
        return None


_LIBC = _glibc()


def release_free_memory() -> None:
    """Return the heap's free pages to the system (glibc only; elsewhere nothing)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
