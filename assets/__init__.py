"""Dagster assets, one module per stage; each calls the Dagster-free stages in `marsad.stages`."""

from marsad.assets.entities import entity_catalog
from marsad.assets.parsed import parsed
from marsad.assets.raw import raw_articles
from marsad.assets.report import coverage_report
from marsad.assets.stages import cleaned_tagged_entities
from marsad.assets.tagged import ner_model
from marsad.assets.warehouse import published_checks, warehouse

DAY_STAGE_ASSETS = [parsed, cleaned_tagged_entities]
ALL_ASSETS = [
    raw_articles,
    entity_catalog,
    ner_model,
    *DAY_STAGE_ASSETS,
    warehouse,
    coverage_report,
]
ALL_CHECKS = [published_checks]
