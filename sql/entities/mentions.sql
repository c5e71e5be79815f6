-- mentions: every mention of an entity in an article, linked to one entity_id (model- or dictionary-found).
CREATE TABLE mentions (
    article_id    VARCHAR NOT NULL,
    mention_no    INTEGER NOT NULL,
    sentence_no   INTEGER,
    "start"       INTEGER NOT NULL,  -- [start, end) in the article's display text
    "end"         INTEGER NOT NULL,
    raw_start     INTEGER,           -- [raw_start, raw_end) in raw_articles.raw_text
    raw_end       INTEGER,
    surface       VARCHAR NOT NULL,
    entity_id     VARCHAR NOT NULL,  -- joins entities
    type          VARCHAR NOT NULL,  -- person, organisation, place, other
    link_source   VARCHAR NOT NULL,  -- curated, geonames, pycountry, gazetteer, coref, name, phrase (organisation phrase), context (club/paper chosen by context), prior (bare name by the corpus prior), local (bare name known in this article only)
    gentilic      BOOLEAN NOT NULL,  -- «العراقية»: an adjective pointing at the country, not a place mention
    metonymy      BOOLEAN NOT NULL,  -- «واشنطن» standing for the US government
    from_model    BOOLEAN NOT NULL,  -- found by the NER model (else by the dictionary or rules)
    confidence    FLOAT,
    in_boilerplate BOOLEAN NOT NULL, -- inside a line its source repeats across many articles (cleaned boilerplate): not coverage
    PRIMARY KEY (article_id, mention_no)
);
