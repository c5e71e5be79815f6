"""Direct and reported speech with verb and speaker."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.entities import analyse_text


def quotes(text: str) -> list[tuple]:
    _, result = analyse_text(text, date(2020, 11, 19))
    return [(q.text, q.verb, q.speaker_text, q.speaker_entity_id) for q in result.quotes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('وأكد ترامب أن "الاتفاق سيئ".', ("الاتفاق سيئ", "أكد", "ترامب", "Q22686")),
        ("وقال ترامب إن الاتفاق سيئ.", ("الاتفاق سيئ", "قال", "ترامب", "Q22686")),
        ('وقال ترامب: "الاتفاق سيئ".', ("الاتفاق سيئ", "قال", "ترامب", "Q22686")),
        (
            "وأفاد البيت الأبيض، في بيان، بأنه سيرد.",
            ("سيرد", "أفاد", "البيت الأبيض", "cur:white-house"),
        ),
        (
            'وشدد الكرملين على أن "الحوار مستمر".',
            ("الحوار مستمر", "شدد", "الكرملين", "cur:kremlin"),
        ),
        (
            "وأشارت الأمم المتحدة إلى أن الوضع خطير.",
            ("الوضع خطير", "أشارت", "الأمم المتحدة", "Q1065"),
        ),
        ("وقال مصدر مطلع إن المحادثات توقفت.", ("المحادثات توقفت", "قال", "مصدر مطلع", None)),
    ],
)
def test_quote(text: str, expected: tuple) -> None:
    assert quotes(text) == [expected]


def test_chain_continues_the_previous_speaker() -> None:
    text = 'وأكد ترامب أن "الاتفاق سيئ". وأوضح أنه سينسحب منه. وأشار البيان أن "القرار نهائي".'
    assert quotes(text) == [
        ("الاتفاق سيئ", "أكد", "ترامب", "Q22686"),
        ("سينسحب منه", "أوضح", "ترامب", "Q22686"),
        ("القرار نهائي", "أشار", "البيان", "Q22686"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "وأعلنت وزارة الدفاع العراقية، مقتل طفلة.",  # a report of an event, no speech
        "وفق ما أعلن الأخير في تصريحات إعلامية.",
        "مجلس الأمن التابع للأمم المتحدة أن",  # «التابع» is no verb
        "يذكر أن الفلبين كانت صعدت قبل أسابيع.",  # "it is worth recalling", no one speaks
    ],
)
def test_not_quotes(text: str) -> None:
    assert quotes(text) == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the adviser speaks, not the king named inside the title
        ("وقال مستشار خادم الحرمين الشريفين الأمير خالد الفيصل إن المشروع مهم.", "person"),
        ("وقالت واشنطن إن العقوبات ستستمر.", None),  # a place is no speaker
        ("وقال مصدر لوكالة رويترز إن الهجوم وقع فجرا.", None),  # the credit is no speaker
        ("وذكرت وكالة رويترز أن الهجوم وقع فجرا.", None),
        ("وقال الوزير في تغريدة على تويتر إن الهجوم وقع.", None),  # nor the social network
    ],
)
def test_speaker_is_a_person_or_organisation(text: str, speaker: str | None) -> None:
    (quote,) = quotes(text)
    entity = quote[3]
    if speaker is None:
        assert entity is None
    else:
        assert entity is not None and entity != "cur:king-salman"


def test_a_circumstance_after_the_verb_is_no_speaker() -> None:
    text = 'وقال ترامب إن الاتفاق سيئ. وأضاف في حديثه أمام رجال الأعمال: "لن نتراجع".'
    assert [q[2:] for q in quotes(text)] == [("ترامب", "Q22686"), ("ترامب", "Q22686")]
    text = "وكانت السلطات المصرية أعلنت الأسبوع الماضي أنه ليس هناك تسريب."
    assert [q[2:] for q in quotes(text)] == [(None, None)]


LAVROV = "وقال سيرغي لافروف إن روسيا لن تنسحب. "


@pytest.mark.parametrize(
    ("second", "speaker", "entity"),
    [
        ("وكانت إسرائيل قالت إنها لن تتسامح مع وجود عسكري.", "إسرائيل", None),  # a place: none
        ('أما الرئيس الإيراني فقال في كلمته: "الحرب لا تكفي".', "الرئيس الإيراني", None),
        ("وكان فلاديمير بوتين قد أكد في أيار أن العملية ستساهم.", "فلاديمير بوتين", "Q7747"),
        ("ثم عاد وقال إن الحل سياسي.", "سيرغي لافروف", "cur:sergey-lavrov"),  # continues
        ("وفي كلمته أمام البرلمان قال إن الحل سياسي.", "سيرغي لافروف", "cur:sergey-lavrov"),
    ],
)
def test_a_subject_before_the_verb_is_the_speaker(second, speaker, entity) -> None:
    """The quote of a sentence whose subject precedes its verb is that subject's, not the
    previous speaker's; with no subject there, the previous speaker goes on."""
    _, result = analyse_text(LAVROV + second, date(2020, 1, 1))
    assert [(q.speaker_text, q.speaker_entity_id) for q in result.quotes][1] == (speaker, entity)
