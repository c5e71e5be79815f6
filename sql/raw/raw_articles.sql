-- raw_articles: one row per record found in the landing folder (duplicates included), with its decoded text.
CREATE TABLE raw_articles (
    record_key      VARCHAR NOT NULL,  -- '<source_file>#<record_no>'
    article_id      VARCHAR NOT NULL,  -- content hash: the same article landed twice has one id
    source_file     VARCHAR NOT NULL,  -- path relative to the landing folder
    record_no       INTEGER NOT NULL,  -- 0-based position of the record in its file
    line_no         INTEGER,           -- 1-based line where the record starts
    file_bytes      BIGINT,            -- size of the landing file in bytes
    landed_at       TIMESTAMPTZ,       -- modification time of the landing file
    encoding        VARCHAR,           -- utf-8, utf-8-sig, utf-16, cp1256
    decode_errors   INTEGER,           -- invalid UTF-8 sequences of the file replaced by U+FFFD
    controls_removed INTEGER,          -- NUL and other C0 control characters of the file dropped
    layout          VARCHAR,           -- scraped_page, trec_xml, jsonl, json_array, csv, parquet, html_page
    partition_date  DATE,              -- publication day (or landing day when undated)
    duplicate_of    VARCHAR,           -- record_key of the canonical copy; NULL for the canonical one
    raw_text        VARCHAR,           -- decoded record text; every *_span column indexes into it
    field_map       VARCHAR            -- fielded layouts: JSON {"from", "fields": {field: key}}
);
