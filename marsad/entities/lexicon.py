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
#: Gentilics that the stem rule cannot derive from the country's name (ألمانيا and
#: ألبانيا read as ال + name; England's adjective for the United Kingdom).
GENTILIC_OVERRIDES = {
    "AF": ("أفغاني",),
    "AT": ("نمساوي",),
    "DE": ("ألماني",),
    "AL": ("ألباني",),
    "GB": ("إنجليزي", "إنكليزي"),
}

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

#: Head nouns of an organisation's name (without ال): the phrase rule in
#: `marsad.entities.orgs` reads a head and the idafa/adjective chain after it.
ORG_HEADS = match_forms(
    """
    وزارة هيئة مجلس جامعة مستشفى محكمة بلدية أمانة إمارة اتحاد نادي حزب شركة بنك مصرف
    جمعية منظمة وكالة مؤسسة جبهة قوات جيش منتخب تحالف تنظيم كتائب كتيبة ائتلاف تيار
    أكاديمية كلية معهد نقابة مفوضية سفارة قنصلية رابطة ديوان سلطة شرطة مخابرات استخبارات
    حرس برلمان مصلحة هيئات لجنة محاكم جماعة ميليشيا ميليشيات فصيل فرقة
    بورصة مستشفيات مختبر مرصد مجمع مكتبة
    """
)
#: Heads the news also uses for plain nouns («حركة المرور», «مركز المدينة»): their chain
#: needs a word the model tagged or the catalogue knows.
WEAK_HEADS = match_forms("مجموعة حركة مركز جهاز مكتب صندوق غرفة دائرة إدارة قوى")
#: Heads of a named site or feature, a place in the coverage sense («ملعب أنفيلد», «مطار بغداد
#: الدولي», «خليج المكسيك»).
SITE_HEADS = match_forms(
    "ملعب مطار ميناء قصر مسجد جامع سجن مخيم استاد خليج بحر نهر جبل صحراء بحيرة مضيق"
)
#: Heads of a medium's name, left out of the span: «صحيفة الرياض» names the paper «الرياض».
MEDIUM_HEADS = match_forms("صحيفة جريدة مجلة قناة إذاعة")
#: Heads whose names may end in «و» + a word («حزب العدالة والتنمية», «وزارة الصحة والسكان»).
AND_HEADS = match_forms("حزب حركة جبهة تيار ائتلاف هيئة جمعية منظمة وزارة")
#: Heads whose definite form with only a country's adjective still names one body
#: («الجيش الإسرائيلي», «المنتخب البرتغالي»); «الشركة الأمريكية» does not.
STATE_HEADS = match_forms("جيش قوات منتخب شرطة مخابرات استخبارات حرس برلمان")
#: Titles after which a personal name follows inside an institution's name.
PERSON_TITLES = match_forms("الملك الأمير الشيخ الإمام السلطان الشهيد الرئيس السيدة")
#: Words that end a name's chain: time words, relatives, generic adjectives.
CHAIN_STOP = match_forms(
    """
    اليوم الأمس غدا الآن الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت
    العام الماضي الماضية الجاري الجارية الحالي الحالية المقبل المقبلة القادم القادمة
    الأسبوع الشهر السنة الأخير الأخيرة السابق السابقة الجديد الجديدة المذكور المذكورة
    الذي التي الذين اللذين اللتين اللذان اللتان اللواتي اللاتي إلى الى نفسه نفسها ذاته ذاتها
    الأول الأولى الثاني الثانية الكثير المختصة المعنية المحلية المختلفة
    لها له لهم لهما الا إلا ليس للغاية لأن لكن لدى
    """
)
#: Masculine adjectives common in names that are not nisbas («المجلس الأعلى», «الجيش الحر»).
MASCULINE_ADJECTIVES = match_forms(
    """
    الأعلى الحر الحاكم السريع العام الأحمر الأبيض الأخضر الموحد المتحد المستقل الأول
    الكبير الثوري الشعبي المركزي الخاص الدائم الأمني
    """
)
#: Chains that only describe («قوات الأمن», «القوات الحكومية», «الحزب الحاكم»): a head
#: with only these words is not a name.
GENERIC_CHAIN = match_forms(
    """
    النظام الأمن الحكومة الحكومية الحكومي المسلحة المسلح المشتركة المشترك
    المتطرف المتطرفة الحاكم الشرعية الجيش المعارضة المعارض الاحتلال الإرهابي الإرهابية
    الخاصة الخاص المحلي المحلية الرسمي الرسمية المعنية الدولية الدولي العامة العام
    الأمنية الأمني العسكري العسكرية الأجنبية الأجنبي الكبرى الحاكمة الانقلابية الانقلابي
    الأخرى الأخر القوي القوية المدعوم المدعومة اليميني اليمينية اليساري اليسارية
    """
)
#: Words of a match report (without ال): an article with SPORT_MIN of them is about sport,
#: and a foreign city named in it as an actor is its club («فاز برشلونة على ملقة»).
SPORT_CUES = match_forms(
    """
    مباراة مباريات دوري هدف أهداف هدفين مدرب لاعب لاعبين لاعبا فريق نادي ملعب بطولة كأس
    تعادل فوز هزيمة ركلة جزاء مهاجم حارس شوط مرمى الليغا بريميرليغ كالتشيو موسم نقاط
    """
)
SPORT_MIN = 4
#: Words after which a place name is a place, whatever the article is about («في برشلونة»).
PLACE_CUES = match_forms(
    """
    في إلى من مدينة بلدة قرية محافظة ولاية منطقة إقليم عاصمة قرب بالقرب شمال جنوب شرق غرب
    وسط شمالي جنوبي شرقي غربي ضواحي أنحاء سكان داخل خارج عبر نحو حي مطار ميناء
    """
)
#: Direction adjectives that make a region of a place («أمريكا الجنوبية», «آسيا الوسطى»).
DIRECTIONS = match_forms(
    """
    الجنوبية الشمالية الشرقية الغربية الوسطى الجنوبي الشمالي الشرقي الغربي الأوسط
    """
)
#: Words before a name that only a team follows, a capital included («مرمى روما»).
STRONG_TEAM_CUES = match_forms(
    "لاعب لاعبي مهاجم مدافع حارس مدرب جماهير جمهور شباك مرمى نادي فريق صفوف قميص"
)
#: Words that make a city next to them a club's name in a match report («أتلتيك بلباو»,
#: «ريال بيتيس», «مانشستر يونايتد»): the club is the whole name, not the city.
CLUB_PREFIXES = match_forms("أتلتيك أتلتيكو ريال سبورتنغ سبورتينغ ديبورتيفو أولمبيك إنتر")
CLUB_SUFFIXES = match_forms("يونايتد سيتي هوتسبير ألبيون وندررز")
#: Words before «من» + a city that make it the club a player left («قادما من روما»).
TRANSFER_CUES = match_forms("قادما قادمًا انتقل انتقاله انتقال منتقلا وافدا")
#: Masculine ranks after a city that make it a team («ملقة الأخير», «إشبيلية الخامس»): the
#: city itself would take the feminine («روما الأولى»).
CLUB_RANKS = match_forms(
    "الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر الأخير المتصدر الوصيف"
)
#: Nouns before a place named after a person that keep it a place («شارع الملك فهد»).
NAMED_AFTER_HEADS = match_forms(
    "مدينة شارع طريق حي جسر ميدان ساحة قاعدة مطار جامعة مستشفى مسجد جامع ميناء محطة مدرسة"
)
#: Words right before a city that make it a team («فاز برشلونة», «لاعب ملقة», «ضد خيتافي»).
TEAM_CUES = match_forms(
    """
    فاز فوز تغلب خسر خسارة هزيمة تعادل واجه يواجه مواجهة ضد أمام لاعب لاعبي مهاجم مدافع
    حارس مدرب جماهير مباراة لقاء نادي فريق شباك مرمى
    """
)
