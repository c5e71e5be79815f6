-- quarantine: every record (or whole file) a stage could not handle, located in the landing folder.
CREATE TABLE quarantine (
    stage           VARCHAR NOT NULL,  -- raw, parsed, cleaned (the stages that quarantine)
    reason          VARCHAR NOT NULL,  -- a code from marsad.records.Reason
    message         VARCHAR NOT NULL,  -- what went wrong, for a person
    source_file     VARCHAR NOT NULL,
    record_no       INTEGER,           -- NULL when the whole file was rejected
    line_no         INTEGER,
    article_id      VARCHAR,
    partition_date  DATE               -- publication day the record is stored under (landing day for a whole file)
);
