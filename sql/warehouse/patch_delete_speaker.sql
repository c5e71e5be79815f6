-- Delete a speaker mart's rows of the patched speakers (the mart named by the caller), and keep only theirs among the recomputed rows (the shadowed articles quote other speakers too, whose counts there are partial).
DELETE FROM {table} WHERE speaker_id IN (SELECT entity_id FROM patch_speakers);
DELETE FROM patch_rows WHERE speaker_id NOT IN (SELECT entity_id FROM patch_speakers);
