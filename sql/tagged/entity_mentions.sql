-- entity_mentions: every person, organisation, place or other name the NER model found in a sentence.
CREATE TABLE entity_mentions (
    article_id     VARCHAR NOT NULL,
    mention_no     INTEGER NOT NULL,  -- 0-based, in reading order within the article
    sentence_no    INTEGER NOT NULL,  -- joins sentences (article_id, sentence_no)
    type           VARCHAR NOT NULL,  -- PERS, ORG, LOC, MISC
    surface        VARCHAR NOT NULL,  -- the mention as it reads in the display text
    "start"        INTEGER NOT NULL,  -- [start, end) in the article's display text
    "end"          INTEGER NOT NULL,
    raw_start      INTEGER NOT NULL,  -- [raw_start, raw_end) in raw_articles.raw_text, via the offset map
    raw_end        INTEGER NOT NULL,
    n_tokens       INTEGER NOT NULL,
    confidence     FLOAT,             -- mean CRF marginal probability of the mention's tags
    model_version  VARCHAR NOT NULL,  -- the NER model that produced it (re-tagging is a backfill)
    PRIMARY KEY (article_id, mention_no)
);
