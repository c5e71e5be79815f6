-- The scope of an incremental publish's mart patch: the articles whose rows, story or entities changed, the publication days they fall on (before and after the change), the entities they name, and the (entity, day) pairs their mentions fall on (before and after).
CREATE TEMP TABLE patch_articles (article_id VARCHAR);
CREATE TEMP TABLE patch_days (day DATE);
CREATE TEMP TABLE patch_entities (entity_id VARCHAR);
CREATE TEMP TABLE patch_entity_days (entity_id VARCHAR, day DATE);
CREATE TEMP TABLE changed_articles (article_id VARCHAR);
