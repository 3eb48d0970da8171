"""A time budget per report and stage: reading (a DOCX, PDF or HTML file's conversion to text),
extraction, and emit with validation each get it; a stage that runs past it stops with an
InputError naming the file, instead of holding ingest for minutes. A meeting report takes well
under a second per stage; the budget is 10 s (``$IGFKG_REPORT_SECONDS``).

In the main thread (the command line, ``--jobs`` workers) a timer signal stops the work where it
is, regular-expression matching included. Elsewhere (the dashboard runs pages in a thread, which
cannot take signals) the budget is checked when the work ends.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import InputError

#: Seconds one stage of one report may take (a summary report takes well under one).
REPORT_SECONDS = 10.0


class _Overrun(BaseException):
    """Raised by the timer signal; a BaseException so that no ``except Exception`` on the way swallows it."""


def report_seconds() -> float:
    """The budget for one stage of one report: ``$IGFKG_REPORT_SECONDS`` or 10 s."""
    try:
        value = float(os.environ.get("IGFKG_REPORT_SECONDS", ""))
    except ValueError:
        return REPORT_SECONDS
    return value if value > 0 else REPORT_SECONDS


def _refusal(seconds: float, path: str, size: int, stage: str) -> InputError:
    return InputError(f"{stage} stopped at the time budget of {seconds:g} s per report ({size} characters); "
                      "split the report, or set IGFKG_REPORT_SECONDS to allow more", path=path)


@contextmanager
def time_budget(seconds: float, *, path: str, size: int = 0, stage: str = "extraction") -> Iterator[None]:
    """Run the block within ``seconds``. Raises InputError (naming ``path``) when it takes longer.

    >>> with time_budget(5, path="r.txt"):
    ...     pass
    """
    started = time.monotonic()
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        if time.monotonic() - started > seconds:
            raise _refusal(seconds, path, size, stage)
        return

    def stop(signum, frame):
        raise _Overrun

    previous_hook = sys.unraisablehook

    def unraisable(info):
        # a signal that lands in code that ignores exceptions (a gc callback, a __del__) is lost:
        # no "Exception ignored" for it, the next one stops the work
        if not isinstance(info.exc_value, _Overrun):
            previous_hook(info)

    previous = signal.signal(signal.SIGALRM, stop)
    sys.unraisablehook = unraisable
    # then again every 0.1 s, for a signal lost that way
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.1)
    try:
        yield
    except _Overrun:
        signal.setitimer(signal.ITIMER_REAL, 0)
        raise _refusal(seconds, path, size, stage) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = previous_hook
