-- entities: every canonical person, organisation and place (catalogue + names the model found).
CREATE TABLE entities (
    entity_id     VARCHAR PRIMARY KEY,  -- Wikidata QID, geo:/cur: id, or name:<type>:<hash> for model-found names
    type          VARCHAR NOT NULL,     -- person, organisation, place (other for MISC names)
    kind          VARCHAR,              -- place: country, admin_region, city, landmark; org: ministry, army, armed_group, ...
    name_ar       VARCHAR NOT NULL,     -- canonical Arabic name (model-found: the most frequent surface form)
    name_en       VARCHAR,
    qid           VARCHAR,              -- Wikidata QID where known
    country_code  VARCHAR,              -- ISO 3166-1 alpha-2
    latitude      DOUBLE,
    longitude     DOUBLE,
    aliases       VARCHAR[],            -- match-text forms the linker looks for
    source        VARCHAR NOT NULL,     -- curated, pycountry, geonames, gazetteer, prior (a full name bare names link to), model
    population    BIGINT
);
