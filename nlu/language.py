"""Which language a message is in, and whether a foreign message is an emergency.

The assistant understands only German. A citizen who writes in English,
Ukrainian, Russian, Arabic, Turkish or Polish must not be met with silence:
`detect_language` names the language so that a fixed short text in it can be
shown, and `foreign_emergency` recognises an acute danger written in one of
those languages so that the citizen gets 112 / 110 at once. German
emergencies are nlu/emergency.py's job; nothing here looks for German words.

Taking German for a foreign language is the worst mistake (a citizen would
get an answer they did not ask for), so `detect_language` answers "de"
whenever it is unsure. Script decides what script can decide (Cyrillic,
Arabic, letters only Turkish or Polish have); the statistical detector
(lingua, its models ship inside the pip package, no download) only judges
Latin-script messages long enough to judge, and Ukrainian against Russian.
bench/language_detection.py has the figures behind the choice.
"""

import re
from functools import lru_cache
from typing import Optional

from nlu.emergency import EXPLOSION_OF, SOS_AS_SAUCE

SUPPORTED = ("de", "en", "uk", "ru", "ar", "tr", "pl")

# Below this many words or letters a Latin-script message is too short for any
# detector ("ok", "moin", "Sorge 12" come out as English or Polish): German.
_MIN_WORDS, _MIN_LETTERS = 3, 12
# The detector's confidence (0..1, shared among its languages) needed to call a
# longer Latin-script message foreign; German chat slang rarely gets past it.
_MIN_CONFIDENCE = 0.4
# A visitor's language (French, Spanish, Italian, Portuguese) where the first detector saw German or was unsure:
# only when the second detector is this sure of it and gives German less than this.
_MIN_VISITOR_CONFIDENCE, _MAX_GERMAN = 0.6, 0.15

_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[a-z\u00c0-\u024f\u1e00-\u1eff]", re.IGNORECASE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_UKRAINIAN_LETTERS = re.compile(r"[іїєґ]", re.IGNORECASE)  # never in Russian
_RUSSIAN_LETTERS = re.compile(r"[ыэъё]", re.IGNORECASE)  # never in Ukrainian
# Persian, Kurdish (Sorani) and Urdu letters that Arabic does not have: such a
# reader is not helped by an Arabic text.
_PERSIAN_LETTERS = re.compile(r"[پچژگکیێۆڕڵە]")
_TURKISH_LETTERS = re.compile(r"[ıİşŞğĞ]")
_POLISH_LETTERS = re.compile(r"[ąęłżśźćńĄĘŁŻŚŹĆŃ]")
_OTHER_LETTERS = re.compile(r"[ășțĂȘȚơưđƠƯĐ\u1ea0-\u1ef9¿¡]")  # Romanian, Vietnamese, Spanish question and exclamation marks
# Words no German writes, enough to name the language of a short message.
_FOREIGN_WORDS = {
    "merhaba": "tr", "tesekkurler": "tr", "tesekkur": "tr", "almanca": "tr", "lutfen": "tr", "lütfen": "tr",
    "dziekuje": "pl", "dzien": "pl", "witam": "pl", "prosze": "pl", "pomocy": "pl", "ratunku": "pl",
    "english": "en", "morning": "en",
    # Visitors' languages, answered in English (too short for a detector: "Bonjour", "¿Hablas español?").
    "bonjour": "other", "parlez": "other", "français": "other", "francais": "other", "hablas": "other", "habla": "other",
    "español": "other", "espanol": "other", "buongiorno": "other", "parla": "other", "italiano": "other", "chào": "other",
    "dobry": "pl", "wieczór": "pl", "spasibo": "ru", "shukran": "ar",
}
# Street names are German whatever language surrounds them ("pothole on
# Heinrichstrasse"); they are left out before the detector judges.
_STREET = re.compile(r"\b[\w-]*(?:straße|strasse|str\.|platz|weg|allee|gasse)(?!\w)(?:\s*\d+\w?)?", re.IGNORECASE)
# German grammar words that someone who cannot write German does not produce
# (unlike "hallo", "danke", "bitte", which visitors know). One of them keeps a
# message German even when the detector leans elsewhere ("wer ist taylor swift").
# Left out: words that are also English, Polish or Turkish (was, die, am, im,
# man, er, ja, sie, wie, ne, hat, bin, mal).
_GERMAN_WORDS = frozenset(
    "ich du es wir ihr ist bist sind wird nicht nich kein keine keinen und oder aber der das dem den des "
    "ein eine einen einem einer mit von vom zum zur bei beim auf aus für fuer über ueber nach wo wer wann "
    "warum wieso kann kannst muss mein meine mir mich dir dich uns hier auch noch schon gibt geht jetzt nee nö "
    "zu".split()
)


