"""Word lists only the linker reads: reporting verbs, verbs that make a capital stand for its
government, gentilic endings, and the filters on library place names.

No library lists these for Arabic news, so they are written here, in display spelling, and
compiled to match forms (`to_match`) so one entry covers the hamza/ى/ة spellings.  Each list
is what the rule it feeds needs, not a dictionary of Arabic.  The title, rank and name lists
the NER decoder reads too live in `marsad.text.wordlists`.
"""

from __future__ import annotations

from marsad.text.wordlists import match_forms

#: Verbs of saying, in the forms news uses (past/present, masculine/feminine/plural).
REPORTING_VERBS = match_forms(
    """
    قال قالت قالوا يقول تقول يقولون أكد أكدت أكدوا يؤكد تؤكد يؤكدون أفاد أفادت أفادوا يفيد تفيد
    أوضح أوضحت أوضحوا يوضح توضح أشار أشارت أشاروا يشير تشير شدد شددت شددوا يشدد تشدد
    أضاف أضافت أضافوا يضيف تضيف ذكر ذكرت ذكروا يذكر تذكر صرح صرحت صرحوا يصرح تصرح
    لفت لفتت لفتوا يلفت تلفت نوه نوهت اعتبر اعتبرت اعتبروا يعتبر تعتبر رأى رأت يرى ترى
    كشف كشفت كشفوا يكشف تكشف أعلن أعلنت أعلنوا يعلن تعلن تابع تابعت أردف أردفت
    زعم زعمت يزعم تزعم نفى نفت ينفي تنفي حذر حذرت يحذر تحذر أوضحا أكدا قالا
    """
)
#: Words after which a reported clause starts (an attached pronoun is allowed: أنه, إنها).
COMPLEMENTIZERS = match_forms("أن إن بأن وأن")
#: Prepositions a verb may take before its complementizer («شدد على أن», «أشار إلى أن»).
VERB_PREPOSITIONS = match_forms("على إلى")
#: Nouns that stand for the last speaker's words («وأشار البيان أن …»).
STATEMENT_NOUNS = match_forms("البيان بيان البلاغ التصريح الإعلان الرسالة المصدر")

#: Verbs whose subject a capital city stands for its government («وتتهم واشنطن»,
#: «توصل بغداد وواشنطن»): the metonymy rule flags a capital right after one of them.
METONYMY_VERBS = match_forms(
    """
    تتهم اتهمت تتهمان تعلن أعلنت تؤكد أكدت تطالب طالبت ترفض رفضت تحذر حذرت تهدد هددت
    تدعو دعت ترد ردت تفرض فرضت تنفي نفت تقرر قررت توافق وافقت تعتبر اعتبرت ترى رأت
    تسعى سعت تريد أرادت تقول قالت توصل توصلت تتوصل تعهدت تتعهد وقعت توقع أبلغت تبلغ
    أرسلت ترسل استدعت تستدعي طردت تطرد قطعت تقطع أدانت تدين رحبت ترحب نددت تندد
    اتفقت تتفق سمحت تسمح منعت تمنع اختارت تختار تعتزم اعتزمت تواصل واصلت قدمت تقدم
    """
)
#: Words after which a capital stands for its government («سفير واشنطن», «لدى بغداد»).
METONYMY_GOVERNORS = match_forms("سفير سفيرة سفارة سفراء لدى حكومة موقف")

#: Endings of a gentilic adjective on its stem (عراقي, عراقية, عراقيون, عراقيين, عراقيات).
GENTILIC_SUFFIXES = ("", "ة", "ون", "ين", "ات", "تين", "ان")
#: Gentilics that the stem rule cannot derive from the country's name.
GENTILIC_OVERRIDES = {"AF": ("أفغاني",), "AT": ("نمساوي",)}

#: Countries where a library city name is trusted at any population (the corpus's region);
#: elsewhere a one-word city name must belong to a city of MIN_WORLD_POPULATION people.
MENA = frozenset(
    "IQ SY LB JO PS IL SA YE OM AE QA BH KW EG LY TN DZ MA SD MR SO DJ KM IR TR".split()
)
MIN_WORLD_POPULATION = 100_000
#: One-word GeoNames/gazetteer names that are, in news, mostly a common word or a personal
#: name: reviewed from the 400 library place names most frequent in the ANT corpus
#: (e.g. «جمال» Djemmal, «بشار» Béchar, «لأول» Laval, «منا» Minna, «طراز» Taraz).
NOT_PLACE_NAMES = match_forms(
    """
    الأبيض الشعب إطار جمال وقف الساحل قوله بشار ذكر فلاديمير لأول سعيدة الخضراء نايف
    الشريعة الخضر السادات صافي غازي الرفاعي التهاب معرفة الملاحة الزيتون الفين بسيط جسده
    موته ينقل منير كونا أشرف سده الفحم عيسى طاهر بدر دورا منا مينا جون روبرت جورج مارتن
    لويس ماري إليزابيث كيلي أندرسون هارفي جاكسون غاري داود آدم كلينتون أوباما سانشيز
    رودريغيز ويلسون باركر هندرسون ووكر دوغلاس فرانكلين فرانسيس ماركس كاسترو ليو ريو مون
    بول بيل جان كين كيري سيرجي أرنو نيكي سارة سار يونغ ميل ديلي كوبر نيلسن آري آير سول
    بروين وردا ردة ريدة سلوى سالم هاميلتون مورينو ساري طراز عشاق بولتون فيكتوريا مرسيدس
    نوكيا كريستال غولدن الأمل النصر الوحدة الحرية السلام العين الفتح الجبل الوادي الحي
    المركز المدينة الجزيرة البلد القرية الشمال الجنوب الشرق الغرب الوسط العرب عرب دين
    حجة بيلا أنتيبي
    """
)
