"""Bylines and body datelines: place apart from author/agency."""

from __future__ import annotations

import pytest

from marsad.text.dateline import find_body_dateline, split_author


@pytest.mark.parametrize(
    ("value", "place", "author"),
    [
        ("القاهرة- أحمد الريدي", "القاهرة", "أحمد الريدي"),
        ("بيروت - رويترز", "بيروت", "رويترز"),
        ("دبي - العربية.نت", "دبي", "العربية.نت"),
        ("دبي ـ العربية.نت", "دبي", "العربية.نت"),
        ("القاهرة – خالد حسني", "القاهرة", "خالد حسني"),
        ("اليمن-إسلام سيف", "اليمن", "إسلام سيف"),
        ("أبوظبي - سكاي نيوز عربية", "أبوظبي", "سكاي نيوز عربية"),
        ("ريو دي جانيرو - د ب أ", "ريو دي جانيرو", "د ب أ"),
        ("كان (جنوب فرنسا) - سعد المسعودي", "كان (جنوب فرنسا)", "سعد المسعودي"),
        ("العربية.نت - إسلام سيف", None, "إسلام سيف"),
        ("العربية نت ـ فراس شمسان", None, "فراس شمسان"),
        ("العربية.نت _ محمد جراح", None, "محمد جراح"),
        ("علاوة مزياني", None, "علاوة مزياني"),
        ("فرانس 24", None, "فرانس 24"),
        ("العربية.نت، وكالات", None, "العربية.نت، وكالات"),
        ("  العربية.نت\u00a0", None, "العربية.نت"),
        ("30174026-20d9-40a2-9e04-5b63346a78a6", None, None),
        ("", None, None),
        ("الـ مراسل", None, "الـ مراسل"),
    ],
)
def test_split_author(value: str, place: str | None, author: str | None) -> None:
    dateline = split_author(value)
    assert (dateline.place, dateline.author) == (place, author)
    for text, span in ((place, dateline.place_span), (author, dateline.author_span)):
        assert (span is None) == (text is None)
        if span is not None:
            assert value[span.start : span.end] == text


@pytest.mark.parametrize(
    ("paragraph", "place", "author"),
    [
        ("بغداد (رويترز) - قال مسؤولون إن الاجتماع انتهى.", "بغداد", "رويترز"),
        ("واشنطن - أ ف ب: أعلن البيت الأبيض الثلاثاء.", "واشنطن", "أ ف ب"),
        ("هونغ\u00a0كونغ\u00a0(CNN) -- فقد المؤتمر زخمه.", "هونغ\u00a0كونغ", "CNN"),
        ("(CNN)-- قرر المستثمر بيع حصته.", None, "CNN"),
        ("القدس (CNN)— رحبت إسرائيل بالقرار.", "القدس", "CNN"),
        ("بيروت – رويترز - قال الجيش اللبناني.", "بيروت", "رويترز"),
    ],
)
def test_body_dateline(paragraph: str, place: str | None, author: str) -> None:
    dateline = find_body_dateline(paragraph)
    assert dateline is not None
    assert (dateline.place, dateline.author) == (place, author)
    if dateline.place_span is not None:
        assert paragraph[dateline.place_span.start : dateline.place_span.end] == place


@pytest.mark.parametrize(
    "paragraph",
    [
        "واصلت العملة التركية (الليرة) منحى الهبوط.",
        "معتز التلا - ممثل سوري",
        "في الصحف اليوم: القمة التاريخية بين الرئيسين.",
        "أقر مجلس الوزراء اللبناني خطة للكهرباء.",
    ],
)
def test_prose_is_not_a_dateline(paragraph: str) -> None:
    assert find_body_dateline(paragraph) is None
