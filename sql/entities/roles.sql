-- roles: person – title – organisation/country links read from appositions («وزير الخارجية فؤاد حسين»).
CREATE TABLE roles (
    article_id        VARCHAR NOT NULL,
    person_entity_id  VARCHAR NOT NULL,
    person_name       VARCHAR NOT NULL,
    title             VARCHAR NOT NULL,
    org_entity_id     VARCHAR,
    org_name          VARCHAR,
    country_code      VARCHAR,
    "start"           INTEGER NOT NULL,
    "end"             INTEGER NOT NULL,
    raw_start         INTEGER,
    raw_end           INTEGER,
    published_date    DATE             -- when the article said so: who held which office when
);
