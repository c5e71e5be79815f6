-- boilerplate: spans of an article's body that its source repeats across many articles (footers, app notices, credit lines), learned per source; mentions inside them are not coverage.
CREATE TABLE boilerplate (
    article_id  VARCHAR NOT NULL,
    "start"     INTEGER NOT NULL,  -- [start, end) in the article's display text
    "end"       INTEGER NOT NULL,
    raw_start   INTEGER NOT NULL,  -- [raw_start, raw_end) in raw_articles.raw_text
    raw_end     INTEGER NOT NULL,
    n_articles  INTEGER NOT NULL   -- how many of the source's articles repeat it (the most repeated line of the span)
);
