"""Tier 4: the Definitions load, and every job, schedule, sensor and check resolves."""

from marsad.pipelines.definitions import defs


def test_definitions_resolve():
    repo = defs.get_repository_def()
    assert {j.name for j in repo.get_all_jobs()} >= {"ingest_job", "update_job"}
    assert {s.name for s in repo.schedule_defs} == {"hourly_ingest", "daily_update"}
    assert {s.name for s in repo.sensor_defs} == {"landing_sensor", "raw_changes_sensor"}
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert {
        "raw/raw_articles",
        "parsed/articles",
        "warehouse/articles",
        "warehouse/quarantine",
    } <= keys
    checks = {c.name for c in repo.asset_graph.asset_check_keys}
    assert {
        "article_ids_unique",
        "every_record_accounted_for",
        "published_dates_in_range",
        "cleaned_text_not_empty",
        "mention_spans_cut_surface",
        "mention_entities_exist",
        "entities_per_1000_words_stable",
        "quarantine_rate_stable",
        "unlinked_share_stable",
    } <= checks
