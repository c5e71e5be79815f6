"""Real-data tier: a bare first or family name never becomes a person of its own (issue 14).

Four sports articles of the shared corpus through the whole pipeline: two name «كريستيانو
رونالدو» / «محمد صلاح» in full and then by surname, two name only «رونالدو» / «صلاح». The
surname joins the full name in its article; alone, it takes the corpus prior's full-name
entity; and that entity is published under the full name, not the surname.
"""

from __future__ import annotations

import pytest

from marsad.entities.names import folded_id
from marsad.entities.persons import name_priors
from marsad.pipelines.local_run import run_all
from marsad.settings import Settings
from tests.helpers import query

pytestmark = pytest.mark.corpus

FILES = {
    "full_ronaldo": "Alarabia/sport/AL-sport-1026-20180401.txt",
    "bare_ronaldo": "Alarabia/sport/AL-sport-1022-20180401.txt",
    "full_salah": "Alarabia/sport/AL-sport-1044-20180402.txt",
    "bare_salah": "Alarabia/sport/AL-sport-167-20180222.txt",
}
RONALDO = folded_id("person", "كريستيانو رونالدو")
SALAH = folded_id("person", "محمد صلاح")


@pytest.fixture(scope="module")
def warehouse(corpus_dir, tmp_path_factory):
    landing = tmp_path_factory.mktemp("landing")
    for name in FILES.values():
        target = landing / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(corpus_dir / name)
    root = tmp_path_factory.mktemp("wh")
    settings = Settings(landing, root / "warehouse.duckdb", root / "stages")
    run_all(settings, workers=1)
    return settings.warehouse


def _links(warehouse, key: str, surface: str) -> set[tuple[str, str]]:
    return set(
        query(
            warehouse,
            "SELECT m.entity_id, m.link_source FROM mentions m JOIN articles a USING (article_id) "
            "WHERE a.source_file LIKE '%' || $f AND m.surface = $s AND m.type = 'person'",
            {"f": FILES[key], "s": surface},
        )
    )


def test_the_prior_points_at_the_full_name_entities() -> None:
    assert name_priors()["رونالدو"][1] == RONALDO
    assert name_priors()["صلاح"][1] == SALAH


def test_a_surname_joins_the_full_name_of_its_article(warehouse) -> None:
    assert _links(warehouse, "full_ronaldo", "رونالدو") == {(RONALDO, "coref")}
    assert _links(warehouse, "full_salah", "صلاح") == {(SALAH, "coref")}


def test_a_surname_alone_takes_the_prior_entity(warehouse) -> None:
    assert _links(warehouse, "bare_ronaldo", "رونالدو") == {(RONALDO, "prior")}
    assert _links(warehouse, "bare_salah", "صلاح") == {(SALAH, "prior")}


def test_the_entity_is_published_under_its_full_name(warehouse) -> None:
    names = dict(
        query(
            warehouse,
            "SELECT entity_id, name_ar FROM entities WHERE entity_id IN ($a, $b)",
            {"a": RONALDO, "b": SALAH},
        )
    )
    assert names == {RONALDO: "كريستيانو رونالدو", SALAH: "محمد صلاح"}


def test_no_person_entity_is_named_by_one_word_it_was_not_given_in_full(warehouse) -> None:
    """Every person id other than a per-article local one was made from a name of two words
    or more (a catalogue entry, or a full name some article wrote)."""
    bare = query(
        warehouse,
        "SELECT e.entity_id, e.name_ar FROM entities e "
        "WHERE e.type = 'person' AND e.source = 'model' AND e.entity_id NOT LIKE 'name:person:local:%' "
        "AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = e.entity_id "
        "AND m.link_source NOT IN ('coref', 'prior') AND contains(trim(m.surface), ' '))",
    )
    assert bare == []


def test_every_mention_has_an_entity(warehouse) -> None:
    missing = query(
        warehouse,
        "SELECT count(*) FROM mentions m LEFT JOIN entities e USING (entity_id) "
        "WHERE e.entity_id IS NULL",
    )
    assert missing == [(0,)]
