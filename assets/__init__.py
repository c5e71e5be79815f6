"""Dagster assets, one module per stage; each calls the Dagster-free core in `marsad/`."""

from assets.cleaned import sentences
from assets.parsed import articles
from assets.raw import raw_articles
from assets.warehouse import article_ids_unique, every_record_accounted_for, warehouse

DAY_STAGE_ASSETS = [articles, sentences]
ALL_ASSETS = [raw_articles, *DAY_STAGE_ASSETS, warehouse]
ALL_CHECKS = [article_ids_unique, every_record_accounted_for]
