-- sentences: every sentence of every article's cleaned display text (title = paragraph 0).
CREATE TABLE sentences (
    article_id    VARCHAR NOT NULL,
    sentence_no   INTEGER NOT NULL,  -- 0-based, in reading order over title and paragraphs
    paragraph_no  INTEGER NOT NULL,  -- 0 is the title, 1.. the body paragraphs
    "start"       INTEGER NOT NULL,  -- [start, end) in the article's display text
    "end"         INTEGER NOT NULL,
    raw_start     INTEGER NOT NULL,  -- [raw_start, raw_end) in raw_articles.raw_text
    raw_end       INTEGER NOT NULL,
    text          VARCHAR NOT NULL,  -- display text: normalised for reading (see README)
    PRIMARY KEY (article_id, sentence_no)
);
