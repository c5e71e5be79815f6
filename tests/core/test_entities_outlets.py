"""An outlet naming itself in its own article is a credit, not coverage of the outlet."""

from __future__ import annotations

import polars as pl

from marsad.entities.outlets import outlet_entities, skeleton
from marsad.stages.entities import flag_self_credit


def test_the_source_field_names_its_outlet_however_it_is_spelled():
    assert skeleton("Al Arabiya") == skeleton("alarabia") == "lrb"
    assert outlet_entities("BBC") == {"cur:bbc"}
    assert outlet_entities("alarabia") == {"cur:alarabiya"}  # not Al-Quds Al-Arabi
    assert outlet_entities("skynews") == {"cur:skynews-arabia"}
    assert outlet_entities("France24") == {"cur:france24"}
    assert outlet_entities("بي بي سي") == {"cur:bbc"}  # an Arabic source field
    assert outlet_entities("") == outlet_entities(None) == frozenset()
    assert outlet_entities("Ministry of Health") == frozenset()  # not a media name


def test_only_the_articles_own_outlet_is_flagged():
    mentions = pl.DataFrame(
        {
            "article_id": ["bbc1", "bbc1", "cnn1"],
            "mention_no": [0, 1, 0],
            "entity_id": ["cur:bbc", "cur:cnn", "cur:bbc"],
            "in_boilerplate": [False, False, False],
        }
    )
    articles = pl.DataFrame({"article_id": ["bbc1", "cnn1"], "source": ["BBC", "CNN"]})
    flagged = flag_self_credit(mentions, articles)
    assert flagged["in_boilerplate"].to_list() == [True, False, False]
    assert flagged.columns == mentions.columns
