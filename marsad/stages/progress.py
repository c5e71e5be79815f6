"""Progress of a run as it happens: stages say how much of their work is done, a listener shows it.

`marsad run` executes its Dagster jobs in this process, so the stages can tell the command's
progress bars directly: the raw stage counts files, the dated stages count days (and the
articles in them), publishing counts its one build. Without a listener (the UI, tests) a report
costs a function call. Worker processes do not report; the process collecting their results does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Progress:
    stage: str  # raw, parsed, cleaned, tagged, entities, publish
    done: int  # units done so far in this stage's run
    total: int  # units this stage's run has to do
    unit: str  # files, days, build
    articles: int = 0  # articles handled so far (dated stages)


Listener = Callable[[Progress], None]
_listeners: list[Listener] = []


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Send every progress report made inside the block to `listener`."""
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


def report(stage: str, done: int, total: int, unit: str, articles: int = 0) -> None:
    for listener in list(_listeners):
        listener(Progress(stage, done, total, unit, articles))
