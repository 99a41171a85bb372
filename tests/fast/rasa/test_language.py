"""Language of a message and emergencies in other languages (nlu/language.py), no Rasa model needed.

German must stay German whatever its spelling; a foreign message gets its
language; an emergency in English, Ukrainian, Russian, Arabic, Turkish or
Polish is recognised, a request for help with paperwork is not.
"""

import re
from pathlib import Path

import pytest
import yaml

from nlu.language import SUPPORTED, detect_language, foreign_emergency

ROOT = Path(__file__).resolve().parents[3]

GERMAN = [
    "ja", "nö", "nee", "ok", "moin", "Hallo", "danke", "thx", "jo passt", "Sorge 12", "Laterne kaputt",
    "Heinrichstraße", "Schlagloch Heinrichstraße 20", "Gully zu", "Laterne am Markt brennt tagsüber",
    "strassenlampe geht nich mehr seit montag", "da is ä riesen loch in dr strasse",
    "Ei verbibbsch, nu is de Ampel wieder aus", "gugge ma, da hat eener sein sperrmüll abgeladen",
    "wo kann ich mein perso verlengern", "wann hat das buergeramt offen", "Ich moechte mich ummelden, was brauch ich",
    "wilder muell am waldrand in ernsee", "Graffiti an der Schule in Bieblach", "kann man hundesteuer online zahlen",
    "der glascontainer quillt schon wieder über", "Baum umgestürzt, Radweg blockiert", "Biotonne wurde nich geleert",
    "Ampel defekt am Theaterplatz", "Bürgerservice Gera Kontakt", "heiraten im rathaus", "wer ist taylor swift",
    "es brennt!", "Hilfe, ein Mann liegt bewusstlos vor dem Penny", "riecht nach gas im keller", "Sorry, falsch",
    "Handy update geht nicht", "Moin, will was melden", "Bitte um Reparatur", "Parkscheinautomat frisst Münzen",
    "Schaukel kaputt Kette gerissen", "Jugendliche randalieren Park",
]

FOREIGN = {
    "en": [
        "Hello, do you speak English?", "There is a broken street light in front of my house",
        "Where can I register my new address?", "I smell gas in the kitchen", "Thank you very much for your help",
    ],
    "uk": ["Добрий день, Ви розмовляєте українською?", "Де зареєструвати місце проживання?", "Дякую", "Доброго ранку"],
    "ru": ["Здравствуйте, Вы говорите по-русски?", "На дороге большая яма", "Спасибо", "Мусор не вывезли"],
    "ar": ["مرحبا، هل تتكلم العربية؟", "توجد حفرة كبيرة في الشارع", "شكرا"],
    "tr": ["Merhaba", "Yolda büyük bir çukur var", "Belediye ne zaman açık?", "trafik isigi calismiyor", "Yangın!"],
    "pl": ["Dzień dobry", "Na ulicy jest duża dziura", "Gdzie mogę się zameldować?", "swiatla nie dzialaja", "Pożar!"],
    "other": ["Xin chào, tôi không nói được tiếng Đức", "Bună ziua, vorbiți românește?", "سلام، من آلمانی بلد نیستم"],
}

