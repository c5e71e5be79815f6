-- quotes: direct and reported speech with its reporting verb and, when found, its speaker.
CREATE TABLE quotes (
    article_id         VARCHAR NOT NULL,
    "start"            INTEGER NOT NULL,
    "end"              INTEGER NOT NULL,
    raw_start          INTEGER,
    raw_end            INTEGER,
    text               VARCHAR NOT NULL,
    verb               VARCHAR,
    speaker_text       VARCHAR,
    speaker_entity_id  VARCHAR
);
