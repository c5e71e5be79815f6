"""What every stage worker needs before its first batch, imported once by the forkserver that
the stages' process pools fork their workers from (`runner.WORKER_PRELOAD`): the stage code, and
the tables derived from packaged data alone (corpus vocabulary in match form, the stopword
lexicon and its derived word lists, the CLDR/GeoNames place gazetteer), and the NER model.
Workers then start warm instead of each spending 2-4 s on them per stage (0.3 s of it the
model, per worker of the tagged stage).

Nothing warmed here may depend on the stages folder or on a file a run can replace without the
worker noticing: the model is looked up again by its version on every use (`tagged.tagger`), so
a retrained one is loaded afresh; the entity catalogue stays loaded per worker, when asked for.
The one exception is a cache: the model's word table from the stages folder the server was
started for (`tagged.preload_word_table`), rows that equal what the worker would compute.

Nothing here may start polars' (Rayon's) thread pool: a process forked after it started hangs in
its first polars call (seen when the stored entity catalogue was read here: the parsed stage's
workers never returned). Numpy on one BLAS thread is safe.
"""

from __future__ import annotations

import gc

# The imports and tables below only make objects that stay alive: with the cyclic collector on,
# its full passes walked them again and again while they were made (0.3-0.5 s of the server's
# ~2 s start, which the first stage of a run can wait for). It is on again once they are frozen.
_collecting = gc.isenabled()
gc.disable()

from marsad.ner.gazetteer import library_gazetteer  # noqa: E402
from marsad.stages.pipeline import DAY_STAGES  # noqa: E402
from marsad.stages.tagged import preload_word_table, tagger  # noqa: E402
from marsad.text.tokenize import load_lexicons  # noqa: E402
from marsad.text.wordlists import folded_vocabulary, function_words, stopword_forms  # noqa: E402


def warm() -> None:
    for stage in DAY_STAGES:  # the stage code the workers run (named, not imported, by pipeline)
        for code in (stage.compute, stage.prepare):
            if code is not None:
                code.load()
    folded_vocabulary()
    load_lexicons()  # the stopword lexicon and what is derived from it: lazy in the main
    function_words()  # process, which runs Dagster, but every worker of three stages reads them
    stopword_forms()
    library_gazetteer()
    try:
        tagger()
    except Exception:  # noqa: BLE001 - no usable model where it points: the stage says so itself
        return
    preload_word_table()


try:
    warm()
    # What the workers inherit stays out of the cyclic collector's sight (they only read it):
    # the full collection a worker makes after its first batch (`runner._fewer_collections`)
    # then walks only the objects the worker made, not the model and tables (0.05 s a worker).
    gc.freeze()
finally:
    if _collecting:
        gc.enable()
