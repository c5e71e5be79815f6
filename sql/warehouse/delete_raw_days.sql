-- Delete the raw records of the changed days (an incremental publish loads them again from their shards).
DELETE FROM raw_articles WHERE partition_date IN (SELECT unnest($days::DATE[]));
