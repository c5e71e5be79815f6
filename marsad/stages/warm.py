"""What every stage worker needs before its first batch, imported once by the forkserver that
the stages' process pools fork their workers from (`runner.WORKER_PRELOAD`): the stage code, and
the tables derived from packaged data alone (corpus vocabulary in match form, the CLDR/GeoNames
place gazetteer). Workers then start warm instead of each spending 2-4 s on them per stage.

Nothing warmed here may depend on the environment, the stages folder or a file a run can
replace (the NER model, the entity catalogue): those stay loaded per worker, when asked for.
"""

from __future__ import annotations

from marsad.ner.gazetteer import library_gazetteer
from marsad.stages import pipeline  # noqa: F401  (the stage code the workers run)
from marsad.text.wordlists import folded_vocabulary


def warm() -> None:
    folded_vocabulary()
    library_gazetteer()


warm()
