-- date_mentions: dates written in article bodies, resolved against the publication date.
CREATE TABLE date_mentions (
    article_id  VARCHAR NOT NULL,
    "start"     INTEGER NOT NULL,  -- [start, end) in display text
    "end"       INTEGER NOT NULL,
    raw_start   INTEGER,
    raw_end     INTEGER,
    text        VARCHAR NOT NULL,
    value       DATE,              -- first day of the period at `resolution`
    resolution  VARCHAR NOT NULL,  -- day, week, month, year
    kind        VARCHAR NOT NULL   -- absolute, year, relative, hijri
);