EMERGENCIES = {
    "en": [
        "There's a fire in the flat next door!", "my neighbour's house is on fire", "I can smell gas in the stairwell",
        "car crash, two people injured", "an old man collapsed and is not breathing", "please send an ambulance",
        "someone is attacking a woman with a knife", "a kid is drowning in the river", "help!", "SOS",
        "Somebody help, my husband is unconscious", "There was an explosion of a gas pipe",
        # short cries and broken English
        "Help! fire!", "help fire", "fire in my house help", "my kitchen is fire", "my house burn help", "he beat me",
        "I am bleeding", "help, my husband collapsed", "a man with a gun in the tram", "there is a burglar in my flat",
        # like the exceptions, and still a danger: one's own pitch, a stabbing after the match, a father "who will kill
        # me" and hits, one's origin, the news van, a film at the cinema, the kitchen knife, a year on a house
        "the player collapsed on our pitch and isn't moving", "a fan was stabbed outside the stadium after the match",
        "my dad will kill me, he is hitting me", "I'm from Ukraine, my flat is on fire",
        "I read the news and then heard gunshots outside", "the news van is on fire in front of the town hall",
        "During the film at the cinema a man collapsed", "a man with a kitchen knife is in our stairwell",
        "help! I'm bored but there is smoke in the kitchen", "my husband is getting violent, please come",
        "The 1990 building on Schillerstraße is burning", "I'm drowning in work and now the flat next door is on fire",
        "Bayern attacked a lot and then a fan was stabbed", "I was reading a book when I smelled smoke in the flat",
        "During the match a man collapsed in the stands", "help! there's a fire, I'm hungry",
        # a question about a place nearby, not general knowledge
        "Why does the kitchen smell of gas?", "my husband can't breathe",
    ],
    "uk": [
        "Допоможіть! Горить квартира", "У під'їзді сильно пахне газом", "Сталася аварія, є поранені",
        "Жінка непритомна, не дихає", "Викличте поліцію, тут чоловік з ножем", "Дитина тоне в озері", "Рятуйте!",
        "Чоловік стікає кров'ю", "ДОПОМОЖІТЬ", "Чоловік б'є мене", "В квартиру хтось вломився",
        "Сусіди кричать про допомогу, там пожежа", "Чому в під'їзді пахне газом?",
    ],
    "ru": [
        "Помогите! Пожар в квартире", "В подъезде сильно пахнет газом", "Авария на перекрёстке, есть раненые",
        "Мужчине плохо, он не дышит", "Срочно вызовите скорую", "Какой-то человек с ножом угрожает людям",
        "Ребёнок тонет в пруду", "Спасите!", "ПОМОГИТЕ", "пожар!", "Фанат с ножом напал на людей после матча",
        "Я из Украины, у меня горит квартира", "Дедлайн горит, а еще у соседей пожар", "Мой муж бьет меня",
        "Что делать? Муж потерял сознание!", "Ко мне в квартиру залез вор", "Почему в подъезде пахнет газом?",
    ],
    "ar": [
        "النجدة! حريق في الشقة", "في رائحة غاز قوية في البيت", "حادث سير وفي جرحى", "رجل مغمى عليه ولا يتنفس",
        "اتصلوا بالشرطة، رجل معه سكين", "طفل يغرق في البحيرة", "ساعدوني!", "امرأة تنزف كثيرا",
        "بعد المباراة طعن رجل مشجعا", "حريق في السينما!", "أنا أنزف", "ابني سقط وينزف كثيرا",
        "لماذا توجد رائحة غاز في المطبخ؟",
    ],
    "tr": [
        "İmdat! Evde yangın var", "Apartmanda gaz kokuyor", "kaza oldu, yaralilar var", "Adam bayıldı, nefes almıyor",
        "Polis çağırın, adamın elinde bıçak var", "Çocuk suda boğuluyor", "yardim edin!", "ambulans lazim hemen",
        "yangin var", "yangın var", "Maçtan sonra taraftar bıçaklandı", "Kocam bana şiddet uyguluyor",
        "Stadyumda yangın var!", "Apartmanda neden gaz kokuyor?",
    ],
    "pl": [
        "Pomocy! Pali się mieszkanie", "Na klatce czuć gaz", "Wypadek, są ranni", "Mężczyzna stracił przytomność",
        "Proszę wezwać policję, ktoś ma nóż", "Dziecko tonie w stawie", "ratunku!", "pozar!!", "POMOCY", "pożar",
        "Po meczu kibic został dźgnięty nożem", "Przemoc domowa u sąsiadów, słychać krzyki", "Mąż mnie bije",
        "Dzieci bawiły się nad rzeką, jedno się topi", "Dlaczego na klatce czuć gaz?",
    ],
}

