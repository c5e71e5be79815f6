"""Stories: credit lines found in the lead, copies grouped, different stories kept apart."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from marsad.stories import find_credit, group_stories, shingles


@pytest.mark.parametrize(
    ("match_text", "agency"),
    [
        ("عنوان\nدمشق - سانا: اكد وزير الخارجيه", "سانا"),
        ("عنوان\nبغداد (رويترز) - قال مسوولون", "رويترز"),
        ("عنوان\nالقاهره - ا ف ب: قال", "فرانس برس"),
        ("عنوان\nانقره - الاناضول\nقال", "الأناضول"),
        ("عنوان\nالرياض - واس اعلن", "واس"),
        ("عنوان\nالقاهره (ا ش ا) - اعلن", "أ ش أ"),
        ("عنوان\nقنا مدينه في صعيد مصر", None),  # Qena the city, not the Qatari agency
        ("عنوان\nقال مسوول ان وكالات الانباء نقلت", None),
        ("رويترز في العنوان\nقال مسوول", None),  # the title is not a credit line
    ],
)
def test_credit_is_found_in_the_lead(match_text, agency):
    credit = find_credit(match_text)
    assert (credit.agency if credit else None) == agency


WIRE = (
    "عقد مسوولون عراقيون وامريكيون الاربعاء اجتماعا في بغداد لبحث جدوله انسحاب القوات الامريكيه "
    "وصولا الي اعاده انتشارها خارج البلاد وافاد المكتب الاعلامي لمستشاريه الامن القومي العراقي "
    "في بيان بانه تم عقد اجتماع مشترك بين الجانبين العراقي والامريكي لبحث الانسحاب المرتقب "
    "للقوات وترتيبات المرحله المقبله في ضوء التطورات الاخيره في المنطقه"
)
OTHER = (
    "قال مسوولون عراقيون ان الحكومه تدرس خطه جديده لدعم قطاع الكهرباء في بغداد والمحافظات "
    "الجنوبيه مع اقتراب فصل الصيف وارتفاع الطلب علي الطاقه وسط خلافات حول التمويل بين الوزارات "
    "المعنيه والبرلمان الذي طالب بتقرير مفصل عن العقود الموقعه مع الشركات الاجنبيه"
)


def _articles(rows):
    return pl.DataFrame(
        rows,
        schema={"article_id": pl.String, "published_date": pl.Date, "match_text": pl.String},
        orient="row",
    )


def test_a_syndicated_copy_with_a_new_headline_joins_the_story():
    day = date(2020, 11, 19)
    edited = WIRE.replace("الاربعاء", "امس الاربعاء").replace("الاخيره", "الاخيره ايضا")
    stories = group_stories(
        _articles(
            [
                ("a", day, "اجتماعات لبحث الانسحاب\n" + WIRE),
                ("b", date(2020, 11, 20), "بغداد وواشنطن تبحثان الانسحاب\n" + edited),
                ("c", day, "خطه للكهرباء\n" + OTHER),
            ]
        )
    )
    story = dict(stories.select("article_id", "story_id").rows())
    assert story == {"a": "a", "b": "a", "c": "c"}
    assert stories.filter(pl.col("article_id") == "c")["similarity"][0] is None


def test_copies_far_apart_in_time_or_too_short_stay_apart():
    stories = group_stories(
        _articles(
            [
                ("a", date(2020, 1, 1), "عنوان\n" + WIRE),
                ("b", date(2020, 3, 1), "عنوان\n" + WIRE),  # two months later: a re-run, not a copy
                ("c", date(2020, 1, 1), "عنوان\nقال الرئيس"),
                ("d", date(2020, 1, 1), "عنوان\nقال الرئيس"),  # too short to judge
            ]
        )
    )
    assert stories["story_id"].to_list() == ["a", "b", "c", "d"]


def test_shingles_are_word_five_grams():
    assert shingles("a b c d e f") == {"a b c d e", "b c d e f"}
