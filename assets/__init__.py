"""Dagster assets, one module per stage; each calls the Dagster-free core in `marsad/`."""

from marsad.assets.cleaned import sentences
from marsad.assets.entities import entity_catalog, mentions
from marsad.assets.parsed import articles
from marsad.assets.raw import raw_articles
from marsad.assets.tagged import entity_mentions, ner_model
from marsad.assets.warehouse import article_ids_unique, every_record_accounted_for, warehouse

DAY_STAGE_ASSETS = [articles, sentences, entity_mentions, mentions]
ALL_ASSETS = [raw_articles, entity_catalog, ner_model, *DAY_STAGE_ASSETS, warehouse]
ALL_CHECKS = [article_ids_unique, every_record_accounted_for]
