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


@pytest.mark.parametrize(
    "text",
    [
        # «وحذر» after «بتواضع» is the noun "caution"; «أن» after «قبل» opens a time clause
        "وبدأت فرنسا منافسات المجموعات بتواضع وحذر، وأداء متعب ممل، إذ فازوا على أستراليا "
        "قبل أن يتعادلوا سلبا أمام الدانمارك.",
        # a negated verb says nothing
        "وفي حين لم تكشف وزارة الإعلام عن السبب، تداول مغردون صورا قيل إنه كان السبب.",
        "لتقوم هيفاء بحذف كلماتها دون أن توضح للجمهور تفاصيل ما جرى، وهل تم حل الأزمة أم أنها مستمرة.",
        # after a comma, «ويبدو أنها» is another clause's complement
        "وهو يشير هنا إلى أشرطة ظهرت بعد عام 2011، ويبدو أنها تظهر أن والد أمير قطر كان يتآمر.",
        # «إن» inside a quoted name is no complementizer
        'ونفى الرئيس الروسي خلال مقابلة مع قناة "إن بي سي" الأمريكية أي تدخل لبلاده.',
    ],
)
def test_a_reporting_verb_needs_verb_position(text: str) -> None:
    assert quotes(text) == []


@pytest.mark.parametrize(
    ("text", "speaker", "entity"),
    [
        # the organisation keeps its head noun («الأمن», not the stopword «أمن»)
        (
            "لكن الأمن العام اللبناني أوضح في بيان أن الإيرانيين يمكنهم طلب أختام منفصلة.",
            "الأمن العام اللبناني",
            None,
        ),
        # the speaker stops at a preposition: the person after it is no speaker
        ("وقال ترامب قبل أداء كافانو اليمين إن القاضي يستحق الاحترام.", "ترامب", "Q22686"),
        # an adverb after the verb is no speaker: the subject before it is
        (
            "إذ إن حكومة الرئيس أردوغان أكدت مرارا إنه لن تكون هناك انتخابات مبكرة.",
            "حكومة الرئيس أردوغان",
            None,
        ),
        ('وذكرت صحيفة "واشنطن بوست" أن الزعيم اختار الفندق.', "صحيفة واشنطن بوست", None),
    ],
)
def test_the_speaker_span(text: str, speaker: str, entity: str | None) -> None:
    ((_, _, got, got_entity),) = quotes(text)
    assert got.replace('"', "") == speaker
    if entity is not None:
        assert got_entity == entity


def test_a_quotation_before_the_complementizer_is_direct_speech() -> None:
    text = (
        'وقال أردوغان في كلمة ألقاها في إسطنبول "هذه الإجراءات التي اتخذها رئيس الوزراء '
        'النمساوي، أخشى أنها تقود العالم نحو حرب".'
    )
    ((said, verb, speaker, entity),) = quotes(text)
    assert said.startswith("هذه الإجراءات") and said.endswith("نحو حرب")
    assert (verb, speaker, entity) == ("قال", "أردوغان", "Q39259")


def test_a_quoted_word_inside_the_clause_is_not_the_whole_quote() -> None:
    ((said, *_),) = quotes('وقال الوزير إن "الاحتلال" هو سبب كل شر.')
    assert said.startswith("الاحتلال") and said.endswith("هو سبب كل شر")


def test_a_carried_speaker_agrees_with_the_verb() -> None:
    """«وأضافت» after «قال ترامب» is someone else (a woman, a ministry): no speaker carried;
    «وأضاف» is Trump again."""
    text = "وقال ترامب إن الاتفاق سيئ. وأضافت أن العقوبات ستستمر. وأضاف أنه سينسحب."
    assert [q[2:] for q in quotes(text)] == [
        ("ترامب", "Q22686"),
        (None, None),
        ("ترامب", "Q22686"),
    ]


def test_a_news_agency_is_a_credit_not_a_speaker() -> None:
    ((*_, entity),) = quotes("وقالت وكالة الأنباء السعودية إن المساهمة امتداد لعهد سابق.")
    assert entity is None


@pytest.mark.parametrize(
    "text",
    [
        "إذ إن حكومة الرئيس أردوغان أكدت أنه لن تكون هناك انتخابات مبكرة.",
        'أفادت مصادر "سكاي نيوز عربية" أن تعزيزات عسكرية وصلت إلى مشارف المدينة.',
        "وقال محامي ترامب إن موكله بريء.",
    ],
)
def test_a_name_a_construct_noun_governs_is_not_the_speaker(text: str) -> None:
    """The government, the outlet's sources, the lawyer speak: not the person or outlet
    named after them."""
    ((*_, entity),) = quotes(text)
    assert entity is None


def test_a_noun_of_the_verb_form_says_nothing() -> None:
    text = (
        "من مجرد تابع لإيران إلى شرعية سياسية، كان صعود الميليشيا سريعا ولم تنس أن تبني إمبراطورية."
    )
    assert quotes(text) == []


def test_the_preposition_of_a_pronoun_is_no_speaker() -> None:
    text = "وكتب ترامب تغريدة. وقال ترامب إن الاتفاق سيئ. وقال فيها إنه أعطى تعليماته."
    assert [q[2] for q in quotes(text)] == ["ترامب", "ترامب"]


def test_which_confirms_that_is_no_speech() -> None:
    text = (
        "واستقطبت الشركات الناشئة استثمارات كبيرة، وهو ما يؤكد أن التقنيات ستمكننا من معرفة أنفسنا."
    )
    assert quotes(text) == []


@pytest.mark.parametrize(
    ("text", "speaker", "entity"),
    [
        # a spokesman speaks, not the president he speaks for
        (
            "من جانبه، قال متحدث باسم الرئيس التركي رجب طيب أردوغان إن القرار سيزعزع الاستقرار.",
            "متحدث باسم الرئيس التركي رجب طيب أردوغان",
            None,
        ),
        # whom it was said to is no speaker
        ("وقال سكان محليون لوكالة رويترز إن عددا من الأسر لا تزال عالقة.", "سكان محليون", None),
        (
            'أما زوجة أبو العبد فتوضح لـ"العربية.نت" أنها مستعدة للعيش تحت الشجر.',
            None,
            None,
        ),
        ("وقال الأمين العام للأمم المتحدة إن الوضع خطير.", "الأمين العام للأمم المتحدة", None),
    ],
)
def test_addressees_and_principals_are_not_speakers(text, speaker, entity) -> None:
    ((_, _, got, got_entity),) = quotes(text)
    assert (got, got_entity) == (speaker, entity)


def test_an_unnamed_subject_before_the_verb_is_not_the_previous_speaker() -> None:
    text = (
        "وقال نتنياهو إن الحوار مستمر. وجاء في بيان لمكتبه أنه تحدث مع نظيره الأسترالي، "
        "وأن الأخير قال إنه يدرس نقل السفارة."
    )
    assert [q[2:] for q in quotes(text)][-1] == ("الأخير", None)
