-- Record when the warehouse was built and the fingerprint of the stage outputs it holds.
INSERT INTO marsad_meta VALUES ($published_at, $fingerprint);
