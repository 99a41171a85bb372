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

from nlu.emergency import EXPLOSION_OF, SOS_AS_SAUCE, cut_long_words

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
    return cut_long_words(_ARABIC_MARKS.sub("", text.replace("İ", "i").lower().translate(_FOLD)))


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
# "Fire" followed by one of these is a thing, a service or a rule, not a fire: "fire hazard", "fire blanket",
# "fire type".
_NOT_FIRE = (
    "brigade|department|station|service|safety|protection|extinguisher|exit|escape|door|place|wood|hydrant|drill|hazard"
    "|risk|insurance|regulations?|code|prevention|blankets?|emblem|type|sign|element|emoji|ants?|fly|flies|pit|bowl"
)
# English: someone a danger can befall ("attacked a woman"), where a team, a country or a toy cannot.
_EN_PERSON = (
    r"(?:me|us|him|her|them|you|someone|somebody|people|everyone|passers-?by"
    r"|(?:a|an|the|my|his|her|our|their|two|three|some|this|that|an old|a young|an elderly) (?:\w+ )?"
    r"(?:man|men|woman|women|lady|guy|person|child|children|kid|kids|boy|boys|girl|girls|baby|wife|husband|partner"
    r"|mum|mom|mother|dad|father|son|daughter|friend|neighbou?r|brother|sister|fan|fans|referee|officer|driver"
    r"|passenger|student|teacher|family|couple|tourist|pupil|teenager|stranger|cyclist|pedestrian|cashier|homeless"
    r"|grandma|grandpa|grandmother|grandfather|colleague|girlfriend|boyfriend|worker|nurse|doctor|guard|dog|cat))"
)
# English: a weapon held, drawn or pointed ("a man with a knife", "he pulled a gun"), not a gun or a knife talked about
# ("Top Gun", "knife and fork", "is it legal to own a gun").
_EN_ARMS = r"(?:guns?|pistols?|rifles?|shotguns?|revolvers?|weapons?|knife|knives|machetes?|axe|blades?)"
_EN_ARMED = (
    r"\b(?:with|has|have|had|having|holding|holds|held|carrying|carries|carried|waving|waves|waved|pointing|points"
    r"|pointed|brandish\w*|(?:pulled|pulls|pulling|pull|took|takes|taking|got|gets|drew|draws|drawing)(?: out)?) "
    r"(?:(?:a|an|his|her|their|the|two|some|its) )?"
    r"(?:(?:big|huge|long|large|loaded|real|kitchen|sharp|small|hunting|pocket) )?"
    rf"{_EN_ARMS}\b"
)
_SIGNALS = {
    "en": [
        rf"\bfire\b(?! ({_NOT_FIRE})\b)", r"\bburning\b", r"\bburn(s|ed)? down\b",
        # broken English: "my house burn help"
        r"\b(house|flat|apartment|kitchen|room|car|building|home|garage|roof|balcony|attic|basement|shop)"
        r" (is )?burn(s|ing)?\b(?! (oil|fuel|petrol|gas|diesel|calories|money))",
        r"\bflames\b", r"\bexplo(sion|ded)\b",
        r"\b(thick|black|heavy|lots of|much|there is|there's|full of|smell of|smells of) smoke\b",
        r"\bsmoke (is )?(coming|everywhere|pouring|in|from)\b",
        r"\bgas (smell|leak)", r"\bsmell\w* (of |like )?gas\b", r"\bleaking gas\b",
        r"\binjur(ed|ies)\b", r"\b(badly|seriously|is|are|got|been) hurt\b", r"\bbleed(ing|s)?\b", r"\bunconscious\b",
        r"\b(blood everywhere|lots of blood|a lot of blood|so much blood"
        r"|covered in blood|full of blood|pool of blood|losing blood)\b",
        r"\bpassed out\b", r"\bfaint(ed|ing)\b", r"\bcollapsed\b", r"\b(not|can't|cannot|stopped) breathing\b",
        r"\b(can't|cannot|can not|unable to|struggling to) breathe\b",
        r"\b(he|she|they|man|woman|person|child|kid|baby|someone|somebody) (is |are )?not moving\b",
        r"\b(he|she|they|man|woman|person|child|kid|baby|someone|somebody"
        r"|player) (isn't|is not|aren't|are not) (moving|waking up)\b",
        r"\b(screaming|shouting|crying|calling|yelling) for help\b",
        r"\b(smoke|blood)\s*!", r"\bhelp\W+(blood|smoke|knife|gun)\b|\b(blood|smoke|knife|gun)\W+help\b",
        r"\bheart attack\b", r"\b(having|had) a stroke\b", r"\bseizure\b", r"\boverdose\b",
        r"\b(hit|run over) by an? (car|bus|tram|truck|lorry)\b",
        r"\bambulance\b", r"\bparamedics?\b",
        r"\bcall (the |an? )?(police|ambulance|fire ?(brigade|department)|112|110)\b",
        r"\b(need|send|get) (the |a )?(police|ambulance)\b(?! (station|office|certificate|report|clearance))",
        r"\b(this|it) is an emergency\b", r"\bit's an emergency\b", r"\bemergency\s*!", r"\bin danger\b",
        r"\blife[- ]threatening\b",
        # An attack on someone, one that someone suffered or that is going on; not a team that attacks well, a country
        # in the news or a dog attacking its toys.
        rf"\battack(s|ed|ing)? {_EN_PERSON}\b",
        r"\b(was|were|been|being|got|get|gets|am|is|are|'m|'s|'re) (\w+ )?attacked\b",
        r"\b(is|are|was|were|'s|'re) attacking\b",
        r"\b(knife|terror|terrorist|acid|bomb|gun|violent|brutal) attacks?\b",
        r"\battack\s*!", r"\b((an|the) )?attack (at|in|near|on) (the|my|our|a)\b",
        _EN_ARMED, r"\bgun ?(man|men|point|fire|shots?)\b", r"\b(knife|gun)point\b",
        r"\bknife (attack|fight|man|wound)s?\b",
        rf"\b(man|men|guy|guys|woman|person|someone|somebody|boy|boys|people) {_EN_ARMS}\b", rf"\b{_EN_ARMS}\s*!",
        r"\barmed (man|men|person|people|robbery|robber|robbers|attacker|gang|guy|guys|youths?)\b",
        r"\bstabb(ed|ing)\b", r"\bgunshots?\b",
        r"\b(shoot|stab|kill) (me|him|her|us|them|someone|people|everyone)\b(?! (a|an|the|your|my)\b)",
        # not German "Shooting" (photo shoot) or "Shots" (drinks)
        r"\b(is|are|was|a|someone|somebody) shooting\b", r"\bshooting (at|people|everyone)\b",
        r"\b(a|an|the|active) (shooter|gunman)\b", r"\b(was|been|got|is|were) shot\b", r"\bshots (fired|heard)\b",
        # Violence done by someone, here; not the violence of a city, a film or the news.
        r"\b(he|she|they|husband|wife|partner|boyfriend|girlfriend|ex|father|dad|stepfather|mother|mum|mom|son|brother"
        r"|neighbou?rs?|man|guy|men|someone|somebody|people|drunk|customer|patient|guest|passenger)"
        r"('s|\s+(is|are|was|were|gets|got|became|becomes|turned|turns|has become))?"
        r"(\s+(getting|becoming|being|so|very|really|extremely|increasingly|quite|super|more))*\s+violent\b",
        r"\bviolent (man|men|guy|person|people|neighbou?rs?|husband|partner|father|drunks?"
        r"|customer|fight|fighting|attack|argument|row|gang|group)\b",
        r"\bviolence (next door|upstairs|downstairs|right now|now|here|at home|against (me|us|my|her|him|a|the|his)"
        r"|in (the|my|our|this) (flat|house|apartment|building|stairwell|street|room|neighbou?r's|family))\b",
        r"\bbeaten\b", r"\bbeat(ing|s)? (me|him|her|us|them|someone|somebody|a|his|their|my)\b",
        r"\b(is|are|keeps|keep|'s|'re) (hitting|punching|kicking|choking|strangling) (me|him|her"
        r"|us|them|someone|a|an|the|my|his|their|people|children|kids)\b",
        r"\b(he|she|they|husband|wife|partner|boyfriend|father|dad|mother|man|guy|someone"
        r"|somebody) (just )?(hit|punched|kicked|choked|strangled) (me|my|us|her|him)\b",
        r"\brob(bed|bery)\b",
        # A burglar in the house, not burglaries in the statistics or a burglar alarm.
        r"\bburglars? ((is|are|was|were|just) )?(in|inside|at|on|upstairs|downstairs"
        r"|breaking|broke|trying|got|climbing|climbed|here|next door|still)\b",
        r"\b(there is|there's|there are|i see|i hear|i saw|i heard|we have) (a |some |two )?burglars?\b",
        r"\b(being|been|was|were|got) burgled\b", r"\bburglary (in progress|right now|now|next door|at (my|our))\b",
        r"\bbreaking in", r"\bbroke in(to (my|our|the|a) \w+)?\b",
        r"\b(someone|somebody|a man|a guy|a woman|he|they|two men|men) (is |are |has been "
        r"|have been |keeps |keep )?(following|stalking) (me|us|my)\b(?! on\b)",
        r"\bthreaten(ing|s|ed)\b", r"\brap(e|ed)\b", r"\bkidnap",
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
        r"\bбез свідомості\b", r"\bнепритомн", r"\bзнепритомн", r"\bне дихає\b", r"\bне (можу|може) дихати\b",
        r"\bзадиха\w*", r"\bсерцев\w* напад", r"\bінфаркт",
        r"\bінсульт", r"\bзби(в|ла|ло|ли) (\w+ )?(людину|пішохода|дитину|чоловіка|жінку|машина|авто|автобус|трамвай)",
        r"\bшвидк\w* (медичн\w* )?допомог", r"\bвиклич\w* (швидку|поліцію|пожежн|рятувальник)",
        r"\bпотрібн\w* (швидка|поліція)\b", r"\bрятувальник",
        # not "нападник" (a striker), nor Russian "нападающий"
        r"\bнапад(?!ник|ающ)", r"\bнапа(в|ла|ли)\b", r"\bнож(ем|а)\b", r"\bпістолет", r"\bзбро(я|єю)\b", r"\bстріля",
        r"\bпостріл",
        r"\bб'(ють|є)\b", r"\bпобили\b", r"\bвбива", r"\bнасильств", r"\bпогрожу",
        r"\b(вломи(вся|лася|лися|лись)|вдерл?(ся|ася|ися|ись)|вдира\w*"
        r"|заліз\w* (\w+ )?(в|у|до) (квартир|будин|хат|вікн))",
        r"\b(кричить|кричать|кличе|кличуть) (про допомогу|на допомогу|допомоги)\b",
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
        r"\bпотерял\w* сознание", r"\bне дышит\b", r"\bне (могу|может|можем) дышать\b", r"\bзадыха\w*",
        r"\bсердечн\w* приступ", r"\bинфаркт", r"\bинсульт",
        r"\bсбил[аио]? (\w+ )?(человека|пешехода|ребенка|мужчину|женщину|машина|автомобиль|автобус|трамвай)",
        r"\bскор(ую|ая|ой)\b", r"\bвызовите (\w+ )?(скорую|полицию|пожарных|спасателей)",
        r"\bнужн\w* (скорая|полиция)\b",
        r"\bспасател",
        r"\bнапад(ает|ают|ение)", r"\bнапал(а|и)?\b", r"\bнож(ом|а|ами)?\b", r"\bпистолет", r"\bс оружием\b",
        r"\bстреля", r"\bстрельб", r"\bвыстрел", r"\bбьют\b", r"\bизби(ва|л)", r"\bубива", r"\bнасили", r"\bугрожа",
        r"\bбье(т|шь) (меня|нас|его|ее|жену|мужа|ребенка|детей|женщину|мужчину|человека|маму|сына|дочь)\b",
        r"\b(меня|нас|его|ее|жену|ребенка|детей|женщину) (\w+ )?бье(т|шь)\b",
        # someone breaking in: "вломился в квартиру", "ко мне в квартиру залез вор"
        r"\b(вломил\w*|ворвал\w*|вламыва\w*|залез\w*|лезе?т|лезут) (\w+ ){0,2}"
        r"(в|во|ко|к) (квартир|дом|подъезд|окн|комнат|мне|нам)\w*",
        r"\b(в|во|ко|к) (квартир|дом|подъезд|окн|комнат|мне|нам)\w* (\w+ ){0,2}"
        r"(вломил\w*|ворвал\w*|вламыва\w*|залез\w*|лезе?т|лезут)\b",
        r"\b(кричит|кричат|зовет|зовут) (о помощи|на помощь)\b",
        r"\bтонет\b", r"\bтонут\b", r"\bутону", r"\bутопа", r"\bупал\w* (в|во) (реку|воду|озеро|пруд)",
        r"\b(человек|ребенок|кто-то|мужчина|женщина) (\w+ ){0,2}в воде\b", r"\bспасите\b",
    ],
    "ar": [
        r"حريق", r"حترق", r"\b(ال|و|وال|بال)?نار\b", r"دخان", r"انفجار",
        r"(رائحه|ريحه)\s+(ال)?غاز", r"تسرب\w*\s+(ال)?غاز", r"غاز\s+(\S+\s+)?(يتسرب|متسرب|بيتسرب)",
        r"جريح", r"جرحي", r"مجروح", r"\b(ال)?مصاب(ين|ون)?\b(?!\s*ب)", r"\b(و|ف)?(ا|ي|ت|ن)نزف|نزيف|نازف",
        r"(فاقد|فقد|فقدان)\w*\s+(ال)?وعي", r"(مغمي|اغمي)\s+عليه", r"\b(لا|ما|مش)\s+(عم\s+)?(يتنفس|تتنفس)",
        r"(لا|ما)\s+(يستطيع|تستطيع|استطيع|بيقدر|بقدر)\s+(ال)?(يتنفس|تتنفس|اتنفس|تنفس)",
        r"نوبه\s+قلبيه", r"جلطه", r"دهس",
        r"اسعاف", r"\b(اتصل|اطلب|ناد|احتاج|نحتاج|ارسل|ابعث)\w*\s+\S{0,3}(شرطه|اسعاف|مطافي|اطفاء)",
        r"هجوم|يهاجم|هاجم", r"سكين", r"مسدس", r"سلاح", r"مسلح", r"اطلاق\s+(ال)?نار|يطلق\s+(ال)?نار|رصاص", r"طعن",
        r"\b(ي|ت)?ضرب(ون|ني|وني)?\b", r"\bعنف\b", r"يهدد|تهديد",
        # not "يستغرق" (it takes time)
        r"\b(ي|ت|ال|و)?غر(ق|يق)", r"(سقط|وقع)\w*\s+(\S+\s+)?(في|ب)\s*(ال)?(نهر|ماء|مياه|بحيره|بركه)",
        r"النجده|\bنجده\b", r"انقذ(وني|ونا|ني)", r"الحقوني",
    ],
    "tr": [
        r"\byangin", r"\byaniyor\b", r"\btutustu\b", r"\balev\b", r"\balevler", r"\bduman", r"\bpatlama",
        r"\bgaz (\w+ )?(koku|kac)",
        r"\byarali", r"\byaralan", r"\bkaniyor", r"\bkan kaybed", r"\bkanama", r"\bbaygin", r"\bbayildi",
        r"\bbilinci (kapali|yok|yerinde degil)", r"\bnefes almiyor", r"\bnefes alamiyor\w*", r"\bkalp krizi",
        r"\bfelc",
        r"\b(araba|otobus|tramvay|arac)\w* (\w+ )?carpti",
        r"\bambulans", r"\b(polis|itfaiye)\w* (cagir|ara|lazim|gerek)", r"\bacil durum", r"\bacil\s*!",
        r"\bsaldir", r"\bbicak", r"\bsilah", r"\bates (ed|acti)", r"\bdov(uyor|du)", r"\bdayak",
        # Violence done to someone ("kocam bana şiddet uyguluyor"), not "şiddetli yağmur" (heavy rain) or its
        # statistics.
        r"\b(bana|ona|bize|onlara|kadina|esine|karisina|cocuga|cocuklara|annesine|komsuya)\s+(\w+\s+)?siddet",
        r"\bsiddet (uygul|goru|gord|var\b|ediyor|yapiyor|oluyor|yasaniyor)",
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
        r"\bstracil\w* przytomnosc", r"\bzemdlal", r"\bnie oddycha\b", r"\bnie (moze|moge) oddychac\b",
        r"\b(ktos|dziecko|on|ona|maz|zona|syn|corka|czlowiek|mezczyzna|kobieta|babcia|dziadek) (\w+ )?"
        r"(dusi sie|sie dusi)\b",
        r"\bzawal serca\b", r"\budar\b",
        r"\bpotrac(il|on)",
        r"\bkaret(k|ce)", r"\bpogotowi(e|a|u)\b", r"\bpotrzeb\w* (policj|karetk)",
        r"\b(wezwij|wezwijcie|wezwac|zadzwon\w*)( po| na)? (\w+ )?(policj|karetk|straz|pogotowi)",
        r"\bnapad", r"\bnapasc", r"\batak(uje|uja|owal)", r"\bzaatakowal", r"\bnoz(em|a)?\b", r"\bpistolet",
        r"\bz bronia\b", r"\bstrzela", r"\bstrzal",
        r"\bbij(e|a) (\w+ )?(mnie|go|ja|ich|kogos|czlowieka|dziecko|dzieci|zone|kobiete|mame|matke|syna|corke|meza)",
        r"\b(krzyczy|krzycza|wola|wolaja) o pomoc\b|\bslychac (\w+ )?(krzyki|wolanie o pomoc)",
        r"\b(mnie|nas|go|ja|dziecko|zone|kobiete) (\w+ )?bij(e|a)\b",
        # Violence done here ("sąsiad stosuje przemoc"), not the violence of the statistics.
        r"\b(stosuje|stosuja|stosowal\w*|uzywa|uzyl\w*) (\w+ )?przemoc",
        r"\bprzemoc (domowa )?(wobec (mnie|nas|dziecka|dzieci|zony|kobiety)"
        r"|u (sasiad\w*|nas)|w (domu|mieszkaniu) obok|obok)\b",
        r"\bpobil", r"\b(grozi|groza) (mi|nam)\b", r"\b(mi|nam) (grozi|groza)\b",
        r"\bwlam(anie|uje|uja|ywac|al\w*)\b", r"\bzlodziej\w* (\w+ )?(w|we) (mieszkaniu|domu|piwnicy|sklepie)",
        # not German "Tonie" (a children's audio box)
        r"\btopi sie\b",
        r"\b(ktos|dziecko|jedno|czlowiek|mezczyzna|kobieta|chlopiec|dziewczynka|syn|corka|pies) (\w+ )?sie topi\b",
        r"\b(ktos|dziecko|czlowiek|mezczyzna|kobieta|chlopiec|dziewczynka|pies) (\w+ ){0,2}ton(ie|a)\b",
        r"\butonal", r"\bwpadl\w* do (wody|rzeki|stawu|jeziora)", r"\bratunku\b",
    ],
}
# One pattern per script, each asked only when the message has letters of that script: a Latin message need not be
# tried against the Cyrillic and Arabic words, which keeps a call on an ordinary German message short.
_SIGNAL_BY_SCRIPT = [
    (script, re.compile("|".join([_CRY_ALONE, _CRY_LOUD, r"\bsos\b", *(p for lang in langs for p in _SIGNALS[lang])])))
    for script, langs in ((_LATIN, ("en", "tr", "pl")), (_CYRILLIC, ("uk", "ru")), (_ARABIC, ("ar",)))
]
# Each language's own words, to tell which language a short cry is in ("help fire"),
# where the detector would not judge; the cries shared by all ("SOS") tell nothing.
_LANGUAGE_SIGNALS = {
    language: re.compile("|".join([rf"(?:^|\W)(?:{_CRIES[language]})(?:\W|$)", *patterns]))
    for language, patterns in _SIGNALS.items()
}

