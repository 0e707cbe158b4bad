"""Progress bars of the import and export commands: tqdm on a terminal, nothing otherwise.

``terminal_progress(stream)`` yields a ``progress(done, total, phase)`` callable (the one
``Importer.run`` and ``Exporter.write`` call, the same the background jobs use) — or None when
``stream`` is not a terminal (a pipe, a file, cron, the tests), so nothing but the result is printed.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

from tqdm import tqdm


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def terminal_progress(stream: Any = None, *, unit: str = "行") -> Iterator[Any]:
    stream = sys.stderr if stream is None else stream
    if not _is_terminal(stream):
        yield None
        return
    out = getattr(stream, "_out", stream)  # a command's OutputWrapper: write to what it wraps
    with tqdm(total=0, unit=unit, file=out, dynamic_ncols=True, leave=False, mininterval=0.2) as bar:

        def progress(done: int, total: int | None = None, phase: str | None = None) -> None:
            if total is not None and total != bar.total:
                bar.total = total
            bar.update(done - bar.n)
            if phase is not None and phase != bar.desc:
                bar.set_description_str(phase)  # redraws: every phase is seen, however short
            elif bar.total and done >= bar.total:
                bar.refresh()

        yield progress
