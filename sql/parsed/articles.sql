-- articles: one row per unique, successfully parsed article.
CREATE TABLE articles (
    article_id          VARCHAR PRIMARY KEY,
    source_file         VARCHAR,
    record_no           INTEGER,
    layout              VARCHAR,
    encoding            VARCHAR,
    partition_date      DATE,        -- publication day the article is stored under: published_date, or the landing day when undated
    title               VARCHAR,
    published_at        TIMESTAMP,   -- wall-clock time as the source wrote it
    utc_offset_minutes  INTEGER,     -- when the source states a zone (GMT: 0)
    published_at_utc    TIMESTAMPTZ, -- published_at converted with utc_offset_minutes, when known
    published_date      DATE,        -- NULL for undated articles
    date_text           VARCHAR,     -- the date exactly as written in the source
    weekday_conflict    BOOLEAN,     -- a day name that contradicts the date
    section             VARCHAR,
    source              VARCHAR,
    url                 VARCHAR,
    author              VARCHAR,
    dateline_place      VARCHAR,     -- «القاهرة- أحمد الريدي» -> القاهرة
    abstract            VARCHAR,
    visits              BIGINT,
    comments            BIGINT,
    paragraphs          VARCHAR[],   -- body paragraphs in order
    n_paragraphs        INTEGER,
    field_spans         STRUCT("field" VARCHAR, "start" INTEGER, "end" INTEGER)[],  -- [start, end) in raw_articles.raw_text
    paragraph_spans     STRUCT("start" INTEGER, "end" INTEGER)[]
);