# --- Ordinary messages that share a word with an emergency ---------------------------------------
# Each exception covers a kind of message and blanks only the words it covers. Most of them need two
# things close together (a kind of context and a word of danger), in either order.


def _near(context: str, danger: str, width: int, between: str, after: str) -> str:
    """The context and the danger word within `width` characters, in either order, with no `between` word between them
    and no `after` word just after them ("I read the news and then heard gunshots outside")."""
    gap, tail = rf"(?:(?!{between}).){{0,{width}}}?", rf"(?!.{{0,30}}?(?:{after}))"
    return rf"(?:{context}){gap}(?:{danger}){tail}|(?:{danger}){gap}(?:{context}){tail}"


# Words of a danger, in all six languages (folded), for exceptions that cover a whole kind of message.
_DANGER = "|".join(
    [
        # English
        r"\b(?:fires?|wildfires?|burn\w*|flames|explo\w*|smoke|attack\w*|injur\w*|hurt|bleed\w*|blood|unconscious"
        r"|faint\w*|passed out|collapsed|heart attacks?|strokes?|seizures?|overdoses?|drown\w*|guns?|gunfire"
        r"|gunshots?|weapons?|knife|knives|stabb\w*|shoot\w*|shot|violen\w*|beat\w*|robb\w*|burglar\w*|kill\w*"
        r"|murder\w*|rap(?:e|ed|es)|kidnap\w*|suicide|threat\w*|danger)\b",
        # Ukrainian and Russian
        r"\b(?:пожар\w*|пожеж\w*|гор(?:ит|ят|ить|ять)|загор\w*|ог(?:онь|ня)|вог(?:онь|ню)|полум\w*|пламя|дым\w*"
        r"|взрыв\w*|вибух\w*|ранен\w*|поранен\w*|травм\w*|кров\w*|сознани\w*|свідом\w*|непритомн\w*|знепритомн\w*"
        r"|инфаркт\w*|інфаркт\w*|инсульт\w*|інсульт\w*|напад\w*|напал\w*|нож\w*|пистолет\w*|пістолет\w*|оруж\w*"
        r"|збро\w*|стрел\w*|стріл\w*|выстрел\w*|постріл\w*|насили\w*|насильств\w*|убива\w*|вбива\w*|угрожа\w*"
        r"|погрожу\w*|тон(?:ет|ут|е|уть)|утону\w*|утопа\w*|потопа\w*|втопи\w*)",
        # Polish
        r"\b(?:pozar\w*|pali sie|plon\w*|ogien|ognia|plomien\w*|dym\w*|wybuch\w*|rann\w*|krwaw\w*|krwotok"
        r"|nieprzytomn\w*|przytomnosc|zemdl\w*|zawal\w*|udar\w*|napad\w*|napasc|atak\w*|zaatakowal\w*|noz\w*"
        r"|pistolet\w*|bron\w*|strzel\w*|strzal\w*|bij\w*|pobil\w*|przemoc\w*|ton\w*|topi sie|utonal\w*|wlam\w*)",
        # Turkish
        r"\b(?:yangin\w*|yan(?:iyor|di)|alev\w*|duman\w*|patla\w*|yarali\w*|yaralan\w*|kanama\w*|kaniyor|bayil\w*"
        r"|baygin|kalp krizi\w*|felc\w*|saldir\w*|bicak\w*|silah\w*|ates\w*|dov\w*|dayak|siddet\w*|tehdit\w*|bogul\w*)",
        # Arabic
        r"(?:حريق\w*|حترق\w*|\b(?:ال|و|وال|بال)?نار\b|دخان|انفجار\w*|جريح|جرحي|مجروح\w*|مصاب\w*|نزف\w*|نزيف|وعي|اغمي"
        r"|جلطه|هجوم\w*|هاجم\w*|سكين|مسدس|سلاح|مسلح\w*|رصاص|ضرب\w*|عنف|غر(?:ق|يق)\w*|تهديد|يهدد)",
    ]
)
# Words that put the danger here and now, among one's own, or that call for help: where they come between, an
# exception does not reach across them.
_HERE = "|".join(
    [
        r"\b(?:help|please|ambulance|paramedics?|police|112|110|now|right now|here|hurry|urgent|quick|not breathing"
        r"|outside|next door|upstairs|downstairs|cinema|theat(?:re|er)|stadium|stairwell|staircase"
        # a real danger likened to a film: "like in a movie, a man with a gun"
        r"|like in a (?:movie|film)|как в (?:кино|фильме)|як у (?:кіно|фільмі)|jak w filmie|film gibi)\b",
        r"\b(?:помогите|допоможіть|спасите|рятуйте|скор(?:ую|ая)|швидк\w*|срочно|терміново|сейчас|зараз|здесь|тут"
        r"|кинотеатр\w*|кино|кіно|подъезд\w*|під'їзд\w*)\b",
        r"\b(?:pomocy|ratunku|karetk\w*|pogotowi\w*|teraz|tutaj|szybko|kino|klatce|klatk\w*)\b",
        r"\b(?:imdat|yardim|ambulans\w*|simdi|burada|acil|sinema\w*)\b",
        r"\b(?:النجده|ساعد\w*|(?:ال|و|ب)?اسعاف\w*|الان|هنا|بسرعه|(?:ال)?سينما)\b",
    ]
)
# Words that start a new event within the message ("I was reading a book when I smelled smoke"): an exception about
# one thing does not reach across them to another.
_TURN = "|".join(
    [
        r"\b(?:when|while|suddenly|then|now|but|until)\b",
        r"\b(?:когда|вдруг|потом|теперь|но|коли|раптом|потім|тепер|але|kiedy|nagle|potem|teraz|ale)\b",
        r"\b(?:sonra|simdi|ama|aniden)\b|(?:عندما|فجاه|ثم|لكن)",
    ]
)
# Someone else than a player, at the match: "during the match a man collapsed in the stands".
_BYSTANDER = "|".join(
    [
        r"\b(?:man|woman|child|kid|baby|boy|girl|guy|lady|person|people|someone|somebody|fans?|spectators?|crowd"
        r"|stands)\b",
        r"\b(?:мужчин\w*|женщин\w*|ребен\w*|дитин\w*|чоловік\w*|жінк\w*|фанат\w*|болельщик\w*|вболівальник\w*"
        r"|трибун\w*|зрител\w*|глядач\w*)\b",
        r"\b(?:mezczyzn\w*|kobiet\w*|dzieck\w*|kibic\w*|widz\w*|trybun\w*|adam|kadin|cocuk|taraftar\w*|seyirci\w*"
        r"|tribun\w*)\b|(?:رجل|امراه|طفل|مشجع\w*|المدرجات|الجمهور)",
    ]
)

