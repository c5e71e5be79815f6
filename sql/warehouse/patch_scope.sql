-- The scope of an incremental publish's mart patch: the articles whose rows, story or entities changed, the publication days they fall on (before and after the change), and the entities they name.
CREATE TEMP TABLE patch_articles (article_id VARCHAR);
CREATE TEMP TABLE patch_days (day DATE);
CREATE TEMP TABLE patch_entities (entity_id VARCHAR);