HARMLESS = [
    "can you help me with my passport?", "I need help registering my address", "help", "Please help me with the form",
    "where is the police station?", "what is the emergency number in Germany?", "the street light is burning all day",
    "how much does the fire brigade access permit cost", "The playground fence is broken and kids could get hurt",
    "Допоможіть мені заповнити анкету", "Мені потрібна допомога з реєстрацією", "Ліхтар на вулиці не горить",
    "Де подати заяву на допомогу?", "Помогите мне с регистрацией, пожалуйста", "Мне нужна помощь с документами",
    "Фонарь не горит уже неделю", "Фонарь горит весь день", "Где находится полицейский участок?",
    "ساعدني في تعبئة الطلب من فضلك", "أحتاج مساعدة في التسجيل", "كم يستغرق إصدار جواز السفر؟", "أين مركز الشرطة؟",
    "Pasaport başvurusu için yardım eder misiniz?", "Kira yardımı nasıl alınır?", "sokak lambası gündüz de yanıyor",
    "Polis karakolu nerede?", "Potrzebuję pomocy z wnioskiem", "Czy mogą Państwo pomóc mi z meldunkiem?",
    "Latarnia pali się cały dzień", "Gdzie jest komisariat policji?", "Das Essen beim Griechen am Markt ist fire",
    # sauce ("sos") with a pizza, slang and figures of speech
    "Pizza için hangi sos?", "Bu sos çok lezzetli", "Jaki sos do pizzy polecasz?", "Poproszę pizzę i sos",
    "That song is fire", "This is an explosion of flavour",
    # sports
    "Who won the match? Bayern attacked a lot", "The striker was injured in the match", "Football injuries are common",
    "The player collapsed on the pitch yesterday", "Our striker is on fire", "We beat them easily",
    "Нападающий сборной травмирован", "Наша команда просто горит в этом сезоне", "Bayern atakował cały mecz",
    "Lewandowski jest ranny? Nie zagra?", "Oyuncu sahada bayıldı dün, gördün mü", "Takım bu sezon alev alev",
    "بايرن هاجم طوال المباراة",
    # fiction, titles, music and games
    "Attack on Titan is the best anime", "Have you seen Top Gun?", "I love Guns N' Roses", "Is Burning Man worth it?",
    "Fire and Blood is a great book", "Which Pokemon is fire type?", "In Minecraft my house burned down, lol",
    "I keep drowning in Zelda", "Гарри Поттер и Кубок огня моя любимая книга", "Пісня Вогонь у серці дуже гарна",
    "Harry Potter i Czara Ognia to moja ulubiona książka", "Titan'a Saldırı en iyi anime", "هجوم العمالقة أفضل أنمي",
    # feelings and sayings
    "I'm on fire today!", "I'm bleeding money on rent", "My heart is bleeding for Ukraine",
    "Kill me now, this weather is awful", "I'm drowning in work", "My boss will kill me if I'm late",
    "I almost fainted when I saw the bill", "My mouth is burning, this curry is so hot",
    "I laughed so hard I can't breathe lol", "Я тону в работе", "Я задыхаюсь от жары", "Mięso dusi się w garnku",
    "Серце кров'ю обливається", "Дедлайн горит", "Ці крильця такі гострі, аж рот горить", "İşte boğuluyorum",
    "İçim yanıyor", "Serce mi krwawi", "Tonę w długach", "أنا غرقان في الشغل", "قلبي ينزف على فلسطين",
    # slang praise
    "This curry is fire!", "Эта пицца просто огонь!", "Ta pizza to ogień!", "Bu şarkı alev", "هذه البيتزا نار!",
    # a cry about an everyday trouble
    "Help! I can't decide what to eat", "Help!! I'm so bored", "I'm fed up, help!", "Мне скучно, помогите!",
    "Допоможіть! Не знаю, що приготувати", "Nudzę się, ratunku!", "Canım sıkılıyor, imdat!", "أنا زهقان، ساعدوني!",
    # questions of general knowledge and health, the cost of an ambulance
    "What are the symptoms of a heart attack?", "Why is fire hot?", "Can you drown in a bathtub?",
    "How much does an ambulance ride cost in Germany?", "Who pays for the ambulance?", "How do I use a fire blanket?",
    "Какие симптомы инфаркта?", "Как работает пистолет?", "Сколько стоит скорая в Германии?", "Jak rozpoznać udar?",
    "Ile kosztuje karetka w Niemczech?", "Kalp krizi belirtileri nelerdir?", "Ambulans Almanya'da ücretli mi?",
    "Yangın tüpü nereden alınır?", "كيف أوقف نزيف الأنف؟", "كم تكلفة الإسعاف في ألمانيا؟",
    # the statistics and the safety of the city
    "Is Gera a violent city?", "Are there many burglaries in Gera?", "Domestic violence statistics Germany",
    "Is it legal to own a gun in Germany?", "Статистика домашнего насилия в Германии",
    "Czy w Gerze jest dużo przemocy?", "Gera'da şiddet çok mu?", "هل يوجد عنف كثير في غيرا؟",
    # the news, history, places far away
    "Tell me about the Great Fire of London", "Did you hear about the explosion in Beirut?",
    "Russia attacked Ukraine in 2022", "Kennedy was shot in Dallas", "Wildfires are burning in California",
    "Лесные пожары в Калифорнии ужасные", "Вчера был взрыв в Берлине, слышал?", "Wielki pożar Londynu był w 1666",
    "Beyrut'taki patlamayı duydun mu?", "غرقت تايتانيك سنة 1912",
    # eating with a knife, smoking as a habit
    "Knife and fork please", "Do I eat pizza with a knife?", "Where can I smoke in Gera?",
    "Can I smoke on the balcony?", "Дайте нож и вилку, пожалуйста", "Czy pizzę je się nożem?", "Bıçak ve çatal lütfen",
    "سكين وشوكة من فضلك",
    # politics, emojis, words of violence talked about
    "Politics is a dumpster fire", "The government is on fire, they are doing great", "The news is so violent",
    "The minister is under fire for his comments", "The opposition is attacking the government over taxes",
    "I need a gun emoji", "Stop the violence", "Opozycja zaatakowała premiera", "Muhalefet hükümete saldırdı",
    "المعارضة هاجمت الحكومة", "Политика это пожар в мусорке",
]