@lru_cache(maxsize=None)
def _detector():
    """The lingua detector, built once on first use (building it loads its models: about a second)."""
    from lingua import Language, LanguageDetectorBuilder

    # Only the languages we answer in, plus Romanian and Vietnamese (frequent in
    # Gera) so that their messages become "other" instead of a wrong guess.
    # Arabic script needs no model: script alone decides.
    return (
        LanguageDetectorBuilder.from_languages(
            Language.GERMAN, Language.ENGLISH, Language.TURKISH, Language.POLISH,
            Language.UKRAINIAN, Language.RUSSIAN, Language.ROMANIAN, Language.VIETNAMESE,
        )
        .with_preloaded_language_models()  # the first message in a new language would otherwise wait for its model
        .build()
    )


@lru_cache(maxsize=None)
def _visitors_detector():
    """A second lingua detector for visitors' languages (French, Spanish, Italian, Portuguese) against German and English.

    It is asked only when the first detector found German or was unsure: added to the
    first one, these languages would thin out its confidence values and turn English
    messages German ("I don't speak German"); asked alone, they keep "Bonjour, vous
    parlez français?" from being read as a German goodbye. About a tenth of a
    millisecond per message it is asked.
    """
    from lingua import Language, LanguageDetectorBuilder

    return (
        LanguageDetectorBuilder.from_languages(
            Language.GERMAN, Language.ENGLISH, Language.FRENCH, Language.SPANISH, Language.ITALIAN, Language.PORTUGUESE,
        )
        .with_preloaded_language_models()
        .build()
    )


