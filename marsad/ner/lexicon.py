"""Trigger words: titles that announce a person and head nouns that open an organisation name.

No library carries these for Arabic news, so they are short hand lists; they are stored folded
(see `orthography.fold`) and matched against the clitic-stripped form of a token.
"""

from __future__ import annotations

from marsad.ner.orthography import fold

PERSON_TITLES = frozenset(
    fold(w)
    for w in (
        "الرئيس رئيس وزير الوزير السيد السيدة الشيخ الملك الأمير الأميرة رئيس النائب نائب العميد"
        " اللواء العقيد الفريق العماد المشير الدكتور د الأستاذ المتحدث الناطق السفير القاضي"
        " المستشار الجنرال الإمام المرشد البابا الكاردينال الحاخام المطران الزعيم القائد المدرب"
        " اللاعب الفنان الفنانة المطرب المطربة الكاتب الكاتبة الشاعر الروائي المخرج الممثل"
        " الممثلة الصحفي المراسل السلطان ولي الحاكم المحافظ الوزيرة المبعوث المندوب الأمين"
        " مستشار قائد زعيم المرشح عضو النجم النجمة الملكة حرم السناتور السيناتور"
    ).split()
)

ORG_HEADS = frozenset(
    fold(w)
    for w in (
        "وزارة هيئة حركة جامعة شركة حزب مجلس منظمة جبهة وكالة بنك مصرف صحيفة قناة جمعية اتحاد"
        " مؤسسة مركز معهد نادي منتدى لجنة محكمة جيش قوات تنظيم تحالف ائتلاف رابطة نقابة سلطة"
        " مجموعة صندوق برنامج إذاعة مجلة مكتب مديرية دائرة بلدية كلية أكاديمية مصلحة جهاز"
        " الأمم الجامعة الاتحاد المجلس البنك المنظمة الشركة الحزب الحركة الهيئة الوكالة"
        " الصندوق المحكمة الجيش المركز المعهد النادي الجمعية اللجنة مستشارية"
    ).split()
)

LOCATION_HEADS = frozenset(
    fold(w)
    for w in (
        "مدينة محافظة ولاية إقليم منطقة جزيرة جزر بحر نهر جبل جبال بلدة قرية مقاطعة عاصمة"
        " العاصمة مخيم مطار ميناء شارع حي ساحة خليج قضاء ناحية صحراء بحيرة"
    ).split()
)


def trigger(stem: str) -> str | None:
    """'per', 'org' or 'loc' when the (folded, clitic-stripped) word is a trigger."""
    if stem in PERSON_TITLES:
        return "per"
    if stem in ORG_HEADS:
        return "org"
    if stem in LOCATION_HEADS:
        return "loc"
    return None
