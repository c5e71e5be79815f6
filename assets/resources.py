"""The one resource every asset uses: where marsad reads and writes, and how many cores it may use."""

import os

import dagster as dg

from marsad.settings import Settings
from marsad.stages.store import StageStore


class MarsadResource(dg.ConfigurableResource):
    """Paths (empty: from MARSAD_* environment variables or their defaults) and worker count."""

    landing: str = ""
    warehouse: str = ""
    stages: str = ""
    workers: int = 0  # 0: one per core

    def settings(self) -> Settings:
        return Settings.from_env(self.landing or None, self.warehouse or None, self.stages or None)

    def store(self) -> StageStore:
        return StageStore(self.settings().stages)

    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 1
