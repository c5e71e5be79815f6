-- marsad_meta: when this warehouse file was published and from which stage outputs.
CREATE TABLE marsad_meta (
    published_at  TIMESTAMPTZ NOT NULL,
    fingerprint   VARCHAR NOT NULL   -- changes whenever any stage output changes
);
