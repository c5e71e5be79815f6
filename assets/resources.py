"""The one resource every asset uses: where marsad reads and writes, and how many cores it may use."""

from contextlib import contextmanager

import dagster as dg

from marsad.settings import Settings, max_removal_share, worker_count
from marsad.stages.lock import exclusive_run
from marsad.stages.store import StageStore

POOL = "marsad_warehouse"  # the Dagster concurrency pool every writing asset is in (limit 1)


class MarsadResource(dg.ConfigurableResource):
    """Paths (empty: from MARSAD_* environment variables or their defaults) and worker count."""

    landing: str = ""
    warehouse: str = ""
    stages: str = ""
    shards: str = ""  # where the day shards live: a folder or s3://bucket/prefix (default: stages)
    workers: int = 0  # 0: one per core
    lock_timeout: float = 3600  # seconds an asset waits for another run's warehouse lock
    allow_removals: bool = False  # let a run remove more than max_removal_share of the articles
    max_removal_share: float = -1  # -1: MARSAD_MAX_REMOVAL_SHARE or 0.10
    # Create a missing warehouse folder: a deployment's resource config names its paths on
    # purpose; `marsad run` (where a mistyped --warehouse is the risk) requires --create.
    create_folders: bool = True

    def settings(self) -> Settings:
        return Settings.from_env(
            self.landing or None, self.warehouse or None, self.stages or None, self.shards or None
        )

    def store(self) -> StageStore:
        settings = self.settings()
        return StageStore(settings.stages, settings.shards)

    def worker_count(self) -> int:
        return worker_count(self.workers)

    def removal_share(self) -> float:
        return self.max_removal_share if self.max_removal_share >= 0 else max_removal_share()

    @contextmanager
    def exclusive(self, what: str):
        """Hold the warehouse lock while an asset writes (re-entrant inside `marsad run`)."""
        settings = self.settings()
        if self.create_folders:
            settings.warehouse.parent.mkdir(parents=True, exist_ok=True)
        with exclusive_run(
            settings.warehouse,
            settings.stages,
            f"dagster asset {what}",
            self.lock_timeout,
            settings.shards,
        ):
            yield
