"""Widening a person the CRF found to the name its title introduces, and nothing else."""

import ast
from pathlib import Path

import pytest

import marsad.ner
from marsad.ner.apposition import widen_titled_names


def tags_after(sentence: str, crf_tags: str) -> list[str]:
    return widen_titled_names(sentence.split(), crf_tags.split())


def test_widens_over_a_verb_like_first_name_after_a_titled_place() -> None:
    assert (
        tags_after(
            "وقائد التحالف الدولي في العراق وسوريا بات وايت .",
            "O B-ORG I-ORG O B-LOC B-LOC O B-PERS O",
        )
        == "O B-ORG I-ORG O B-LOC B-LOC B-PERS I-PERS O".split()
    )


def test_widens_up_to_two_words() -> None:
    assert (
        tags_after("وأكد محافظ كركوك راكان سعيد الجبوري أن", "O O B-LOC O O B-PERS O")
        == "O O B-LOC B-PERS I-PERS I-PERS O".split()
    )
    assert (
        tags_after("وأكد محافظ كركوك راكان سعيد جاسم الجبوري", "O O B-LOC O O O B-PERS")
        == "O O B-LOC O O O B-PERS".split()
    )


@pytest.mark.parametrize(
    ("sentence", "crf_tags"),
    [
        # no title in the clause
        ("وصل إلى العراق بات وايت", "O O B-LOC O B-PERS"),
        # the title is behind a clause break
        ("قائد التحالف . في العراق بات وايت", "O B-ORG O O B-LOC O B-PERS"),
        # a rank or title right before the name is the title itself, not a complement
        ("وصاحب السمو الملكي الأمير مولاي رشيد", "O O O O O B-PERS"),
        # a name does not run on leftwards past a clitic: «لكوفي»
        ("الأمين العام للأمم المتحدة خلفا لكوفي أنان", "O O B-ORG I-ORG O B-PERS I-PERS"),
        # words with a proclitic, the article or a stopword do not start a name
        ("رئيس الاتحاد المصري بفوز عبد الفتاح", "O B-ORG I-ORG O B-PERS I-PERS"),
        ("رئيس الاتحاد المصري الذي محمد صلاح", "O B-ORG I-ORG O B-PERS I-PERS"),
        # present-tense verbs and adverbs are no first names
        ("أمير قطر يهنئ روحاني برمضان", "O B-LOC O B-PERS O"),
        ("الرئيس التنفيذي لشركة أبل حاليا تيم كوك", "O O B-ORG I-ORG O B-PERS I-PERS"),
        ("القاضية بالمحكمة الجزئية في مانهاتن بحق رضا أولانجيان", "O O O O B-LOC O B-PERS I-PERS"),
        # only persons are widened
        ("وزير خارجية العراق بات وايت", "O O B-LOC O B-ORG"),
    ],
)
def test_leaves_other_spans_alone(sentence: str, crf_tags: str) -> None:
    assert tags_after(sentence, crf_tags) == crf_tags.split()


def test_the_tagger_never_imports_the_linker() -> None:
    """The decoder runs before the linker: the word lists both read live below both."""
    imported: set[str] = set()
    for path in Path(marsad.ner.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert not [m for m in imported if m.split(".")[:2] == ["marsad", "entities"]]
