"""The dated stages after parsing as one multi-asset: each batch of days is cleaned, tagged and
linked in one worker call (see `marsad.assets.day_stage`); each stage keeps its own assets."""

from marsad.assets.cleaned import cleaned
from marsad.assets.day_stage import day_stage_asset
from marsad.assets.entities import entities
from marsad.assets.tagged import tagged

cleaned_tagged_entities = day_stage_asset("cleaned_tagged_entities", [cleaned, tagged, entities])