def training_examples():
    """(intent, text) of every example in the German training data, entity markup removed."""
    for path in sorted((ROOT / "nlu" / "data").glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in item.get("examples", "").splitlines():
                text = re.sub(r"\[([^\]]*)\](\([^)]*\)|\{[^}]*\})", r"\1", line.strip()[2:])
                if text:
                    yield item.get("intent"), text


@pytest.mark.parametrize("text", GERMAN)
def test_german_stays_german(text):
    assert detect_language(text) == "de"


@pytest.mark.parametrize("language, text", [(lang, text) for lang, texts in FOREIGN.items() for text in texts])
def test_foreign_language_is_named(language, text):
    assert detect_language(text) == language


@pytest.mark.parametrize("language, text", [(lang, text) for lang, texts in EMERGENCIES.items() for text in texts])
def test_foreign_emergency_is_recognised(language, text):
    assert foreign_emergency(text)


@pytest.mark.parametrize("language, text", [(lang, t) for lang, ts in EMERGENCIES.items() for t in ts if len(t) > 20])
def test_language_of_a_longer_emergency_is_named(language, text):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_foreign_message_is_no_emergency(text):
    assert not foreign_emergency(text)


def test_german_training_texts_are_no_foreign_emergency():
    matches = [(intent, text) for intent, text in training_examples() if foreign_emergency(text)]
    assert [m for m in matches if m[0] != "emergency"] == []


def test_german_training_texts_stay_german():
    # out_of_scope holds English small talk on purpose ("how old are you").
    foreign = [(intent, text) for intent, text in training_examples() if detect_language(text) != "de"]
    assert [f for f in foreign if f[0] != "out_of_scope"] == []


def test_every_language_has_both_fixed_texts():
    responses = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    for language in SUPPORTED[1:]:
        emergency = responses[f"utter_emergency_{language}"][0]["text"]
        german_only = responses[f"utter_german_only_{language}"][0]["text"]
        assert "112" in emergency and "110" in emergency
        assert "0365 838-1900" in german_only and "112" in german_only and "110" in german_only
        assert emergency.count("\n") <= 2 and german_only.count("\n") <= 2