# Sports: a team that attacks, a striker who is injured, a player who collapsed on the pitch; a score ("3-0").
_SPORT = "|".join(
    [
        r"\b(?:match|first half|second half|halftime|half-time|pitch|league|season|team|teams|squad|strikers?|forward"
        r"|winger|midfielder|midfield|defender|goalkeeper|keeper|goalie|footballers?|players?|athletes?|boxer|tennis"
        r"|referee|bundesliga|champions league|world cup|olympics|tournament|derby|penalty|goals?|football|soccer"
        r"|handball|hockey|basketball|marathon|bayern|dortmund|bvb|wismut|schalke|liverpool|arsenal|chelsea|barcelona"
        r"|barca|real madrid|juventus|psg|messi|ronaldo|neymar|kane|mbappe|haaland|lewandowski)\b",
        r"\b(?:матч\w*|игр(?:а|е|у|ы|ой)|игрок\w*|футбол\w*|сборн\w*|нападающ\w*|защитник\w*|вратар\w*|тренер\w*"
        r"|сезон\w*|лиг(?:а|и|е|у)|чемпионат\w*|турнир\w*|марафон\w*|спортсмен\w*|гравц\w*|гравець|футболіст\w*"
        r"|нападник\w*|воротар\w*|збірн\w*|бавари\w*|баварі\w*|бундеслиг\w*)\b",
        r"\b(?:mecz\w*|druzyn\w*|pilkarz\w*|napastnik\w*|obronc\w*|bramkarz\w*|zawodnik\w*|trener\w*|sezon\w*"
        r"|lig(?:a|i|e|ze)|boisk\w*|bramk\w*|gol(?:a|e|i)?|legia|lech|zagra\w*|kontuzj\w*|turniej\w*"
        r"|reprezentacj\w*)\b",
        r"\b(?:mac(?:ta|ti|in|i)?|oyuncu\w*|futbolcu\w*|sporcu\w*|kaleci\w*|forvet\w*|defans\w*|takim\w*|hucum\w*"
        r"|savunma\w*|saha(?:da|ya)|galatasaray\w*|fenerbahce\w*|besiktas\w*|trabzonspor\w*)\b",
        r"(?:مباراه|المباراه|مباريات|الملعب|ملعب|لاعب\w*|اللاعب\w*|الفريق|فريق|المهاجم|مهاجم|المدافع|الحارس|الدوري|دوري"
        r"|كره القدم|الشوط|المنتخب|منتخب|الموسم|يلعب)",
        r"\b\d{1,2}\s*[-:]\s*\d\b",
    ]
)
# What happens on the pitch: a team attacks (no one in particular), a player is injured, collapses or faints.
_SPORT_DANGER = "|".join(
    [
        rf"\b(?:attack\w*(?! {_EN_PERSON})|injur\w*|hurt|collapsed|faint\w*|passed out)\b",
        r"\b(?:травм\w*|ранен\w*|поранен\w*|сознани\w*|свідом\w*|знепритомн\w*|непритомн\w*|гор(?:ит|ить|ят|ять)"
        r"|атак\w*|напад\w*)\b",
        r"\b(?:atak\w*|rann\w*|zemdl\w*|przytomn\w*|w ogniu)\b",
        r"\b(?:saldir\w*|yaralan\w*|yarali\w*|sakat\w*|bayil\w*|alev\w*(?: alev)?)\b",
        r"(?:هاجم\w*|هجوم\w*|مصاب\w*|اصيب\w*|اغمي\w*)",
    ]
)
# One's own player or pitch, or a player who lies still: no longer the sports pages.
_SPORT_HERE = "|".join(
    [
        r"\b(?:our|my|we|us|we're|here|help|ambulance|112|not breathing|not moving|isn't moving|unconscious|bleeding"
        r"|blood)\b",
        r"\b(?:наш\w*|мой|мій|здесь|тут|помогите|допоможіть|скор(?:ую|ая)|швидк\w*|не дышит|не дихає|без сознания"
        r"|без свідомості)\b",
        r"\b(?:nasz\w*|moj\w*|pomocy|karetk\w*|nie oddycha|bizim|benim|yardim|ambulans\w*|nefes almiyor)\b",
        r"(?:النجده|اسعاف|لا يتنفس)",
    ]
)
# Fiction, films, songs, books, video games and what one likes ("Goblet of Fire", "In Minecraft my house burned
# down"); not the film crew, the book shop or the playground ("oyun parkı").
_FILM = r"(?! (?:crew|set|studio|shoot|festival|theat\w*|makers?))"
_FICTION = "|".join(
    [
        r"\b(?:have you (?:watched|read|played)|did you (?:watch|read|play)|reading|favou?rite|bands?|singer|rapper"
        r"|classic|soundtrack|playlist|remix|(?:fight|death|explosion|action|final|opening|last|first) scenes?"
        rf"|books?(?! ?(?:shop|store))|novels?|(?:films?|movies?){_FILM}|tv series|netflix|tv show|anime|manga|comics?"
        r"|cartoons?|songs?|albums?|lyrics|episodes?|trailer|characters?|villain|sequel|trilogy|chapter|fairy tale"
        r"|poem|musical|documentary|video ?games?|pc games?|board games?|chess|poker|minecraft|fortnite|gta"
        r"|call of duty|zelda|skyrim|pokemon|resident evil|sims|roblox|fifa|counter-strike|valorant|league of legends"
        r"|pubg|overwatch|elden ring|dark souls|mario|tetris|among us|world of warcraft|star wars|marvel|avengers?"
        r"|avatar|harry potter|game of thrones|james bond|batman|spider-?man|disney)\b",
        r"\b(?:книг\w*|фильм\w*|фільм\w*|сериал\w*|серіал\w*|мультфильм\w*|мультфільм\w*|аниме|аніме|манг\w*|комикс\w*"
        r"|песн\w*|пісн\w*|трек\w*|альбом\w*|клип\w*|кліп\w*|эпизод\w*|персонаж\w*|игр(?:а|е|у|ы|ой)|гр(?:а|і|у|ою)"
        r"|майнкрафт\w*|фортнайт\w*|покемон\w*|гарри поттер\w*|гаррі поттер\w*)\b",
        rf"\b(?:ksiazk\w*|powiesc\w*|film(?:y|u|ie|em|ow)?{_FILM}|serial\w*|komiks\w*|piosenk\w*|utwor\w*|teledysk\w*"
        r"|odcin\w*|gr(?:a|ze|y|e)|wiedzmin\w*|bajk\w*)\b",
        r"\b(?:kitab\w*|kitap(?!ci)\w*|dizi(?:si|de|ler|leri)|bir dizi|sarki\w*|klip\w*|karakter\w*|sahne\w*"
        r"|oyun(?!\s*(?:park|alan))(?!cak)\w*)\b",
        r"(?:كتاب\w*|روايه|فيلم|افلام|مسلسل\w*|انمي|انيمي|كرتون|اغنيه|الاغنيه|البوم|حلقه|شخصيه|لعبه|اللعبه|العاب"
        r"|فورتنايت|ماينكرافت|بوكيمون|هاري بوتر)",
    ]
)
# Titles that carry a danger word themselves.
_TITLES = (
    r"\b(?:attack on titan|attack of the clones|top gun|guns n'? roses|guns and roses|burning man"
    r"|fire and (?:blood|ice|fury)|fire emblem|fire force|goblet of fire|catching fire|girl on fire|light my fire"
    r"|(?:we )?(?:didn't )?start(?:ed)? the fire|ring of fire|great balls of fire|st\.? elmo's fire"
    r"|smoke on the water|kill bill|fight club|bleeding edge|fahrenheit 451|suicide squad|burn after reading"
    r"|natural born killers|squid game|the hunger games|the walking dead|кубок огня|келих вогню|czara ognia"
    r"|ogniem i mieczem|ates kadehi|titan'?a saldiri|kurtlar vadisi|كاس النار|هجوم العمالقه)\b"
)
# The news and history ("did you hear about the explosion in Beirut?", "the Great Fire of London"); "I heard" only
# with what was heard about ("I heard gunshots" is no news).
_YEAR = r"(?:1\d{3}|20[01]\d|202[0-4])"
_NEWS = "|".join(
    [
        r"\b(?:did you (?:hear|see|read)|have you (?:heard|seen|read)|i (?:read|saw|heard) (?:that|about)"
        r"|i read (?:in|on)|i saw (?:it )?on (?:tv|the news)|in the news|on the news|on tv|on the radio|according to"
        r"|(?:watch\w*|read|saw|see|seen|heard) the news"
        r"|the news (?:is|are|was|says|said|reports?|today|yesterday|about)"
        r"|news (?:about|from|of|says|said|reports?)|breaking news|newspapers?|headlines?|articles?|wikipedia"
        r"|documentary|history of|in history|historical|when (?:did|was|were))\b",
        r"(?:\bслышал\w*(?= (?:про|о|об|что)\b|\s*\?)|\b(?:чув|чула|чули)(?= (?:про|що)\b|\s*\?)|\b(?:слыхал\w*"
        r"|читал\w*|в новостях|по новостям|по телевизору|по телеку|пишут|читав|читала|в новинах|по телевізору"
        r"|пишуть)\b)",
        r"(?:\bslyszal\w*(?= (?:o|ze)\b|\s*\?)|\b(?:czytal\w*|w wiadomosciach|w telewizji|w tv|w necie|w internecie"
        r"|podobno)\b)",
        r"\b(?:duydun\w*|duydunuz|okudum|haberlerde|haber\w*|televizyonda|internette)\b",
        r"(?:هل سمعت|سمعت عن|سمعتوا|قريت|قرات|في الاخبار|الاخبار|على التلفزيون|التلفاز)",
        # a year long gone ("in 1912", "в 1666 году", "2022'de", "سنة 1912"), not a house number ("Schillerstraße 1990")
        rf"\b(?:in|since|of|from|back in|year|w|we|в|у|z|roku)\s+{_YEAR}\b",
        rf"\b{_YEAR}\s*(?:'?(?:de|da|te|ta)|году|року|roku)\b|(?:سنه|عام|في)\s+{_YEAR}\b",
        # a famous disaster or a famous victim
        r"\b(?:great fire|titanic|hindenburg|pearl harbou?r|notre[- ]dame|chernobyl|fukushima|9/11|twin towers"
        r"|hiroshima|pompeii|world war|ww(?:1|2|ii)|kennedy|jfk|lincoln|lennon|tupac|trump|reagan|franz ferdinand"
        r"|титаник\w*|титанік\w*|чернобыл\w*|чорнобил\w*|хиросим\w*|велик\w* пожар\w*|велик\w* пожеж\w*|czarnobyl\w*"
        r"|wielki pozar\w*|titanik\w*|cernobil\w*)\b|(?:تايتانيك|تيتانيك|تشيرنوبل|هيروشيما)",
    ]
)
# Places far away ("wildfires in California"). A place named as one's origin ("I'm from Ukraine", "я з України") is
# not where the danger is.
_FROM = r"(?<!from )(?<!з )(?<!із )(?<!из )(?<!z )(?<!ze )(?<!من )"
_FARAWAY = _FROM + "(?:" + "|".join(
    [
        r"\b(?:ukraine|russia|israel|gaza|palestine|syria|iraq|iran|afghanistan|lebanon|beirut|yemen|sudan|america|usa"
        r"|the us|california|texas|new york|canada|australia|greece|spain|portugal|italy|france|paris|london|turkey"
        r"|brazil|japan|china|india|africa|mexico|hawaii|kyiv|kiev|moscow|dallas|chicago|los angeles|istanbul|tokyo)\b",
        r"\b(?:украин\w*|росси\w*|израил\w*|сири\w*|ирак\w*|америк\w*|сша|калифорни\w*|канад\w*|австрали\w*|греци\w*"
        r"|испани\w*|итали\w*|франци\w*|лондон\w*|париж\w*|турци\w*|япони\w*|кита\w*|африк\w*|бейрут\w*|москв\w*"
        r"|киев\w*|україн\w*|росі\w*|ізраїл\w*|сирі\w*|каліфорні\w*|австралі\w*|греці\w*|іспані\w*|італі\w*|франці\w*"
        r"|туреччин\w*|японі\w*|києв\w*|харків\w*|одес\w*)\b",
        r"\b(?:ukrain\w*|rosj\w*|izrael\w*|syrii|ameryc\w*|kaliforni\w*|kanad\w*|australi\w*|grecj\w*|hiszpani\w*"
        r"|wloszech|francji|londyn\w*|paryz\w*|turcji|japonii|chin(?:ach|y)|afryc\w*|bejrut\w*|moskw\w*)\b",
        r"\b(?:ukrayna(?!'?dan)\w*|rusya\w*|israil\w*|gazze\w*|suriye\w*|amerika\w*|abd'?\w*|kaliforniya\w*|kanada\w*"
        r"|avustralya\w*|yunanistan\w*|ispanya\w*|italya\w*|fransa\w*|londra\w*|paris'?\w*|beyrut\w*|japonya\w*"
        r"|cin'?de)\b",
        r"(?:اوكرانيا|روسيا|اسرائيل|غزه|فلسطين|سوريا|العراق|لبنان|بيروت|اليمن|السودان|امريكا|اميركا|كاليفورنيا|كندا"
        r"|استراليا|اليونان|اسبانيا|ايطاليا|فرنسا|لندن|تركيا)",
    ]
) + ")"
# A question of general knowledge, the whole message one question about the world ("How hot is a fire?", "Можно ли
# утонуть в ванне?", "Kalp krizi belirtileri nelerdir?"): no one of one's own, nothing here or now, nobody called,
# no place nearby ("Why does the kitchen smell of gas?", "Что за дым над школой?").
_NOT_GENERAL = "|".join(
    [
        r"\bthe (?:kitchen|stairwell|staircase|basement|cellar|attic|balcony|garage|garden|yard|room|office|school"
        r"|kindergarten|supermarket|shop|store|market|church|hospital|playground|river|lake|pond|forest|woods|penny"
        r"|lidl|aldi|rewe|kaufland|netto|edeka|arcaden)\b|\b(?:lusan|bieblach|untermhaus|debschwitz|zwotzen|ernsee|tinz"
        r"|langenberg|pforten)\b",
        r"\b(?:подъезд\w*|під'їзд\w*|квартир\w*|кухн\w*|двор\w*|подвал\w*|підвал\w*|балкон\w*|гараж\w*|школ\w*"
        r"|садик\w*|магазин\w*|улиц\w*|вулиц\w*|дом(?:е|а|ом)?|будин\w*|комнат\w*|кімнат\w*|над|лусан\w*)\b",
        r"\b(?:klatce|klatk\w*|mieszkani\w*|kuchni\w*|piwnic\w*|balkon\w*|garaz\w*|szkol\w*|przedszkol\w*|sklep\w*"
        r"|ulic\w*|domu|bloku|podworku|pokoj\w*|nad)\b",
        r"\b(?:apartman\w*|mutfak\w*|evde|evim\w*|evimiz\w*|evin\w*|bina\w*|merdiven\w*|bodrum\w*|balkon\w*|garaj\w*"
        r"|okul\w*|market\w*|magaza\w*|sokak\w*|bahce\w*|odada|odasi)\b",
        r"(?:البيت|بيت|الشقه|شقه|المطبخ|العماره|عماره|الشارع|الدرج|القبو|البلكون\w*|الكراج|المدرسه|مدرسه|المحل"
        r"|السوبرماركت|الغرفه|فوق)",
        r"\b(?:my|mine|our|me|us|i|i'm|im|i've|we|we're|here|now|today|tonight|yet|still|help|please|quick|quickly"
        r"|hurry|urgent|asap|someone|somebody|anyone|he|she|they|his|her|their|there is|there's|there are|is there"
        r"|are there(?! (?:many|much|a lot|more|fewer|often))|this|(?<!true )(?<!possible )(?<!said )(?<!says )"
        r"(?<!think )that|these|those|come|coming|send|call|husband|wife|son|daughter|mum|mom|dad|mother|father|baby"
        r"|brother|sister|neighbou?rs?|friend|street|flat|house|building|car|tram|bus|station|park|ambulance"
        r"|paramedics?|police|fire ?(?:brigade|department)|firefighters"
        r"|the (?:fire|smoke|flames|explosion|gas|shooting|shots|attack|accident|crash))\b",
        r"\b(?:я|мы|мне|меня|мой|моя|мое|мои|моего|моей|нас|нам|наш\w*|здесь|тут|сейчас|срочно|быстрее|помогите"
        r"|спасите|пожалуйста|муж|жена|сын|дочь|ребенок|мама|папа|бабушка|дедушка|брат|сестра|сосед\w*|там|этот|эта"
        r"|это|эти|уже|еще|едет|едут|приедет|вызовите|скор(?:ая|ую|ой)|полици\w*|пожарн\w*)\b",
        r"\b(?:ми|мені|мене|мій|моє|мої|мого|моєї|наша|наше|наші|зараз|терміново|швидше|допоможіть|рятуйте|будь ласка"
        r"|чоловік|дружина|донька|дочка|дитина|тато|бабуся|дідусь|сусід\w*|цей|ця|це|ці|вже|ще|їде|їдуть|приїде"
        r"|викличте|швидк\w*|поліці\w*|пожежн\w*)\b",
        r"\b(?:ja|my|mnie|mna|moj\w*|nasz\w*|tu|tutaj|teraz|pilnie|szybko|pomocy|ratunku|prosze|maz|zona|corka|dziecko"
        r"|tata|babcia|dziadek|siostra|sasiad\w*|tam|juz|jeszcze|jedzie|przyjedzie|wezwij\w*|karetk\w*|pogotowi\w*"
        r"|policj\w*|straz\w*)\b",
        r"\b(?:ben|biz|bana|beni|benim|bize|bizi|bizim|burada|burda|simdi|hemen|acil|imdat|lutfen|yardim\w*|kocam|karim"
        r"|esim|oglum|kizim|cocugum|annem|babam|kardesim|komsu\w*|orada|su an|bu|ambulans\w*|polis\w*|itfaiye\w*|gel\w*"
        r"|var)\b",
        r"(?:انا|نحن|عندي|عندنا|هنا|الان|بسرعه|ساعد\w*|النجده|من فضلك|ارجوك\w*|زوجي|زوجتي|ابني|بنتي|ابنتي|امي|ابي|اخي"
        r"|اختي|جاري|جيراني|بيتي|شقتي|هذا|هذه|هناك|اسعاف|شرطه|اطفاء|يجي|ياتي|وصل)",
    ]
)
_QUESTION_WORD = "|".join(
    [
        r"what|what's|whats|why|how|how's|which|who|who's|when|is|are|can|could|does|do|did|was|were|should|would|will"
        r"|have|has",
        r"что|чем|как|какой|какая|какое|какие|каков\w*|почему|зачем|сколько|кто|когда|можно ли|правда ли|бывает ли"
        r"|опасно ли|нужно ли|стоит ли|есть ли|много ли",
        r"що|чим|як|який|яка|яке|які|чому|навіщо|скільки|хто|коли|чи",
        r"co|jak|jaki|jaka|jakie|dlaczego|czemu|ile|kto|kiedy|czy",
        r"ما|ماذا|كيف|لماذا|ليش|هل|كم|من|متى|اي|ماهي|ماهو|شو|ايش",
    ]
)
_GENERAL_QUESTION = (
    rf"^(?=[^?؟]*[?؟]\W*$)(?!.*(?:{_NOT_GENERAL})).*?(?:^\W*(?:{_QUESTION_WORD})\b"
    # Turkish asks with a word anywhere in the sentence, or with a particle at its end ("ücretli mi?").
    r"|\b(?:ne|neden|nicin|niye|nasil|hangi|kac|nedir|nelerdir)\b"
    r"|\b(?:mi|mu|midir|misin|musun|miyim)(?=\s*[?؟]\W*$))[^?؟]*[?؟]\W*$"
)
# A cry for help about an everyday trouble ("Help! I can't decide what to eat", "Nudzę się, ratunku!").
_CRY_WORD = rf"(?:\b(?:help|sos|imdat|ratunku|pomocy)\b|{_CRY})"
_EVERYDAY = "|".join(
    [
        r"\b(?:bored|boring|boredom|decide|choose|what to (?:eat|wear|watch|cook|do|buy)|hungry|starving|thirsty"
        r"|sleepy|tired|exhausted|lonely|crazy|nuts|annoying|stressed|fed up|password|netflix|homework|exams?|maths?"
        r"|wifi|wi-fi|internet|laptop|computer|printer|charger|hair|outfit|crush|tinder|mondays?|hangover|diet|pizza"
        r"|coffee|chocolate|snacks?|robot|bot|app|language|menu|button|how do i|how can i|how to)\b",
        r"\b(?:скучно|скука|нудно|не знаю (?:что|що|чем|чим)|поесть|поїсти|приготовить|приготувати|надеть|одягнути"
        r"|пароль|домашк\w*|экзамен\w*|іспит\w*|интернет|інтернет|вай-?фай|понедельник|понеділок|голодн\w*|устал\w*"
        r"|втомив\w*|втомилась)\b",
        r"\b(?:nudz\w*|nudno|nie wiem co|zjesc|ugotowac|haslo|hasla|zadanie domowe|egzamin\w*|poniedzial\w*|glodn\w*"
        r"|zmeczon\w*)\b",
        r"\b(?:sikil\w*|sikici|ne yesem|ne yiyece\w*|ne giysem|sifre\w*|odev\w*|sinav\w*|pazartesi|karnim ac\w*|acim"
        r"|yorgun\w*)\b",
        r"(?:زهقان|زهقت|ملل|مللت|طفشان|طفش|جوعان|تعبان|ماذا اكل|شو اكل|كلمه السر|واجب\w*|امتحان\w*|الانترنت)",
    ]
)
# Eating with a knife and fork, a kitchen knife, a cut finger while cooking.
_CUTLERY = [
    r"\b(?:knife|knives) (?:and|&) forks?\b|\bforks? (?:and|&) (?:knife|knives)\b",
    r"\b(?:eat|eats|eating|eaten)\b (?:\w+ ){0,3}with (?:a|the|my) (?:knife|fork)\b",
    r"\bi (?:just )?cut (?:myself|my (?:\w+ )?(?:finger|thumb|hand))\b.{0,30}?\b(?:knife|cooking)\b",
    r"\bcut (?:the |a |my )?(?:bread|pizza|meat|steak|cake|onions?|tomato(?:es)?"
    r"|vegetables|cheese|sausage|apple)s? with (?:a|the) knife\b",
    r"\b(?:нож\w*|ножем) (?:и|і|та) вилк\w*|\bвилк\w* (?:и|і|та) (?:нож\w*|ножем)\b",
    r"\b(?:заточить|наточить|наточити|заточити|купить|купити|точить|поточить)\s+(?:\w+\s+)?(?:нож\w*|ножем)",
    r"\b(?:едят|ест|есть|кушают|їдять|їсти|їсть)\s+(?:\w+\s+){0,2}(?:ножом|ножем)"
    r"|\b(?:ножом|ножем)\s+(?:\w+\s+)?(?:едят|ест|есть|їдять|їсти)\b",
    r"\bnoz\w* (?:i|oraz) widel\w*|\bwidel\w* (?:i|oraz) noz\w*|\b(?:je|jesc"
    r"|jem|jemy|jedza)(?: sie)? (?:\w+ ){0,2}nozem\b",
    r"\b(?:kupic|naostrzyc|ostrzyc|kupie|zamowic|kosztuje) (?:\w+ ){0,2}noz\w*",
    r"\bbicak (?:ve|,) catal\b|\bcatal (?:ve|,) bicak\b|\bbicakla (?:\w+ ){0,2}(?:yen|ye|yi)\w*",
    r"\bbicak (?:almak|al|alabilir\w*|bilemek|bile)\b|\bbicag\w* (?:nereden|nasil) (?:al|bile)\w*",
    r"سكين\w*\s+و\s*شوكه|شوكه\s+و\s*سكين|(?:تؤكل|يؤكل|ناكل|اكل|ياكل"
    r"|تاكل)\w*.{0,20}?بالسكين|(?:اشتري|شراء|اشتر|اسن|سن)\w*\s+سكين",
]

