"""Appositive roles: title (with ranks), person name, organisation and country."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.entities import analyse_text
from marsad.entities.link import ModelMention


def roles(text: str) -> list[tuple]:
    _, result = analyse_text(text, date(2020, 11, 19))
    return [(r.person_name, r.title, r.org_entity_id, r.country_code) for r in result.roles]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقال وزير الخارجية فؤاد حسين إن", ("فؤاد حسين", "وزير الخارجية", None, None)),
        (
            "وقال وزير الخارجية العراقي فؤاد حسين إن",
            ("فؤاد حسين", "وزير الخارجية العراقي", None, "IQ"),
        ),
        (
            "وحضر سفير واشنطن لدى بغداد ماثيو تولر، الاجتماع",
            ("ماثيو تولر", "سفير واشنطن لدى بغداد", "Q61", "US"),
        ),
        (
            'بعد مقتل قائد "فيلق القدس" الإيراني قاسم سليماني، ونائبه',
            ("قاسم سليماني", 'قائد "فيلق القدس" الإيراني', "cur:quds-force", "IR"),
        ),
        (
            "وحضر رئيس أركان الجيش الفريق أول عبد الأمير يارالله، الاجتماع",
            ("عبد الأمير يارالله", "رئيس أركان الجيش الفريق أول", None, None),
        ),
        (
            "ونائب قائد العمليات المشتركة الفريق الركن عبد الأمير الشمري.",
            ("عبد الأمير الشمري", "نائب قائد العمليات المشتركة الفريق الركن", "cur:iraq-joc", "IQ"),
        ),
        (
            "وقائد التحالف الدولي في العراق وسوريا بات وايت.",
            ("بات وايت", "قائد التحالف الدولي في العراق وسوريا", "cur:global-coalition", None),
        ),
        (
            'ونائب رئيس هيئة "الحشد الشعبي" أبو مهدي المهندس، في غارة',
            ("أبو مهدي المهندس", 'نائب رئيس هيئة "الحشد الشعبي"', "cur:pmf", "IQ"),
        ),
        # a gentilic title names the country, not an organisation called «الأمريكي»
        ("وقال الرئيس الأمريكي دونالد ترامب إن", ("دونالد ترامب", "الرئيس الأمريكي", "Q30", "US")),
        (
            "وقالت رئيسة الوزراء البريطانية تيريزا ماي إن",
            ("تيريزا ماي", "رئيسة الوزراء البريطانية", "Q145", "GB"),
        ),
        # the title goes to the person it introduces, not to the one named inside it
        (
            "وقال مستشار خادم الحرمين الشريفين الأمير خالد الفيصل إن",
            ("خالد الفيصل", "مستشار خادم الحرمين الشريفين الأمير", None, None),
        ),
        # places and institutions named after people give no role
        ("وافتتح مستشفى الملك خالد الجامعي قسما جديدا", None),
        ("وتقع جامعة الملك سعود في شارع الأمير سلطان بن عبدالعزيز", None),
        ("وقال اللواء الركن محمد الحسن، إن", None),  # a rank alone is no title head
    ],
)
def test_roles(text: str, expected: tuple | None) -> None:
    assert roles(text) == ([expected] if expected else [])


@pytest.mark.parametrize(
    "text",
    [
        "وقال وزير الخارجية إن الاجتماع",  # no name after the title
        "وأشار الوزير تلقى معلومات سرية من المحققين",  # a verb and nouns are not a name
        "وقال رئيس الوزراء، في بيان",
    ],
)
def test_no_role(text: str) -> None:
    assert roles(text) == []


def test_one_row_per_person_with_the_fuller_title() -> None:
    text = "وقال وزير الخارجية فؤاد حسين إن. وأعلن وزير الخارجية العراقي فؤاد حسين أن"
    assert roles(text) == [("فؤاد حسين", "وزير الخارجية العراقي", None, "IQ")]


def test_complement_leaves_the_gentilic_out() -> None:
    _, result = analyse_text("وقال وزير الخارجية السعودي عادل الجبير إن", date(2020, 11, 19))
    (role,) = result.roles
    assert (role.org_name, role.country_code) == ("الخارجية", "SA")


def test_a_definite_head_after_a_definite_noun_is_an_adjective() -> None:
    assert roles("وجاءت الضربة القاضية خمس دقائق بعد هذا الهدف") == []
    assert roles("من كوادر الحزب الحاكم يطالبون الرئيس الحالي عبدالعزيز بوتفليقة") == [
        ("عبدالعزيز بوتفليقة", "الرئيس الحالي", None, None)
    ]


def _tagged_roles(text: str, name: str) -> list:
    """The roles of `text` when the tagger marked `name` (its first occurrence) as a person."""
    start = text.index(name)
    model = [ModelMention(start, start + len(name), "PERS", 0.9)]
    return analyse_text(text, date(2020, 11, 19), model)[1].roles


def test_the_tagger_trims_a_name_that_runs_on() -> None:
    text = "تحت قيادة المدير الفني بيب غوارديولا تمكن الفريق من تسجيل 85 هدفا"
    name = "بيب غوارديولا"
    assert [(r.person_name, r.title) for r in _tagged_roles(text, name)] == [(name, "المدير الفني")]


def test_a_titled_person_keeps_the_title_when_a_verb_follows() -> None:
    text = "وكان رئيس الوزراء الإسرائيلي بنيامين نتنياهو اتهم عباس إثر تصريحاته"
    assert [r[0] for r in roles(text)] == ["بنيامين نتنياهو"]


@pytest.mark.parametrize(
    "text",
    [
        "وينص القانون على حفظ أي وثيقة يمسها الرئيس سواء كانت مذكرات أو رسائل",
        "فرنسا: وزير الخارجية يستنكر عقوبات واشنطن على الشركات",
    ],
)
def test_when_the_tagger_ran_a_name_it_does_not_see_is_no_role(text: str) -> None:
    """Two words after a title that the tagger marks as no person («سواء كانت», «يستنكر
    عقوبات») are no name; without a tagger the rule alone decides."""
    _, result = analyse_text(text, date(2020, 11, 19), [])
    assert result.roles == []


def test_an_indefinite_gentilic_after_a_definite_title_starts_the_name() -> None:
    """«تركي» after «المستشار» is a first name: the adjective of «المستشار» would be «التركي»."""
    text = "وبدعم من معالي المستشار تركي آل الشيخ"
    name = "تركي آل الشيخ"
    assert [(r.person_name, r.title, r.country_code) for r in _tagged_roles(text, name)] == [
        (name, "المستشار", None)
    ]


@pytest.mark.parametrize(
    "text",
    [
        # «المحافظ» with a nisba after it is "the conservative", not a governor
        "وتأمل وزارة الداخلية التي يتولاها المحافظ البافاري هورست زيهوفر أن يعتبر الإجراء مؤشرا.",
        # a stadium named after a prince
        "وتوج الفريق باللقب على ستاد الأمير محمد بن فهد بالدمام أمس.",
    ],
)
def test_no_role_for_an_adjective_or_a_venue(text: str) -> None:
    assert roles(text) == []


def test_a_title_inside_an_apposition_goes_to_the_person_it_introduces() -> None:
    """«المتحدث باسم الرئيس التركي رجب طيب أردوغان» after the spokesman's own name: Erdoğan
    is the president, not the spokesman."""
    text = "وقال إبراهيم كالين، المتحدث باسم الرئيس التركي رجب طيب أردوغان، إن الطوارئ انتهت."
    assert [(r[0], r[1]) for r in roles(text)] == [("رجب طيب أردوغان", "الرئيس التركي")]
    text = "وأكد عبدالله جاسم وكيل أعمال المدرب التشيلي خوسيه سييرا أن موكله اتفق مع النادي."
    model = [ModelMention(5, 17, "PERS", 0.9), ModelMention(44, 55, "PERS", 0.9)]
    _, result = analyse_text(text, date(2020, 11, 19), model)
    assert [r.title for r in result.roles] == []  # not the agent's title for the coach


@pytest.mark.parametrize(
    ("text", "name", "tagged"),
    [
        (
            "وقال وزير خارجية السودان الدرديري محمد أحمد، إن الاتفاق يشمل وقفا.",
            "الدرديري محمد أحمد",
            "محمد أحمد",
        ),
        ("بين رئيس الوزراء شاهد خاقان عباسي وزعيم المعارضة.", "شاهد خاقان عباسي", "خاقان عباسي"),
    ],
)
def test_a_first_name_the_tagger_left_out_stays_in_the_name(text, name, tagged) -> None:
    i = text.index(tagged)
    _, result = analyse_text(
        text, date(2020, 11, 19), [ModelMention(i, i + len(tagged), "PERS", 0.9)]
    )
    assert [r.person_name for r in result.roles] == [name]


@pytest.mark.parametrize(
    ("text", "name", "tagged"),
    [
        (
            "تأكيد الرئيس التنفيذي للنادي البافاري كارل هاينتس رومينيغه أن",
            "كارل هاينتس رومينيغه",
            "كارل هاينتس رومينيغه",
        ),
        (
            "وبالإفراج عن الرئيس هادي ورئيس وزرائه خالد بحاح وأعضاء الحكومة",
            "خالد بحاح",
            "خالد بحاح",
        ),
    ],
)
def test_the_end_of_the_title_stays_out_of_the_name(text, name, tagged) -> None:
    i = text.index(tagged)
    _, result = analyse_text(
        text, date(2020, 11, 19), [ModelMention(i, i + len(tagged), "PERS", 0.9)]
    )
    assert name in [r.person_name for r in result.roles]


def test_a_name_joined_by_wa_is_the_next_person_of_a_list() -> None:
    text = "بعد اعتذار جيم يونج كيم رئيس البنك الدولي وجيمي ديمون رئيس بنك جي بي مورجان عن الحضور."
    i = text.index("جيمي ديمون")
    j = text.index("جيم يونج كيم")
    model = [ModelMention(j, j + 12, "PERS", 0.9), ModelMention(i - 1, i + 10, "PERS", 0.9)]
    _, result = analyse_text(text, date(2020, 11, 19), model)
    assert ("جيمي ديمون", "رئيس البنك الدولي") not in [
        (r.person_name, r.title) for r in result.roles
    ]
    assert roles("بيونغ يانغ: الزعيم الكوري وترمب يبحثان نزع النووي") == []
    assert roles('تحذير "شديد اللهجة" من زعيم الجمهوريين لترامب') == []
    assert [r[0] for r in roles("وقال وزير الخارجية السوري وليد المعلم إن")] == ["وليد المعلم"]
