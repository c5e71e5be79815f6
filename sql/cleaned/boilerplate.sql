-- boilerplate: spans of an article's body that are no coverage: lines its source repeats across many articles (footers, app notices, credit lines), learned per source, and the dateline and agency credit opening the body; mentions inside them are flagged (mentions.in_boilerplate).
CREATE TABLE boilerplate (
    article_id  VARCHAR NOT NULL,
    "start"     INTEGER NOT NULL,  -- [start, end) in the article's display text
    "end"       INTEGER NOT NULL,
    raw_start   INTEGER NOT NULL,  -- [raw_start, raw_end) in raw_articles.raw_text
    raw_end     INTEGER NOT NULL,
    kind        VARCHAR NOT NULL,  -- repeated: a line the source repeats; related: a closing line that is a teaser of other stories; credit: the body's opening dateline and agency credit («دمشق - سانا», «(رويترز)»)
    n_articles  INTEGER NOT NULL   -- repeated: how many of the source's articles repeat it (its most repeated line); credit: 0
);