_EXCEPTIONS = [
    # Ordinary reports: a street light that "burns" all day, or does not ("ліхтар не горить"), and denials.
    r"\b(lamp|light|lantern|streetlight|bulb)s?\b.{0,40}?\bburn\w*", r"\bburning hot\b",
    r"\bnot an emergency\b", r"\bno emergency\b",
    r"\b(ліхтар|лампа|світло|освітлення)\w*.{0,40}?\bгор\w*", r"\bне гор\w*",
    r"\b(фонар|ламп|свет|освещени)\w*.{0,40}?\bгор\w*",
    r"\b(latarni|lamp|swiatl|oswietl)\w*.{0,40}?\bpali sie\b", r"\bpali sie (\w+ )?(swiatlo|latarnia|lampa)",
    r"\b(lamba|isik|aydinlatma)\w*.{0,40}?\byan(iyor|ik)\b",
    # German youth slang: "Das Essen ist fire" means it is great.
    r"\b(ist|war|sind|waren|so|voll|mega|echt|richtig) (\w+ )?fire\b(?! (in|im|at|on)\b)",
    # Slang praise in every language: "That song is fire", "Эта пицца просто огонь", "Ta piosenka to ogień",
    # "Bu şarkı alev", "الأغنية نار". Only for things one can praise; "the house is on fire" stays.
    r"\b(song|track|album|music|beat|outfit|weather|food|pizza|burger|curry|dish|meal|sauce|game|match|movie|film|show"
    r"|vibe|party|concert|voice|look|style|fit|team|squad|video|lyrics|verse|performance)s? "
    r"(is|was|are|looks|sounds|so) (so |straight |pure |literally |absolutely )?fire\b",
    r"\bthat's (so |straight |pure |absolute )?fire\b|\b(this|that) is (so|straight|pure|literally|absolutely) fire\b",
    r"\b(пицц\w*|піц\w*|трек\w*|песн\w*|пісн\w*|альбом\w*|фильм\w*|фільм\w*|клип\w*|кліп\w*|бургер\w*|еда|їжа"
    r"|шаурм\w*|концерт\w*|вечеринк\w*|игра|гра|матч|команда|образ|музык\w*|музик\w*|вайб|блюд\w*|страв\w*|голос"
    r"|это|этот|эта|эти|це|цей|ця|ці)"
    r" (просто |прям |реально |вообще |ваще |чистый |чистий |полный |повний |настоящий |справжній )?(огонь|вогонь)\b",
    r"\b(pizza|piosenk\w*|kawalek|utwor|album|film|mecz|impreza|koncert|jedzenie|burger|gra|glos) (to|jest)"
    r" (czysty |prawdziwy |totalny |po prostu )?(ogien)\b",
    r"\b(sarki\w*|pizza\w*|yemek\w*|film\w*|mac\w*|oyun\w*|takim\w*|album\w*|parca|klip\w*|burger\w*|ses\w*)"
    r" (cok |tam |resmen )?alev\b",
    r"\balev alev\b",
    r"(الفريق|الاغنيه|الاغاني|البيتزا|الاكل|الاكله|الطبخه|الفيلم|اللعبه|المباراه|الحفله|اللاعب|الصوت)"
    r"\s+(كان|كانت)?\s*نار\b",
    EXPLOSION_OF,
    SOS_AS_SAUCE,
    # Sauce in Turkish and Polish ("Acı sos istiyorum", "sos czosnkowy").
    r"\b(aci|aci biber|tatli|domates|sarimsak|sarimsakli|barbeku|ketcap|mayonez|hardal|yogurt|nar eksili) sos\w*\b",
    r"\bsos (czosnkow\w*|pomidorow\w*|ostry|lagodny|bbq|serowy|grzybowy|do)\b"
    r"|\b(ostry|lagodny|czosnkowy|pomidorowy) sos\b",
    # Fire as a figure of speech: a person or a team "on fire", "under fire" in politics, a "dumpster fire",
    # fired from a job, "fire away", the fire sign, the fire type, the "fire" flavour.
    r"\b(i'm|i am|you're|you are|we're|we are|he's|she's|they're|he is|she is|they are) on fire "
    r"(today|tonight|lately|this (week|season|year|month|game|match|morning|evening)|with|at (work|school|the moment)"
    r"|in (this|the|these) (game|match|season|quiz|debate))\b",
    r"\b(team|striker|player|squad|defen[cs]e|offen[cs]e|government|economy|stocks?|bitcoin|crypto|chancellor|minister"
    r"|president|bayern|dortmund|wismut)s?('s| is| are| was| were)( (so|really|totally|absolutely|just))? on fire\b",
    r"\b(was|were) on fire (at|in|during) the (concert|gig|show|match|game|party|exam|quiz|debate|interview|karaoke)"
    r" (yesterday|last night|last week|on \w+day)\b",
    r"\bunder fire (for|from|over|after|because|again|since)\b",
    r"\b(is|was|'s|are|were) (a|an|such a|one big|a total|a complete|an absolute|a real) (\w+ )?"
    r"(dumpster|garbage|trash) fire\b",
    r"\b(can|could|will|would|may|might|did|to|gonna|want to|wants to|should|going to) (\w+ ){0,2}"
    r"fire (me|him|her|us|them|you|my|his|an? \w+)\b",
    r"\b(fuel|oil|petrol|gasoline) (to|on|into) the fire\b", r"\bfire away\b", r"\bcease[- ]?fire\b",
    r"\bfriendly fire\b", r"\bhold your fire\b", r"\bplay\w* with fire\b",
    r"\bfight fire with fire\b", r"\bset the world on fire\b", r"\bwhere there's smoke,? there's fire\b",
    r"\bfire in (the|my|his|her) belly\b",
    r"\b(the|a) fire (one|flavou?r|version|edition|variant)\b",
    r"\bfire[- ](sauce|wings|noodles|ramen|chicken|chips|burger|pepper|chill?i|salsa|ball)\b",
    r"\bfire (pokemon|magic|spell|dragon|elemental|attack|move|damage|resistance)s?\b",
    # Emojis, stickers and GIFs.
    r"\b(fire|gun|knife|bomb|skull|ambulance|police car|blood|explosion)\s*(emoji|emoticon|icon|sticker|gif)s?\b",
    r"\b(emoji|emoticon|sticker|gif)s? (of |with )?(a |the )?(fire|gun|knife|bomb|ambulance|explosion)\b",
    # Fires one lights on purpose and asks about, festival fires, the smoke of a barbecue or a cigarette,
    # the fire alarm whose battery is low, what to do in case of a fire.
    r"\b(how (do|can|to|should) (i|we|you)|can (i|we|you)|may (i|we)|is it (allowed|legal|ok|okay|permitted)( to)?"
    r"|where (can|may|could) (i|we)|allowed to|how to|am i allowed to|are we allowed to)"
    r" (light|make|start|build|have) (a |an )?(small |little |camp ?|open |bon)?fire\b",
    r"\b(easter|midsummer|solstice|walpurgis|martin'?s|christmas tree|olympic) fires?\b",
    r"\b(smoke|smoking) from (the |my |our |his |her |their |a )?(\w+'?s? )?"
    r"(barbecue|bbq|grill|chimney|fireplace|stove|cigarettes?|shisha|hookah|vape|pipe)s?\b",
    r"\b(can|may|could|to|i|we|you|they|people|where|allowed to|n't|not|never|often|don't) smoke\b",
    r"\bfire alarms?\b.{0,40}?\b(beep\w*|chirp\w*|batter\w*|test\w*|install\w*|check\w*|buy|bought|broken|missing"
    r"|false alarm)",
    r"\b(in case of|in the event of|prevent\w*|avoid\w*|protect\w* (\w+ ){0,3}from|risk of) (a )?fires?\b",
    # Fire safety equipment in other languages: "yangın tüpü", "طفاية حريق".
    r"\byangin (tupu|tupleri|sondurucu\w*|alarm\w*|merdiven\w*|kapisi|cikisi|sigorta\w*|battaniye\w*|dedektor\w*)\b",
    r"(طفايه|طفايات|جهاز|انذار|مخرج|باب|سلم|كاشف|تامين)\s+(ال)?حريق",
    # Burning in the heat ("الجو حار جدا، أنا أحترق").
    r"(حار|الحر|حر|الشمس|شمس)\S*\s+(\S+\s+){0,3}?(انا\s+)?(احترق|نحترق|بحترق|بنحترق)",
    r"(دخان)\s+(ال)?(سجائر|سيجاره|شيشه|الشيشه|ارجيله|الارجيله)|(اشتري|شراء|ادخن|يدخن|تدخين|علبه|باكيت)\w*\s+(ال)?دخان",
    # The sports pages (a player injured or collapsed, a team that attacked: _SPORTS_PAGES below), the team that
    # collapsed, beating a team or someone at chess, a referee who "robbed" a team.
    r"\b(team|defen[cs]e|squad|midfield|attack|offen[cs]e|lineup) (\w+ )?(completely |totally |just )?collapsed\b",
    r"\b(will|would|can|could) (\w+ )?(still )?play\b.{0,40}?\binjur\w*"
    r"|\binjur\w*\b.{0,40}?\b(will|would|can|could|won't) (\w+ )?(still )?play\b",
    r"\b(football|sports?|running|tennis|ski(ing)?|knee|ankle|muscle|common|typical|minor) injur(y|ies)\b",
    r"\bbeat (them|us|him|her) (easily|comfortably|again|\d|at|in (the|a) (game|match|final|race))",
    r"\bbeat(s|ing)? (me|him|her|us|them|my|his|her|their|a|our) (\w+ )?(at|in) (chess|cards|poker|tennis|football"
    r"|fifa|mario ?kart|tetris|monopoly|uno|scrabble|(\w+ )?(game|match|race|quiz|final))\b",
    r"\bbeat(s|ing)? (my|his|her|their|a|our) (\w+ )?(record|score|high ?score|time|personal best|level|boss)\b",
    r"\b(were|was|got|been|are|is) beaten (\d|at home|away|again|in the (final|match|game|league|derby))",
    r"\b(команда|наши|сборная|збірна|нападающий|нападник)\s+(\w+\s+)?(просто |реально )?(горит|горить)\b",
    r"\bshot down\b", r"\brobbed (by|of) (the ref\w*|a goal|a penalty|(the )?victory|the win|points)\b",
    r"\b(pali sie|palil\w* sie|pala sie) do (gry|pracy|roboty|nauki|walki|tego|dzialania|zmian)\b",
    # Words that attack: in a meeting, online.
    r"\battack\w* (me|us|him|her|them) (\w+ ){0,2}(in|at|during|on) (every |each |the |a |our |my )?"
    r"(meetings?|calls?|debates?|discussions?|comments?|e?mails?|chats?|reviews?|twitter|x|instagram|facebook|tiktok"
    r"|social media|online|the internet)\b|\b(verbally|online) attack\w*",
    # A question asked for later, "just asking".
    _near(
        r"\b(?:hypothetically|just asking|just curious|in theory|theoretically|in the future)\b", _DANGER, 60,
        between=rf"{_HERE}|{_TURN}", after=_HERE,
    ),
    # Politics: an opposition that attacks the government, politics as a "dumpster fire".
    r"\battack\w* (the |a |its |their )?(government|opposition|party|parties|coalition|proposal|plan|law|policy|bill"
    r"|budget|city council|council|media|press|reform|decision)\b",
    r"\b(opozycj\w*|rzad\w*|premier\w*|prezydent\w*|minist\w*|posl\w*|posel|partia|partii|sejm\w*|konfederacj\w*)"
    r" (\w+ )?(zaatakowal\w*|atakuj\w*|atakowal\w*)"
    r"|\b(zaatakowal\w*|atakuj\w*|atakowal\w*) (\w+ )?(premier\w*|rzad\w*|prezydent\w*|minist\w*|opozycj\w*|posl\w*)",
    r"\b(muhalefet\w*|hukumet\w*|bakan\w*|cumhurbaskan\w*|parti\w*|meclis\w*|baskan\w*|iktidar\w*|erdogan\w*|chp\w*"
    r"|akp\w*) (\S+ ){0,2}saldir\w*|\bsaldir\w* (\S+ )?(hukumet\w*|muhalefet\w*|bakan\w*|iktidar\w*)",
    r"\b(оппозици\w*|опозиці\w*|правительств\w*|уряд\w*|министр\w*|міністр\w*|президент\w*|депутат\w*"
    r"|парти\w*|канцлер\w*) (\w+ )?(атакова\w*|атакува\w*|напал\w*|напа(в|ла|ли))\b",
    r"(المعارضه|الحكومه|الرئيس|الوزير|البرلمان|الحزب|النائب)\s+(\S+\s+)?(هاجم|تهاجم|يهاجم)\w*"
    r"|(هاجم|تهاجم|يهاجم)\w*\s+(ال)?(حكومه|رئيس|وزير|معارضه|برلمان|حزب)",
    r"\b(политика|ситуация|жизнь|страна|правительство|все это|это все|політика|ситуація|життя|країна|уряд)"
    r" (\w+ )?(—|-|это|це)? ?(просто |настоящий |сплошной |справжня |суцільна )?"
    r"(пожар|пожежа) (в|на|у) (мусорке|помойке|смітнику|смітті)\b",
    # Fiction, films, songs, books, video games and their titles.
    _TITLES,
    _near(rf"{_FICTION}|{_TITLES}", _DANGER, 40, between=rf"{_HERE}|{_TURN}", after=_HERE),
    # The news, history, places far away, famous people shot long ago.
    _near(_NEWS, _DANGER, 60, between=rf"{_HERE}|{_TURN}", after=_HERE),
    _near(_FARAWAY, _DANGER, 40, between=rf"{_HERE}|{_TURN}", after=_HERE),
    r"\b(forest|wild|bush)[ -]?fires\b|\b(лесн\w*|лісов\w*) (пожар\w*|пожеж\w*)|\bpozar\w* lasow\b"
    r"|\borman yanginlari\w*",
    # A question of general knowledge or health, and the number, the cost and the job of the emergency services.
    _GENERAL_QUESTION,
    r"\b(symptoms?|signs?|causes?|risk factors|treatment|prevent\w*|difference between|recogni[sz]e"
    r"|first aid (for|course|training|kit)|симптом\w*|признак\w*|ознак\w*|причин\w*|профилактик\w*|как распознать"
    r"|як розпізнати|objaw\w*|przyczyn\w*|jak rozpoznac|belirti\w*|nasil anlasilir)\b(\W+\w+){0,3}?\W+"
    r"(" + _DANGER + r")",
    r"(اعراض|علامات|اسباب|كيف اعرف|كيف اميز|الوقايه من)\s+(\S+\s+){0,2}?(" + _DANGER + r")",
    r"\b(nose ?bleeds?|bleeding (nose|gums)|(gums?|teeth) (\w+ )?bleed\w*"
    r"|normal to bleed|period bleeding|menstrual bleeding)\b",
    r"\b(кровотеч\w* (з|из) носа|носов\w* кровотеч\w*|кровоточ\w* десн\w*|krwawieni\w* z nosa"
    r"|krwawi\w* dziasl\w*|dziasla krwawia|burun kanamasi\w*|dis eti kanamasi\w*)\b|نزيف\s+(ال)?(انف|لثه)",
    r"\b(unconscious (mind|bias|level|thoughts?|desires?|processes)|(drug|police|asset|property|cocaine"
    r"|customs) seizures?|seizure (warning|of)|overdose (of|on) (sugar|coffee|caffeine|chocolate|cuteness|love"
    r"|netflix)|in danger of|stabbing (pains?|sensation|feeling)|burning (sensation|feeling|pain) (when|while|in)"
    r"|shooting (a |an |the |some )?(film|movie|video|music video|photos?|pictures?|portraits?|wedding|commercial"
    r"|scene|episode|hoops|stars?|range|gallery|guard))\b|\b(photographer|camera\w*|film crew"
    r"|director)\b.{0,30}?\bshooting\b",
    r"\bif (i|you|he|she|someone|somebody|we) (\w+ )?(get|gets|got|was|were|is) (hit|run over) by\b",
    # A small cut: "it's bleeding a bit", "I cut myself shaving".
    r"\bbleed\w* (a bit|a little|slightly)\b|\b(a bit|a little|slightly) bleed\w*"
    r"|\bcut (myself|my \w+) (while )?(shaving|cooking|on (a|the) paper)\b",
    r"\b(before|risk of|danger of|prevent(ing)?|avoid(ing)?|deaths? (by|from)|cases of) drowning\b",
    r"\b(cost|costs|price|pay|pays|paid|bill|invoice|fee|fees|insurance|charged?|free of charge|how much)\b.{0,30}?"
    r"\b(ambulance|paramedic)s?\b",
    r"\b(ambulance|paramedic)s?\b.{0,30}?\b(cost|costs|bill|invoice|fee|fees|insurance|charged?|free)\b",
    r"\b(become|becoming|work as|working as|job as|jobs? for|training as|train as|study to be|career as"
    r"|apprenticeship as) (an? )?(paramedic|ambulance)",
    r"\b(paramedic|ambulance driver)s? (\w+ )?(earn|earns|salary|salaries|wage|wages|make|makes)\b"
    r"|\b(salary|wage|wages|earnings) (of |for )?(an? )?(paramedic|ambulance driver)s?\b",
    r"\bnumber (for|of) (an? |the )?(ambulance|fire ?brigade|fire department|police)\b",
    r"\b(сколько стоит|стоимость|стоит|платит|платить|оплат\w*|бесплатн\w*|платн\w*|страховк\w*|счет)\b.{0,20}?"
    r"\bскор\w*|\bскор(ая|ую|ой)\b.{0,20}?\b(стоит|стоимость|платн\w*|бесплатн\w*|оплат\w*)",
    r"\b(скільки коштує|коштує|вартість|платить|платити|оплат\w*|безкоштовн\w*|платн\w*|страховк\w*|рахунок)\b"
    r".{0,20}?\bшвидк\w*|\bшвидк\w* (\w+ )?допомог\w*\b.{0,20}?\b(коштує|вартість|платн\w*|безкоштовн\w*|оплат\w*)",
    r"\b(ile kosztuje|kosztuje|koszt\w*|oplat\w*|platn\w*|darmow\w*|bezplatn\w*|ubezpiecz\w*|rachun\w*)\b.{0,20}?"
    r"\b(karetk\w*|pogotowi\w*)|\b(karetk\w*|pogotowi\w*)\b.{0,20}?\b(kosztuje|koszt\w*|platn\w*|darmow\w*"
    r"|bezplatn\w*)",
    r"\bambulans\S* (\S+ ){0,2}(ucret\w*|para\w*|fiyat\w*|odeme\w*|sigorta\w*|bedava)"
    r"|\b(ucret\w*|fiyat\w*|kac para|sigorta\w*) (\S+ ){0,2}ambulans\w*",
    r"(تكلفه|سعر|يكلف|تكلف|ثمن|فاتوره|تامين|مجاني|مجانا|رسوم|يدفع|ادفع)\s+(\S+\s+)?(ال)?اسعاف\w*|اسعافات\s+(ال)?اوليه",
    r"\bномер\w* (телефона |телефону )?(скорой|швидкої|полиции|поліції|пожарн\w*|пожежн\w*)"
    r"|\bnumer\w* (na |do )?(pogotowi\w*|karetk\w*|policj\w*|strazy)"
    r"|\b(ambulans|itfaiye|polis)\w* (numara\w*|telefon\w*)|رقم\s+(ال)?(اسعاف|شرطه|اطفاء|طوارئ)",
    # The statistics and the safety of the city, help for victims of violence, owning a weapon lawfully.
    r"\b(statistics|stats|crime rate|how many|how common|how often|how safe|per year|each year|every year|last year"
    r"|percentage|victims? of|shelter|counsel\w*|hotline|helpline|support group|статистик\w*|сколько|скільки|как часто"
    r"|як часто|уровень|рівень|много ли|багато|жертв\w*|потерпіл\w*|пострадавш\w*|приют\w*|притул\w*|statystyk\w*"
    r"|ofiar\w*|duzo|istatistik\w*|magdur\w*|cok mu|احصائيات|احصاءات|نسبه|معدل|ضحايا)\b.{0,30}?\b(violen\w*|burglar\w*"
    r"|насил\w*|насильств\w*|przemoc\w*|siddet\w*)|(احصائيات|ضحايا|هل يوجد|هل هناك)\s+(\S+\s+)?(ال)?عنف",
    r"\b(own|owning|buy|buying|licen[cs]e|permit|allowed|legal|laws?)\b.{0,20}?\b(guns?|weapons?)\b",
    r"\b(купить|купити|разрешени\w*|дозв\w*|лицензи\w*|ліценз\w*|иметь|мати|как работает|як працює|водян\w*"
    r"|игрушечн\w*|іграшков\w*)\s+(\w+\s+)?(пистолет\w*|пістолет\w*|оружи\w*|збро\w*)",
    r"\bsilah (ruhsat\w*|yasa\w*|kanun\w*)|\ben iyi silah\w*"
    r"|(امتلاك|ترخيص|رخصه|قانون|شراء|اقتناء)\s+(ال)?سلاح|افضل\s+سلاح",
    # Threats that are not violence: rain, a fine, a lawsuit; a species under threat.
    r"\bthreaten\w* (to (rain|snow|sue|evict|fine|terminate|cancel|raise|increase|report|close|cut|quit|leave|fire)"
    r"|with (a |an )?(fine|lawsuit|eviction|court|legal action|termination|dismissal|letter))\b",
    r"\bthreatened (species|animals|plants|birds)\b",
    r"\b(grozi|groza) (mi|nam) (\w+ )?(mandat|kara|grzywna|eksmisja|kontrola|zwolnienie|wyrok|odsetki|upomnienie)\b"
    r"|\bco (mi|nam) grozi za\b",
    # Feelings and sayings: drowning in work, a bleeding heart, "kill me now", burnt out, nearly fainting.
    r"\bdrown\w* in (\w+ )?(work|paperwork|papers|bills|debts?|e?mails|homework|assignments"
    r"|tasks|stress|sorrow|tears|love|problems|information|laundry|dishes|orders|deadlines"
    r"|exams|money|files|documents|requests|chores|responsibilities)\b",
    r"\b(heart|hearts|wallet|bank account)\b (\w+ )?(is |are |was )?bleed\w*"
    r"|\bbleed\w* (money|cash|customers|fans|points|votes|talent|jobs|members|subscribers|followers)\b",
    r"\bears? (are |is )?bleed\w* (from|because of|at) (this|that|the|your|his|her"
    r"|their) (music|song|noise|singing|voice|karaoke|band|concert|playlist|sound)",
    r"^\W*(please |just |somebody |someone )?kill me( now| already| please)?(?=\s*[,.!…]+.{0,40}\b(weather|rain\w*"
    r"|snow\w*|hot|heat|cold|mondays?|traffic|work|exams?|homework|bor\w*|meetings?|song|music|queue|wifi)\b)",
    r"\b(mum|mom|mother|mama|dad|father|papa|parents|boss|teacher|coach|landlord|landlady|grandma|granny|nan"
    r"|sister|brother|manager|professor|trainer)('ll|'s|\s+(is|are|will|would|gonna|going to|literally"
    r"|actually|totally|definitely|probably|might|may|could))*\s+kill (me|us)\b",
    r"\bburn\w* (out|up|bridges|its bridges|their bridges|my bridges|calories|fat|money|cash|daylight)\b"
    r"|\bburn(ing|ed|t)?[- ]?out\b",
    r"\b(almost|nearly|practically|basically|about to|could have|could've|i could|gonna|going to)( have| had)?"
    r" (passed out|fainted|died|had a heart attack|a heart attack)\b",
    r"\b(gave|give|giving|gives) (me|us|him|her) a heart attack\b",
    r"\b(can't|cannot) breathe\b.{0,20}?\b(laugh\w*|lol|haha\w*|lmao|funny)\b"
    r"|\b(laugh\w*|lol|haha\w*|lmao|funny)\b.{0,20}?\b(can't|cannot) breathe\b",
    r"\bзадыха\w* (от|від) (жары|спеки|смеха|сміху|работы|роботи|духоты|задухи|злости|счастья)\b",
    # One's own body "on fire" or "burning": a spicy dish, a hard exam, a longing, a sunburn.
    r"\b(my|his|her|your) (brain|head|mind|heart|soul|feet|legs|muscles|throat|mouth|tongue|lips"
    r"|skin|eyes|ears|stomach|cheeks|face) (is |are )?(on fire|burning)\b",
    r"\bburning (with|for) (curiosity|desire|passion|love|impatience|rage|anger|envy|jealousy"
    r"|shame|excitement)\b|\bburning (desire|question|passion|ambition)\b",
    r"\b(рот|у роті|во рту|язык|язик|губы|губи|щеки|щоки|уши|вуха|голова|горло|глаза|очі|душа|сердце|серце)\s+"
    r"(\w+\s+)?(горит|горить|горят|горять)\b"
    r"|\b(горит|горить|горят|горять) (\w+ )?(во рту|у роті|рот|язык|язик|горло|душа|сердце|серце)\b",
    r"\b(голова|мозг|мозги|башка|мозок) (\w+ )?(взрыва|вибуха)\w*",
    r"(فمي|لساني|معدتي|راسي|حلقي|عيوني|قلبي|قلبنا)\s+(\S+\s+)?(ينزف|يحترق|تحترق|بيحترق|يتقطع|ينفطر|سينفجر|ينفجر)",
    r"\b(feelings|pride|ego)\b (\w+ )?(is |are |got |was |were |been )?hurt\b",
    r"\b(daylight|highway) robbery\b|\b(this|that|it|that's|it's) (is |was )?(a |pure |absolute )?robbery\b",
    r"\b(friends?|colleagues?|coworkers?|boss|ex|partner|sister|brother|party|government|team|teammates?"
    r"|politicians?) (\w+ )?(has |have |just )?stabbed (me|us|him|her|them) in the back\b",
    r"\bbreaking in(to)? (my |the |his |her |these |those )?(new )?(shoes|boots|jeans|horse)\b"
    r"|\bbreaking into (song|tears|laughter|a smile|a sweat|a run)\b",
    r"\b(тон\w*|утопа\w*|утону\w*|потону\w*|тоне|тонуть|потопа\w*|втопи\w*) (в|у) (работе|роботі|делах"
    r"|справах|бумагах|папер\w*|документах|долгах|боргах|заботах|турботах|проблемах|слезах|сльозах|счетах"
    r"|рахунках|дедлайнах|задачах|завданнях|учебе|навчанні|домашке|любви|коханні)\b",
    r"\b(сердце|серце) (\w+ )?(кровью|кров'ю) облива\w*|\b(кровью|кров'ю) облива\w* (\w+ )?(сердце|серце)\b",
    r"\b(сердце|серце|душа) (\w+ )?(кровоточит|кровоточить)\b",
    r"\b(дедлайн\w*|сроки|срок|термін\w*|проект\w*|задач\w*|отчет\w*|звіт\w*|план\w*|работа|робота)\s+(\w+\s+)?"
    r"(горит|горять|горить|горят)\b"
    r"|\b(горит|горят|горить|горять)\s+(\w+\s+)?(дедлайн\w*|сроки|срок|термін\w*|проект\w*|отчет\w*|звіт\w*)\b",
    r"\b(tone|tonie|toniemy|topie sie|topimy sie|tona) w (pracy|papierach|dokumentach|dlugach"
    r"|obowiazkach|rachunkach|mailach|nauce|zadaniach|lzach|milosci)\b",
    r"\bserce (mi |nam )?krwawi\b",
    r"\b(is|isten|isler|islerden|iste|isim|ders|dersler|derslerden|borc|borclar|borclardan"
    r"|stres|stresten|sicak|sicaktan|toz|tozdan|evrak\w*)\w* (\w+ )?bogul\w*",
    r"\b(icim|yuregim|kalbim|midem|agzim) (\w+ )?yan\w*",
    r"غر(ق|قان|قانه|قت|قنا)\w*\s+(\S+\s+)?(في|ب)\s*(ال)?(شغل|عمل|ديون|دراسه|واجبات|مشاكل|حب|افكار|هموم)",
    # A cry about an everyday trouble, with no danger in or after it ("help! there's a fire, I'm hungry").
    _near(_CRY_WORD, _EVERYDAY, 40, between=_DANGER, after=_DANGER),
    # Knife and fork, the kitchen knife.
    *_CUTLERY,
]
# Compiled one by one and applied in turn: one alternation of them all is tried in full at every position of a
# message and takes twice as long.
_EXCEPTION_PATTERNS = [re.compile(exception) for exception in _EXCEPTIONS]
# The sports pages: a striker injured, a team that attacked, a player who collapsed on the pitch. Only where nothing
# in the whole message makes it one's own player or pitch, or a player lying still ("our player collapsed and is not
# moving", "my son was injured at football training").
_SPORTS_PAGES = re.compile(
    _near(_SPORT, _SPORT_DANGER, 50, between=rf"{_HERE}|{_TURN}|{_BYSTANDER}", after=rf"{_HERE}|{_BYSTANDER}")
)
_OWN_PLAYER = re.compile(_SPORT_HERE)


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
    if not _signal(folded):
        return None
    # An exception only blanks the words it covers, so "the lamp burns, and a man is bleeding" stays an emergency.
    blanked, count = folded, 0
    exceptions = _EXCEPTION_PATTERNS if _OWN_PLAYER.search(folded) else [*_EXCEPTION_PATTERNS, _SPORTS_PAGES]
    for exception in exceptions:
        blanked, blanks = exception.subn(_blank, blanked)
        count += blanks
    if not count:
        return folded
    return blanked if _signal(blanked) else None


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


def _signal(folded: str) -> bool:
    return any(signal.search(folded) for script, signal in _SIGNAL_BY_SCRIPT if script.search(folded))
