"""Word lists shared by the NER decoder and the entity linker: title heads and what may follow
them, military ranks, name particles, words no name holds, stopwords, and the corpus counts
that tell a common noun from a name.

The tagger's apposition step (`marsad.ner.apposition`) and the linker's roles rule
(`marsad.entities.roles`) read the same apposition «وزير الخارجية فؤاد حسين», so they read it
with the same lists; both build on this module, which imports neither.  No library lists these
for Arabic news, so they are written here in display spelling and compiled to match forms
(`to_match`), so one entry covers the hamza/ى/ة spellings.  Lists only the linker reads stay in
`marsad.entities.lexicon`.
"""

from __future__ import annotations

from functools import cache

from marsad.text.normalize import to_match
from marsad.text.tokenize import stopword_lexicon, vocabulary

#: A word is a common noun when the corpus writes it with ال at least this share of the times
#: it writes it without, and at least COMMON_NOUN_MIN times.
COMMON_NOUN_RATIO = 0.5
COMMON_NOUN_MIN = 50


def match_forms(words: str) -> frozenset[str]:
    """The match forms of whitespace-separated words."""
    return frozenset(to_match(w) for w in words.split())


#: Heads of an appositive title («وزير الخارجية فؤاد حسين»), without the article ال.
TITLE_HEADS = match_forms(
    """
    وزير وزيرة رئيس رئيسة نائب نائبة مستشار مستشارة سفير سفيرة قائد قائدة مدير مديرة
    محافظ محافظة أمين متحدث متحدثة ناطق ناطقة مبعوث مبعوثة ممثل ممثلة زعيم زعيمة
    مسؤول مسؤولة قيادي قيادية مفوض مفوضة ملك ملكة أمير أميرة مرشد سلطان حاكم عمدة
    منسق منسقة مساعد مساعدة رئيس وكيل مندوب مندوبة قاضي قاضية نقيب عميد سكرتير
    """
)
#: Words that may follow a title head inside the title («الأمين العام», «الرئيس السابق»).
TITLE_MODIFIERS = match_forms(
    """
    العام العامة الأعلى الأول الأولى السابق السابقة الحالي الحالية الجديد الجديدة
    المؤقت المؤقتة المكلف المكلفة المستقيل المستقيلة الخاص الخاصة الدائم الدائمة
    المنتخب المنتخبة الأسبق الأسبقة العهد
    """
)
#: Words joining a title to what it governs («سفير واشنطن لدى بغداد», «المتحدث باسم …»).
TITLE_CONNECTORS = match_forms("لدى في باسم عن لشؤون بشؤون إلى مع")
#: Military ranks and honorifics: part of the title, never of the name (longest first).
RANKS = tuple(
    sorted(
        (
            tuple(to_match(w) for w in r.split())
            for r in """
            الفريق_أول_الركن الفريق_أول الفريق_الركن الفريق اللواء_الركن اللواء العميد_الركن
            العميد العقيد_الركن العقيد المقدم الرائد النقيب الملازم_أول الملازم المشير العماد
            الأدميرال الجنرال الكولونيل الشيخ السيد السيدة الدكتور الدكتورة د. الحاج
            آية_الله حجة_الإسلام الأمير الأميرة الملك السلطان المهندس الأستاذ القاضي
            """.split()
            for r in [r.replace("_", " ")]
        ),
        key=len,
        reverse=True,
    )
)
#: Nouns of places and institutions named after people («مستشفى الملك خالد», «شارع الأمير
#: سلطان», «جامعة الملك سعود»): a title right after one is part of the name, not a role.
INSTITUTION_NOUNS = match_forms(
    """
    مستشفى مستشفيات جامعة جامعات شارع شوارع طريق ميدان ساحة جسر مطار ميناء قاعدة مدينة
    حي مركز مجمع مسجد جامع كلية معهد مدرسة مكتبة متحف ملعب استاد إستاد ستاد صالة قاعة جائزة
    مؤسسة برنامج مشروع منحة كأس بطولة وقف مستشفي مجمّع محطة مبنى برج قصر حديقة منتزه
    """
)
#: Complements that name the state itself: «رئيسة الوزراء البريطانية» heads the UK government,
#: «رئيس الجمهورية» the republic, so the role's organisation is the country.
STATE_COMPLEMENTS = match_forms("الوزراء الحكومة الجمهورية الدولة البلاد")
#: Every word of a rank («الفريق», «أول», «الركن» …).
RANK_WORDS = frozenset(w for rank in RANKS for w in rank)
#: Particles that start a compound personal name («عبد الأمير», «أبو مهدي», «بن سلمان»).
NAME_PARTICLES = match_forms("عبد عبدال أبو أبي أبا ابن بن بنت آل أم")
#: Words that never belong in a personal name (besides stopwords): nouns news puts after names.
NOT_NAME = match_forms(
    """
    اليوم أمس غدا الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت مساء صباح
    خلال بعد قبل عقب إثر حيث الذي التي الذين بسبب حاليا حديثا سابقا لاحقا مجددا أيضا
    """
)


@cache
def stopword_forms() -> frozenset[str]:
    """Every arabic-stopwords form, in match form."""
    return frozenset(to_match(w) for w in stopword_lexicon())


@cache
def function_words() -> frozenset[str]:
    """Stopwords that cannot be part of a name: all but the verbs («بات وايت» is a name)."""
    return frozenset(
        to_match(w)
        for w, readings in stopword_lexicon().items()
        if any(r["type"] != "فعل" for r in readings)
    )


@cache
def folded_vocabulary() -> dict[str, int]:
    """Corpus word counts keyed by match form."""
    out: dict[str, int] = {}
    for word, n in vocabulary().items():
        key = to_match(word)
        out[key] = out.get(key, 0) + n
    return out


def common_noun(word: str) -> bool:
    """A word the corpus writes with the article ال at least half as often as without it."""
    counts = folded_vocabulary()
    with_article = counts.get("ال" + word, 0)
    return with_article >= COMMON_NOUN_MIN and with_article >= COMMON_NOUN_RATIO * counts.get(
        word, 0
    )
