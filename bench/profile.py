"""`python -m bench --profile SIZE`: one pipeline run in-process under pyinstrument.

pyinstrument sees only this process, so by default the run uses one worker: every stage then
computes in-process and the profile shows the real work, not a parent waiting on a pool.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from bench.corpus import corpus_files, link_landing, shuffled
from bench.measure import stage_runs

TREE_LINES = 160
FLAT_LINES = 45


PROJECT = ("marsad/", "assets/", "pipelines/")


def _label(frame) -> str:
    return f"{frame.function}  {frame.file_path_short}:{frame.line_no}"


def own_times(root, credit_project: bool = False) -> list[tuple[float, str]]:
    """(seconds, 'function  file:line') by time spent in the function itself, largest first.

    pyinstrument's own flat view merges every synthetic `[self]` node under one name, so the
    self time is computed here: a frame's time less that of its real (non-synthetic) children.
    With `credit_project`, time in library code goes to the nearest project function above it,
    which shows which of our functions cost most, the library calls they make included.
    """
    totals: dict[str, float] = {}
    stack = [(root, None)] if root is not None else []
    while stack:
        frame, owner = stack.pop()
        if frame.file_path_short and frame.file_path_short.startswith(PROJECT):
            owner = _label(frame)
        real = [c for c in frame.children if not c.is_synthetic]
        own = frame.time - sum(c.time for c in real)
        if not frame.is_synthetic and own > 0:
            label = (owner or "(outside project code)") if credit_project else _label(frame)
            totals[label] = totals.get(label, 0.0) + own
        stack.extend((c, owner) for c in real)
    return sorted(((t, label) for label, t in totals.items()), reverse=True)


def profile_size(
    corpus: Path, size: int, out: Path, workers: int, scratch: Path | None, keep: bool
) -> Path:
    from pyinstrument import Profiler

    work = Path(tempfile.mkdtemp(prefix=f"marsad-profile-{size}-", dir=scratch))
    try:
        landing, warehouse = work / "landing", work / "warehouse.duckdb"
        link_landing(corpus, shuffled(corpus_files(corpus))[:size], landing)
        os.environ.pop("DAGSTER_HOME", None)  # an ephemeral instance, as the benchmark uses
        started = time.perf_counter()
        from marsad.pipelines.local_run import run_all
        from marsad.settings import Settings

        imported = time.perf_counter() - started
        settings = Settings.from_env(landing, warehouse)
        profiler = Profiler(interval=0.002)
        started = time.perf_counter()
        with profiler:
            run_all(settings, workers=workers)
        seconds = time.perf_counter() - started
        stages = {name: run for name, (_, run) in stage_runs(settings.stages).items()}
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    header = [
        f"marsad pipeline profile: {size:,} articles, workers={workers}, in-process (pyinstrument)",
        f"imports (dagster, assets) {imported:.1f} s, then run_all {seconds:.1f} s",
        "stage seconds: " + ", ".join(f"{n} {r['seconds']:.2f}" for n, r in stages.items()),
        "",
        f"== top {FLAT_LINES} functions by own time ==",
    ]
    root = profiler.last_session.root_frame()
    flat = [f"{t:8.3f}  {label}" for t, label in own_times(root)[:FLAT_LINES]]
    credited = [f"{t:8.3f}  {label}" for t, label in own_times(root, True)[:FLAT_LINES]]
    tree = profiler.output_text(
        unicode=True, processor_options={"filter_threshold": 0.005}
    ).splitlines()[:TREE_LINES]
    text = "\n".join(
        [
            *header,
            *flat,
            "",
            f"== top {FLAT_LINES} project functions, library calls they make included ==",
            *credited,
            "",
            f"== call tree (first {TREE_LINES} lines) ==",
            *tree,
        ]
    )
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"profile-{size}.txt"
    path.write_text(text + "\n", "utf-8")
    return path