def preload() -> None:
    """Build the detectors now (1-3 s, about 250 MB), e.g. at start-up, instead of on the first message that needs them."""
    _detector()
    _visitors_detector()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the message's language (one of SUPPORTED, or "other"); "de" when unsure."""
    cyrillic, arabic = len(_CYRILLIC.findall(text)), len(_ARABIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic > max(latin, arabic):
        return _ukrainian_or_russian(text)
    if arabic > latin:
        return "other" if _PERSIAN_LETTERS.search(text) else "ar"
    strong = "tr" if _TURKISH_LETTERS.search(text) else "pl" if _POLISH_LETTERS.search(text) else None
    strong = strong or ("other" if _OTHER_LETTERS.search(text) else None)
    words = _WORD.findall(_STREET.sub(" ", text))
    strong = strong or next((_FOREIGN_WORDS[w.lower()] for w in words if w.lower() in _FOREIGN_WORDS), None)
    if len(words) < _MIN_WORDS or sum(map(len, words)) < _MIN_LETTERS:
        return strong or "de"
    if any(w.lower() in _GERMAN_WORDS for w in words):
        return "de"
    best = _detector().compute_language_confidence_values(" ".join(words))[0]
    code = best.language.iso_code_639_1.name.lower()
    if code == "de" or best.value < _MIN_CONFIDENCE:
        return _visitors_language(words)
    return code if code in SUPPORTED else "other"


def _visitors_language(words) -> str:
    """ "other" for a message clearly in French, Spanish, Italian or Portuguese, else "de"."""
    values = _visitors_detector().compute_language_confidence_values(" ".join(words))
    best = values[0]
    german = next((v.value for v in values if v.language.iso_code_639_1.name == "DE"), 0.0)
    if best.language.iso_code_639_1.name in ("FR", "ES", "IT", "PT") and best.value >= _MIN_VISITOR_CONFIDENCE and german < _MAX_GERMAN:
        return "other"
    return "de"


def _ukrainian_or_russian(text: str) -> str:
    if _UKRAINIAN_LETTERS.search(text):
        return "uk"
    if _RUSSIAN_LETTERS.search(text):
        return "ru"
    from lingua import Language

    detector = _detector()
    ukrainian = detector.compute_language_confidence(text, Language.UKRAINIAN)
    return "uk" if ukrainian > detector.compute_language_confidence(text, Language.RUSSIAN) else "ru"


# --- Emergencies in other languages -------------------------------------------------------------
# Matched on folded text: lowercase, Turkish and Polish letters without their
# marks (citizens on German keyboards write "yangin", "pozar"), ё as е, one
# apostrophe, Arabic without vowel marks and with one form of alef, yeh, teh marbuta.
_FOLD = str.maketrans(
    {"ı": "i", "ş": "s", "ğ": "g", "ç": "c", "ö": "o", "ü": "u", "â": "a", "î": "i",
     "ą": "a", "ę": "e", "ł": "l", "ó": "o", "ś": "s", "ć": "c", "ń": "n", "ż": "z", "ź": "z",
     "ё": "е", "’": "'", "ʼ": "'", "`": "'",
     "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None}
)
_ARABIC_MARKS = re.compile(r"[\u064b-\u0652\u0670]")


def _fold(text: str) -> str:
    return _ARABIC_MARKS.sub("", text.replace("İ", "i").lower().translate(_FOLD))


# A cry for help counts when it is the whole message ("помогите", "pomocy!!")
# or ends in "!": "help me with my passport" and "помогите мне с регистрацией"
# ask for assistance, not rescue. A bare "help" asks for the menu (German
# users write it too), so it counts only with "!".
_CRIES = {
    "en": r"help me|help us|please help|somebody help|someone help|help please",
    "uk": r"допоможіть|рятуйте|на допомогу",
    "ru": r"помогите|спасите|на помощь",
    "ar": r"ساعدوني|ساعدونا|ساعدني|ساعدنا|النجده|انقذوني",
    "tr": r"yardim edin|imdat|kurtarin",
    "pl": r"pomocy|ratunku|na pomoc|pomozcie",
}
_CRY = "|".join(_CRIES.values())
_POLITE = r"please|будь ласка|пожалуйста|من فضلك|من فضلكم|ارجوكم|lutfen|prosze"
_CRY_ALONE = rf"^\W*(?:{_CRY})(?:\W+(?:{_CRY}|{_POLITE}))*\W*$"
_CRY_LOUD = rf"(?:^|\W)(?:{_CRY}|help)\s*!"

# Per language: fire and smoke; gas; people hurt; help needed; violence; water.
# Stems, so that inflected forms match; no bare "police" or "fire brigade",
# which citizens also ask about ("where is the police station?").
_NOT_FIRE = "brigade|department|station|service|safety|protection|extinguisher|exit|escape|door|place|wood|hydrant"
_SIGNALS = {
    "en": [
        rf"\bfire\b(?! ({_NOT_FIRE}))", r"\bburning\b", r"\bburn(s|ed)? down\b", r"\bflames\b", r"\bexplo(sion|ded)\b",
        r"\b(thick|black|heavy|lots of|much|there is|there's|full of|smell of|smells of) smoke\b",
        r"\bsmoke (is )?(coming|everywhere|pouring|in|from)\b",
        r"\bgas (smell|leak)", r"\bsmell\w* (of |like )?gas\b", r"\bleaking gas\b",
        r"\binjur(ed|ies)\b", r"\b(badly|seriously|is|are|got|been) hurt\b", r"\bbleed(ing|s)?\b", r"\bunconscious\b",
        r"\bpassed out\b", r"\bfaint(ed|ing)\b", r"\bcollapsed\b", r"\b(not|can't|cannot|stopped) breathing\b",
        r"\b(he|she|they|man|woman|person|child|kid|baby|someone|somebody) (is |are )?not moving\b",
        r"\bheart attack\b", r"\b(having|had) a stroke\b", r"\bseizure\b", r"\boverdose\b",
        r"\b(hit|run over) by an? (car|bus|tram|truck|lorry)\b",
        r"\bambulance\b", r"\bparamedics?\b",
        r"\bcall (the |an? )?(police|ambulance|fire ?(brigade|department)|112|110)\b",
        r"\b(need|send|get) (the |a )?(police|ambulance)\b(?! (station|office|certificate|report|clearance))",
        r"\b(this|it) is an emergency\b", r"\bit's an emergency\b", r"\bemergency\s*!", r"\bin danger\b",
        r"\blife[- ]threatening\b",
        r"\battack(ed|ing|s)?\b", r"\bknife\b", r"\bstabb(ed|ing)\b", r"\bguns?\b", r"\bweapons?\b", r"\bgunshots?\b",
        # not German "Shooting" (photo shoot) or "Shots" (drinks)
        r"\b(is|are|was|a|someone|somebody) shooting\b", r"\b(was|been|got|is|were) shot\b", r"\bshots (fired|heard)\b",
        r"\bviolen(ce|t)\b", r"\bbeaten\b", r"\bbeat(ing|s)? (me|him|her|us|them|someone|somebody|a|his|their|my)\b",
        r"\brob(bed|bery)\b", r"\bburglar", r"\bbreaking in", r"\bthreaten(ing|s|ed)\b", r"\brap(e|ed)\b", r"\bkidnap",
        r"\bkill (me|him|her|us|myself)\b", r"\bsuicide\b",
        r"\bdrown", r"\b(fell|fallen|jumped) (\w+ ){0,2}(in|into) the (water|river|lake|pond)\b",
        r"\b(someone|somebody|child|kid|man|woman|person) (\w+ ){0,2}in the (water|river|lake)\b",
    ],
    "uk": [
        r"\bпожеж(а|і|у|ею)\b", r"\bгорить\b", r"\bгорять\b", r"\bзагорі(в|лась|лося|лись)", r"\bпала(є|ють)\b",
        r"\bвог(онь|ню)\b", r"\bполум", r"\bдим(у|ом)?\b", r"\bзадимл", r"\bвибух",
        r"\b(пахне|пахнуть|запах|смердить|відчува)\w* (\w+ ){0,2}газ", r"\bгаз\w* (\w+ ){0,2}(пахне|запах|вит[іи]к)",
        r"\bвит[іи]к\w* газ",
        r"\bпоранен", r"\bтравмован", r"\bкровотеч", r"\bкровоточ", r"\bкров'ю\b", r"\b(в|у) крові\b",
        r"\bбез свідомості\b", r"\bнепритомн", r"\bзнепритомн", r"\bне дихає\b", r"\bсерцев\w* напад", r"\bінфаркт",
        r"\bінсульт", r"\bзби(в|ла|ло|ли) (\w+ )?(людину|пішохода|дитину|чоловіка|жінку|машина|авто|автобус|трамвай)",
        r"\bшвидк\w* (медичн\w* )?допомог", r"\bвиклич\w* (швидку|поліцію|пожежн|рятувальник)",
        r"\bпотрібн\w* (швидка|поліція)\b", r"\bрятувальник",
        r"\bнапад", r"\bнапа(в|ла|ли)\b", r"\bнож(ем|а)\b", r"\bпістолет", r"\bзбро(я|єю)\b", r"\bстріля", r"\bпостріл",
        r"\bб'(ють|є)\b", r"\bпобили\b", r"\bвбива", r"\bнасильств", r"\bпогрожу",
        r"\bтоне\b", r"\bтонуть\b", r"\bпотопа", r"\bвтопи", r"\bвпа\w* (у|в) (річку|воду|ставок|озеро)",
        r"\b(людина|дитина|хтось|чоловік|жінка) (\w+ ){0,2}у воді\b", r"\bрятуйте\b",
    ],
    "ru": [
        r"\bпожар(а|у|ом|е|ы|ище)?\b", r"\bгорит\b", r"\bгорят\b", r"\bзагорел", r"\bпылает\b", r"\bог(онь|ня)\b",
        r"\bпламя\b", r"\bдым(а|у|ом)?\b", r"\bзадымлен", r"\bвзрыв",
        r"\b(пахнет|пахнут|запах|воняет|чувству)\w* (\w+ ){0,2}газ",
        r"\bгаз\w* (\w+ ){0,2}(пахнет|запах|утечк|утекает)",
        r"\bутечк\w* газ",
        r"\bранен", r"\bтравмирован", r"\bкровотеч", r"\bкровью\b", r"\bв крови\b", r"\bбез сознания\b",
        r"\bпотерял\w* сознание", r"\bне дышит\b", r"\bсердечн\w* приступ", r"\bинфаркт", r"\bинсульт",
        r"\bсбил[аио]? (\w+ )?(человека|пешехода|ребенка|мужчину|женщину|машина|автомобиль|автобус|трамвай)",
        r"\bскор(ую|ая|ой)\b", r"\bвызовите (\w+ )?(скорую|полицию|пожарных|спасателей)",
        r"\bнужн\w* (скорая|полиция)\b",
        r"\bспасател",
        r"\bнапад(ает|ают|ение)", r"\bнапал(а|и)?\b", r"\bнож(ом|а|ами)?\b", r"\bпистолет", r"\bс оружием\b",
        r"\bстреля", r"\bстрельб", r"\bвыстрел", r"\bбьют\b", r"\bизби(ва|л)", r"\bубива", r"\bнасили", r"\bугрожа",
        r"\bтонет\b", r"\bтонут\b", r"\bутону", r"\bутопа", r"\bупал\w* (в|во) (реку|воду|озеро|пруд)",
        r"\b(человек|ребенок|кто-то|мужчина|женщина) (\w+ ){0,2}в воде\b", r"\bспасите\b",
    ],
    "ar": [
        r"حريق", r"حترق", r"\b(ال|و|وال|بال)?نار\b", r"دخان", r"انفجار",
        r"(رائحه|ريحه)\s+(ال)?غاز", r"تسرب\w*\s+(ال)?غاز", r"غاز\s+(\S+\s+)?(يتسرب|متسرب|بيتسرب)",
        r"جريح", r"جرحي", r"مجروح", r"\b(ال)?مصاب(ين|ون)?\b(?!\s*ب)", r"ينزف|تنزف|نزيف",
        r"(فاقد|فقد|فقدان)\w*\s+(ال)?وعي", r"(مغمي|اغمي)\s+عليه", r"\b(لا|ما|مش)\s+(عم\s+)?(يتنفس|تتنفس)",
        r"نوبه\s+قلبيه", r"جلطه", r"دهس",
        r"اسعاف", r"\b(اتصل|اطلب|ناد|احتاج|نحتاج|ارسل|ابعث)\w*\s+\S{0,3}(شرطه|اسعاف|مطافي|اطفاء)",
        r"هجوم|يهاجم|هاجم", r"سكين", r"مسدس", r"سلاح", r"مسلح", r"اطلاق\s+(ال)?نار|يطلق\s+(ال)?نار|رصاص",
        r"\b(ي|ت)?ضرب(ون|ني|وني)?\b", r"\bعنف\b", r"يهدد|تهديد",
        # not "يستغرق" (it takes time)
        r"\b(ي|ت|ال|و)?غر(ق|يق)", r"(سقط|وقع)\w*\s+(\S+\s+)?(في|ب)\s*(ال)?(نهر|ماء|مياه|بحيره|بركه)",
        r"النجده|\bنجده\b", r"انقذ(وني|ونا|ني)", r"الحقوني",
    ],
    "tr": [
        r"\byangin", r"\byaniyor\b", r"\btutustu\b", r"\balev\b", r"\balevler", r"\bduman", r"\bpatlama",
        r"\bgaz (\w+ )?(koku|kac)",
        r"\byarali", r"\byaralan", r"\bkaniyor", r"\bkan kaybed", r"\bkanama", r"\bbaygin", r"\bbayildi",
        r"\bbilinci (kapali|yok|yerinde degil)", r"\bnefes almiyor", r"\bkalp krizi", r"\bfelc",
        r"\b(araba|otobus|tramvay|arac)\w* (\w+ )?carpti",
        r"\bambulans", r"\b(polis|itfaiye)\w* (cagir|ara|lazim|gerek)", r"\bacil durum", r"\bacil\s*!",
        r"\bsaldir", r"\bbicak", r"\bsilah", r"\bates (ed|acti)", r"\bdov(uyor|du)", r"\bdayak", r"\bsiddet",
        r"\btehdit",
        r"\bbogul", r"\b(suya|nehre|gole|denize) (\w+ )?(dustu|atladi)", r"\bimdat", r"\bkurtarin\b",
    ],
    "pl": [
        r"\bpozar(u|em|ze|y)?\b", r"\bpali sie\b", r"\bsie pali\b", r"\bplon(ie|a)\b", r"\bog(ien|nia)\b", r"\bplomien",
        r"\bdym(u|em)?\b",
        r"\bzadymion", r"\bwybuch",
        r"\b(czuc|czuje|zapach|smierdzi|wyciek|ulatnia)\w* (\w+ ){0,2}gaz",
        r"\bgaz\w* (\w+ ){0,2}(czuc|zapach|smierdzi|wyciek|ulatnia)",
        r"\brann(a|i|y|ych|ym|ymi)\b", r"\bkrwawi", r"\bkrwotok", r"\bwe krwi\b", r"\bnieprzytomn",
        r"\bstracil\w* przytomnosc", r"\bzemdlal", r"\bnie oddycha\b", r"\bzawal serca\b", r"\budar\b",
        r"\bpotrac(il|on)",
        r"\bkaret(k|ce)", r"\bpogotowi(e|a|u)\b", r"\bpotrzeb\w* (policj|karetk)",
        r"\b(wezwij|wezwijcie|wezwac|zadzwon\w*)( po| na)? (\w+ )?(policj|karetk|straz|pogotowi)",
        r"\bnapad", r"\bnapasc", r"\batak(uje|uja|owal)", r"\bzaatakowal", r"\bnoz(em|a)?\b", r"\bpistolet",
        r"\bz bronia\b", r"\bstrzela", r"\bstrzal", r"\bbij(e|a) (\w+ )?(mnie|go|ja|ich|kogos|czlowieka|dziecko)",
        r"\bpobil", r"\bprzemoc", r"\bgrozi (mi|nam)\b",
        # not German "Tonie" (a children's audio box)
        r"\btopi sie\b",
        r"\b(ktos|dziecko|czlowiek|mezczyzna|kobieta|chlopiec|dziewczynka|pies) (\w+ ){0,2}ton(ie|a)\b",
        r"\butonal", r"\bwpadl\w* do (wody|rzeki|stawu|jeziora)", r"\bratunku\b",
    ],
}
_SIGNAL = re.compile("|".join([_CRY_ALONE, _CRY_LOUD, r"\bsos\b", *(p for ps in _SIGNALS.values() for p in ps)]))
# Each language's own words, to tell which language a short cry is in ("help fire"),
# where the detector would not judge; the cries shared by all ("SOS") tell nothing.
_LANGUAGE_SIGNALS = {
    language: re.compile("|".join([rf"(?:^|\W)(?:{_CRIES[language]})(?:\W|$)", *patterns]))
    for language, patterns in _SIGNALS.items()
}

# Ordinary reports that share a word with an emergency: a street light that
# "burns" all day, or does not ("ліхтар не горить"), and denials.
_EXCEPTION = re.compile(
    "|".join(
        [
            r"\b(lamp|light|lantern|streetlight|bulb)s?\b.{0,40}?\bburn\w*", r"\bburning hot\b",
            r"\bnot an emergency\b", r"\bno emergency\b",
            # German youth slang: "Das Essen ist fire" means it is great.
            r"\b(ist|war|sind|waren|so|voll|mega|echt|richtig) (\w+ )?fire\b(?! (in|im|at|on)\b)",
            # English slang too: "That song is fire". Only for things one can praise; "the house is on fire" stays.
            r"\b(song|track|album|music|beat|outfit|weather|food|pizza|burger|game|match|movie|film|show|vibe|party|concert)s? "
            r"(is|was|are|looks|sounds|so) (so |straight |pure |literally |absolutely )?fire\b",
            EXPLOSION_OF,
            SOS_AS_SAUCE,
            r"\b(ліхтар|лампа|світло|освітлення)\w*.{0,40}?\bгор\w*", r"\bне гор\w*",
            r"\b(фонар|ламп|свет|освещени)\w*.{0,40}?\bгор\w*",
            r"\b(latarni|lamp|swiatl|oswietl)\w*.{0,40}?\bpali sie\b", r"\bpali sie (\w+ )?(swiatlo|latarnia|lampa)",
            r"\b(lamba|isik|aydinlatma)\w*.{0,40}?\byan(iyor|ik)\b",
        ]
    )
)


def foreign_emergency(text: str) -> bool:
    """True when the text names an acute danger to people in English, Ukrainian, Russian, Arabic, Turkish or Polish."""
    return _danger(text) is not None


def emergency_language(text: str) -> Optional[str]:
    """The language whose words name the danger ("help fire" -> "en"); None when none or no single one does."""
    folded = _danger(text)
    if folded is None:
        return None
    return next((language for language, signal in _LANGUAGE_SIGNALS.items() if signal.search(folded)), None)


def _danger(text: str) -> Optional[str]:
    """The folded text when it names an acute danger, else None."""
    folded = _fold(text)
    if not _SIGNAL.search(folded):
        return None
    # An exception only blanks the words it covers, so "the lamp burns, and a man is bleeding" stays an emergency.
    folded = _EXCEPTION.sub(lambda m: " " * len(m.group()), folded)
    return folded if _SIGNAL.search(folded) else None
