"""Sentence splitting: where a sentence ends, and the dots that do not end one."""

from __future__ import annotations

import pytest

from marsad.text.segment import sentence_spans, split_sentences


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عقد اجتماع. وقال الوزير إنه راض.", ["عقد اجتماع.", "وقال الوزير إنه راض."]),
        ("هل انتهى؟ نعم! انتهى.", ["هل انتهى؟", "نعم!", "انتهى."]),
        ("لماذا؟! لا أعرف", ["لماذا؟!", "لا أعرف"]),
        ('وقال: "انتهى الأمر." ثم غادر.', ['وقال: "انتهى الأمر."', "ثم غادر."]),
        ("وقال «انتهى الأمر.» ثم غادر.", ["وقال «انتهى الأمر.»", "ثم غادر."]),
        ("(انتهى الأمر.) ثم غادر.", ["(انتهى الأمر.)", "ثم غادر."]),
        ("جملة بلا نقطة", ["جملة بلا نقطة"]),
        ("  مسافات قبل وبعد.  ", ["مسافات قبل وبعد."]),
        ("جملة ۔ وأخرى", ["جملة ۔", "وأخرى"]),
    ],
)
def test_sentence_ends(text, expected):
    assert _sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "التقى د. محمد علي بالوفد.",  # title abbreviation
        "وقال م. أحمد إن المشروع انتهى.",
        "قال الرئيس ج. بوش إن الحرب انتهت.",  # initial
        "ذكرت وكالة أ.ف.ب. أن الاجتماع انتهى.",  # dotted acronym
        "The U.S. officials met today.",
        "Mr. Smith met Dr. Jones.",
        "ارتفع المؤشر 3.5 في المئة.",  # decimal
        "ارتفع المؤشر ٣٫٥ في المئة.",
        "في 19.11.2020 وقع الاتفاق.",  # date
        "زوروا www.bbc.com/arabic للمزيد.",  # URL
        "راسلونا على info@example.com للمزيد.",  # e-mail
        'وأجرت "العربية.نت" اتصالا بالوزير.',  # site name
        "قال ... إن الأمر انتهى.",  # a free-standing ellipsis is a pause
        'وقال: "لا أعرف... ربما غدا" ثم صمت.',  # ellipsis inside a quotation
        "It was late... and dark.",  # ellipsis before a lower-case word
        "1. البند الأول يتناول الأمن.",  # list number
    ],
)
def test_no_split_inside(text):
    assert _sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "وقع الاتفاق عام 2020 م. وبعده تغير كل شيء.",
            ["وقع الاتفاق عام 2020 م.", "وبعده تغير كل شيء."],
        ),
        ("انتهت الحرب... وعاد الناس.", ["انتهت الحرب...", "وعاد الناس."]),
        ("بلغ العدد 500. وقال الوزير ذلك.", ["بلغ العدد 500.", "وقال الوزير ذلك."]),
    ],
)
def test_splits_that_look_like_exceptions(text, expected):
    assert _sentences(text) == expected


def test_paragraphs_always_end_sentences_and_empty_ones_have_none():
    pieces = ["عنوان", "", "فقرة أولى بلا نقطة", "فقرة ثانية. وجملة أخرى."]
    text = "\n".join(pieces)
    paragraphs, pos = [], 0
    for piece in pieces:
        paragraphs.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    got = split_sentences(text, paragraphs)
    assert [(s.sentence_no, s.paragraph_no) for s in got] == [(0, 0), (1, 2), (2, 3), (3, 3)]
    assert [text[s.start : s.end] for s in got] == [
        "عنوان",
        "فقرة أولى بلا نقطة",
        "فقرة ثانية.",
        "وجملة أخرى.",
    ]


def test_seed_article_has_one_sentence_per_body_paragraph(seed_file):
    """Counted by hand: the seed's 14 body paragraphs are one sentence each (no inner
    full stop ends a sentence), plus the title."""
    from marsad.text.clean import clean_article

    raw = seed_file.read_text(encoding="utf-8")
    lines = raw.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    spans = [(0, len(lines[0]))] + [
        (offsets[i], offsets[i] + len(line))
        for i, line in enumerate(lines)
        if i >= 3 and line.strip()
    ]
    cleaned = clean_article(raw, spans)
    body = [s for s in cleaned.sentences if s.paragraph_no > 0]
    assert len(spans) == 15
    assert len(body) == 14
    assert len(cleaned.sentences) == 15
    assert {s.paragraph_no for s in body} == set(range(1, 15))
    assert cleaned.display_text[body[3].start : body[3].end].endswith("بات وايت.")
