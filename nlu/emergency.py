"""Recognises emergencies by their words, independent of the trained model.

A citizen who writes "es brennt" or "Gasgeruch im Keller" must get 112 / 110
at once, even when the classifier has never seen that phrasing. The signals
below are deliberately specific (a fire, gas, an injured or unconscious
person, violence, someone in the water) and come with the ordinary defect
reports that look alike ("die Laterne brennt tagsüber") as exceptions.
Text is folded first (nlu/text.py): umlauts as ae/oe/ue, ß as ss.
"""

import re

from nlu.text import fold

_PERSON = (
    r"(?:person|mann|frau|kind(?:er)?|kleinkind|baby|saeugling|jemand|junge[n]?|maedchen|opa|oma|nachbar\w*|fussgaenger(?:in|innen)?"
    r"|\w*fahrer(?:in|innen)?|leute|menschen|rentner\w*|herr|eener|einer|sohn|tochter|vater|mutter|papa|mama|bruder|schwester"
    r"|freund(?:in)?|kumpel|kolleg(?:e|in)|arbeiter|radler(?:in)?|passant(?:in|en)?|jogger(?:in)?|schueler(?:in)?)\b"
)
# Something happening this very moment ("gerade"), not a state that has lasted for weeks.
_NOW = r"(?:gerade|grad|grade|eben|in diesem moment)"
# Things that come down from a building or a tree onto people.
_FALL = r"(?:faellt|fallen|stuerzt|stuerzen|kracht|krachen|broeckelt|broeckeln|fliegt|fliegen|loest sich|loesen sich)"
# Lakes, rivers and pools one can fall or jump into.
_WATER = r"(?:wasser|elster|fluss|teich|see|stausee|baggersee|weiher|bach|becken)"
# What a child must not swallow or drink.
_SUBSTANCE = (
    r"(?:putzmittel|reiniger|\w*gift|tabletten|pillen|medikamente|batterie|spuelmittel|waschmittel|lampenoel|giftpilz\w*|tollkirsche\w*"
    r"|rattengift|duenger|duengemittel|zigarette\w*|kippe\w*|schnaps|spiritus|benzin|farbe|kleber)"
)
_PARTS = r"(?:dachziegel|ziegel|dachteile|fassadenteile|eisplatten|eiszapfen|steine|glasscheiben|dachlawinen?|brocken|balken)"
_DEBRIS = (
    rf"(?:{_PARTS}|\w*teile|\w*stuecke|putz|glas|scheiben?|aeste|ast|steine?|\w*ziegel\w*|fassade\w*|dach\w*|balkon\w*|mauer\w*|geruest\w*"
    r"|kran|schild\w*|eis\w*|schnee(?:brett|lawine)\w*|\w*platten|material|werkzeug|moertel|beton\w*|baum|baeume|putzbrocken)"
)
_BELOW = r"(?:gehweg|fussweg|buergersteig|fahrbahn|strasse|leute|menschen|passanten|kinder|schule|schulhof|spielplatz|haltestelle|eingang)"
_QUOTED = r"[\"'„“”‚‘’»«][^\"'„“”‚‘’»«]{1,40}[\"'„“”‚‘’»«]"
_WRITTEN = r"(?:gesprueht|gesprayt|geschmiert|gemalt|geschrieben|gekritzelt|graffiti\w*|schmiererei\w*|schriftzug|aufschrift|plakat\w*|aufkleber|sticker)"
_PAST = (
    r"(?:gestern|vorgestern|letzte[nrs]? (?:woche|nacht|jahr|monat|wochenende)|vorige[nrs]? (?:woche|jahr|monat)"
    r"|vom (?:wochenende|letzten \w+)|vor (?:\w+ )?(?:tagen|wochen|monaten|jahren)|neulich|damals|kuerzlich"
    # History: a year long gone ("der Stadtbrand von 1780"), a war, the Middle Ages, the GDR.
    r"|(?:im jahr |anno )?1[5-9]\d\d\b|(?:im|in dem) (?:\w+ )?(?:weltkrieg|krieg|mittelalter)|in der ddr|zu ddr-?zeiten|frueher|in meiner kindheit)"
)
# A nuisance that comes back ("jeden Abend", "ständig"), not a danger of this moment.
_HABIT = (
    r"(?:\b(?:jeden|jede|jedes) (?:abend|nacht|tag|wochenende|morgen|sonntag|samstag|sommer)\b"
    r"|\b(?:staendig|dauernd|immer wieder|regelmaessig|taeglich|andauernd|jedes mal|seit wochen|seit monaten)\b)"
)
# A household trouble called "Notfall": a burst pipe, the heating, a blocked toilet.
_HOUSEHOLD = r"(?:klempner|heizung|\w*rohrbruch|ausgesperrt|schluesseldienst|toilette|klo|verstopft|waschmaschine|kuehlschrank|paket)"
# Everyday troubles that a "Notfall!" or "SOS" may be about without any danger.
_EVERYDAY = (
    r"(?:wlan|internet|handy|akku|computer|laptop|pc|drucker|fernseher|netflix|schluessel|date|langweil\w*|pizza\w*|kaffee|bier|klopapier"
    r"|toilettenpapier|\w*hausaufgaben|mathe|formular|antrag|termin|friseur|frisur|outfit|geschenk|zigarette\w*|schokolade|durchfall|ladekabel"
    r"|auto|fahrrad|katze|kater|hund|haustier|wellensittich|freund|freundin|chef|kochen|anziehen|verstehe|funktioniert|schluss gemacht"
    r"|wetter|spaet|uhr|gewonnen|entscheiden|schwiegereltern|schwiegermutter|nichts zu tun|witz|witze|idee|tipp|rezept|mittagessen|abendessen"
    rf"|{_HOUSEHOLD}|hamster|verpasst|gestrichen|spuelmaschine|abfluss|wasserhahn)\b"
)
# Things that get knocked over; "mein Auto angefahren" is damage to report.
_THING = (
    r"(?:\w*auto|\w*(?<!kranken)(?<!rettungs)(?<!notarzt)(?<!feuerwehr)wagen|fahrzeug|\w*schild|poller|\w*laterne|laterne|zaun|mast|ampel|pfosten|mauer|bank|papierkorb|spiegel|fahrrad|rad"
    r"|roller|e-?scooter|scooter|container|tonne|muelltonne|geruest|bauzaun)(?:e|en|s|n|er)?\b"
)
_HURT = (
    r"(?:gestuerzt|verunglueckt|verletzt|operiert|gestorben|verstorben|ueberfallen|ausgeraubt|angegriffen|zusammengeschlagen|verpruegelt"
    r"|bedroht|bestohlen|herzinfarkt|schlaganfall|zusammengebrochen|kollabiert|umgekippt|ohnmaechtig|bewusstlos)"
)
# Wars and disasters far away, as in the news ("Waldbrände in Kanada"). A place named as one's origin ("ich komme aus
# der Ukraine") is not where the danger is; "ich krieg das nicht aus" is no war.
_FARAWAY = (
    r"(?:(?:im|in|der|den|dem|vom|zum|ein|einen|einem) (?:\w+ )?kriege?|weltkrieg|kriegsgebiet|ukraine|russland|israel|gaza|nahost|syrien|amerika|usa|kanada|kalifornien|australien"
    r"|griechenland|spanien|portugal|italien|frankreich|tuerkei|brasilien|amazonas|sibirien|japan|china|indien|afrika|venedig"
    r"|mallorca|kroatien|hawaii|mexiko|chile|indonesien|pakistan|afghanistan|iran|irak|libanon|sudan|jemen)"
)
# Words that put a danger here and now or among one's own, whatever else the message talks about.
_HERE = r"(?:mein|meine|meinem|meinen|meiner|unser|unsere|unserem|unseren|hier|jetzt|gerade|grad|grade|eben|nebenan|bei uns|bei mir)"
# Games one is beaten at ("Mein Bruder schlägt mich immer beim Schach").
_GAME = r"(?:schach|tennis|tischtennis|badminton|spiel|skat|poker|fussball|rennen|wettbewerb|quiz|kartenspiel|armdruecken|monopoly|uno|kniffel|memory)"
_POLITICS = (
    r"(?:kanzler\w*|minister\w*|regierung|opposition|partei\w*|politik\w*|praesident\w*|koalition|bundestag|landtag|stadtrat"
    r"|spd|cdu|csu|fdp|afd|bsw|gruene\w*|linke\w*)"
)
# "Sos" is sauce in Turkish and Polish, and a German "Soße" misspelt: "Pizza için hangi sos?", "Ich mag Sos zu Pommes".
# Shared with the words of other languages (nlu/language.py), which fold "ö" to "o".
_FOOD = (
    r"(?:pizz\w*|pommes|patates|makarna|spaghetti|bolognese|frytki|burger|d(?:oe|o)ner|kebab\w*|salat\w*|nudeln|pasta|ketchup"
    r"|lecker|lezzetli|ac[iı]l[iı]|ac[iı]|czosnkow\w*|pomidorow\w*|makaron\w*|ziemniak\w*)"
)
# "An explosion of flavour" or of prices, in English, the same in both lists.
EXPLOSION_OF = r"\ban? explosion of (flavou?rs?|colou?rs?|taste|joy|prices|costs|emotions|creativity|likes|followers)\b|\bexplosion of (prices|costs)\b"
SOS_AS_SAUCE = rf"\b{_FOOD} (\w+ ){{0,2}}sos\b|\bsos (\w+ ){{0,2}}{_FOOD}"
_OVER = r"(?:\w*brand|feuer|schlaegerei|pruegel\w*|unfall|ueberfall|einbruch|feuerwehr|polizei|explosion|herzinfarkt|schlaganfall)"
_SIGNALS = [
    # fire and smoke
    r"\bes bren+t\b", r"\bbren+t\b", r"\bbren+ts\b", r"\bbrennen(de|der|des)?\b", r"\bfeuer\b", r"\bflammen\b", r"\blichterloh\b",
    r"\bbrand(geruch|stelle)?\b", r"\w+brand\b", r"\bqualm", r"\brauch\b", r"\braucht\b", r"\brauch(entwicklung|wolke|saeule)",
    r"\bexplo(sion|diert)", r"\bin brand\b",
    # Compounds: "Gasexplosion", "Dachstuhlfeuer" (not "Kostenexplosion" or "Lagerfeuer").
    r"\b(gas|kessel|staub|boiler|heizungs|therme|akku|batterie|auto|tank|gasflaschen|flaschen|spraydosen|haus|wohnungs|keller|fabrik|werks|trafo)explosion\b",
    r"\b(dachstuhl|kuechen|zimmer|wohnungs|keller|haus|auto|fahrzeug|wald|boeschungs|container|muell|gebaeude|scheunen|garagen|balkon|fett)feuer\b",
    # The fire brigade called for, not talked about ("die Feuerwehr hat ein neues Auto").
    r"\bfeuerwehr\b.{0,30}\b(schnell|sofort|bitte|hilfe|rufen|ruft|holen|schicken|kommen|kommt|alarmier\w*|verstaendig\w*|anrufen|gerufen|angerufen|benachrichtig\w*|muss|brauche|brauchen|braucht|unterwegs)\b",
    r"\b(schnell|sofort|bitte|hilfe|ruf|ruft|rufen|rufe|hol|holt|holen|schick|schickt|schicken|alarmier\w*|verstaendig\w*|brauche|brauchen|braucht)\b.{0,30}\bfeuerwehr\b",
    r"^\W*(\w+\W+){0,2}feuerwehr\W*(\w+\W*){0,2}$", r"\bfeuerwehr\b[^.?]{0,30}!",
    # gas
    r"\bgasgeru", r"\b(riecht|stinkt|richt)\w* (\w+ ){0,6}nach gas\b", r"\bgas ?(leck|leitung|austritt|tritt)", r"\w*gas (tritt|stroemt|entweicht) (\w+ )?aus\b", r"\bchlorgas\b",
    r"\bgas (riecht|stinkt|stroemt)", r"\bgas (\w+ ){0,2}(riechen|gerochen|stinken|riech)\b",
    # chemicals in the air
    r"\b(chemikalien|chemie|chlor|ammoniak|saeure|loesungsmittel)\w*\b.{0,30}\b(geruch|gestank|dampf|daempfe|wolke|ausgetreten|ausgelaufen|laeuft aus|tritt aus)",
    r"\b(chemikalien|chemie|chlor|ammoniak)geruch", r"\b(beissend|stechend|aetzend|giftig)\w* (geruch|gestank|rauch|dampf|daempfe|gas|wolke)",
    # people hurt or in danger
    r"\bverle?t?zt", r"\bschwer ?verletz", r"\bblut(e|et|en|end|ueberstroemt|ung)?\b", r"\bbewus+tlos", r"\bohnmaechtig",
    r"\batmet (nicht|nich|ni|kaum|flach)", rf"\b{_PERSON}\b.{{0,60}}\b((bewegt|ruehrt|regt) sich|reagiert) (nicht|nich|ni|nimmer|kaum)\b"
    r"(?! (mehr )?auf (meine|mails|e-?mails|nachrichten|anrufe|briefe|sms|whatsapp|schreiben|antraege?|fragen)\b)",
    r"\bruehrt sich (nicht|nich|ni|nimmer)\b", rf"\b{_PERSON}\b.{{0,40}}\b(umgekippt|zusammengesackt|zusammengeklappt)\b", r"\bregungslos", r"\bzusammengebrochen", r"\bkollabiert", r"\bherzinfarkt",
    r"\bschlaganfall", r"\bkrampf(t|en|anfall)", r"\breanimation", r"\bwiederbeleb", r"\bnotarzt",
    r"\b(kranken|rettungs)wagen", rf"\b{_PERSON}\b.{{0,40}}\b(angefahren|umgefahren|erfasst|ueberfahren|erwischt)\b",
    rf"\b(angefahren|umgefahren|erfasst|ueberfahren)\b.{{0,20}}\b{_PERSON}\b",
    r"\b(frau|mann|person|jemand|opa|oma|kind|junge|maedchen|herr|rentner\w*) (\w+ ){0,4}(umgefallen|umgekippt)\b",
    r"\bwach(t|en) (\w+ )?(nicht|nich|ni|nimmer) (mehr )?auf\b", r"\b(wird|werden) (\w+ )?(nicht|nich|ni|nimmer) (mehr )?wach\b", r"\b(nicht|nich|ni|kaum|nimmer) (mehr )?ansprechbar",
    r"\b(lippen|gesicht|haut)\b (\w+ ){0,4}(blau|blaeulich|lila)\b",
    # a stroke: a drooping face, one side paralysed
    r"\b(mund|mundwinkel|gesicht|gesichtshaelfte)\w* (\w+ ){0,2}(haengt|haengen|haengend) (\w+ )?schief", r"\bhalbseitig\w* (gelaehmt|taub|laehmung)", r"\bgesichtshaelfte (\w+ )?(haengt|haengend|gelaehmt|taub)",
    r"\bkann (ploetzlich|auf einmal) (\w+ ){0,2}nicht mehr (\w+ )?(sprechen|reden|laufen|stehen|gehen)\b",
    r"\b(arm|arme|bein|beine|seite|gesichtshaelfte|koerperhaelfte)\b (\w+ ){0,2}(gelaehmt|taub)\b",
    # an allergic shock
    r"\b(schwillt|schwellen) (\w+ ){0,3}(hals|zunge|rachen|gesicht)\w* (\w+ )?zu\b", r"\b(hals|zunge|rachen)\b (\w+ ){0,2}(schwillt|schwellen|zugeschwollen)",
    r"\ballergisch\w* schock", r"\banaphyla",
    r"\bertrink", r"\bertrunken", r"\bkann nicht schwimmen", rf"\b{_PERSON}\b.{{0,30}}\b(im wasser|treibt|untergegangen)", rf"\b{_PERSON}\b.{{0,40}}\bgeht (\w+ ){{0,3}}unter\b",
    rf"\b(ins|in die|in den) (weisse elster|{_WATER})\b.{{0,15}}\b(gefallen|gestuerzt|gesprungen)",
    rf"\b{_PERSON}.{{0,20}}\b(fallen|faellt|gefallen|gestuerzt)\b.{{0,10}}\b(in|ins) (das |den |die )?(wasser|fluss|elster|teich|see|bach)\b",
    r"\beis\b.{0,40}\b(knackt|eingebrochen|durchgebrochen)", r"\b(durchs|ins|im) eis\b.{0,20}\b(gebrochen|eingebrochen)",
    r"\beingeklemmt", rf"\b({_PERSON}|kinder|schueler) (\w+ ){{0,3}}(noch )?(drin|darin|eingeschlossen|eingesperrt)\b", r"\b(haengt|sitzt) (\w+ ){0,2}noch drin\b",
    rf"\b{_PERSON} (\w+ ){{0,4}}(liegt|treibt|haengt) (\w+ ){{0,3}}(boden|wasser|elster|fluss|strasse|gleis)",
    r"\bliegt (\w+ ){0,3}(am|auf dem) boden und\b",
    rf"\bliegt (\w+ ){{0,2}}{_PERSON} (\w+ ){{0,3}}(auf der (strasse|fahrbahn)|am boden|auf dem (boden|gehweg|radweg)|im gleis|tot|leblos)\b",
    rf"\b{_PERSON} (\w+ ){{0,3}}(liegt|scheint|wirkt) (\w+ ){{0,2}}(tot|leblos)\b", r"\bleblos", r"\b(er|sie) liegt (da |dort |hier )?(wie tot|bewegungslos)\b",
    rf"\b{_PERSON}.{{0,60}}\b(antwortet|spricht) (nicht|nich|kaum|nimmer)\b(?! (mehr )?(auf|per|am|seit|mit)\b)", r"\bschreit vor schmerz", r"\bschmerzen in der brust",
    r"\bbrustschmerz", r"\bkann (kaum|nicht|nich) (mehr )?atmen", r"\b(kabel|leitung)\w*\b.{0,40}\bzisch", r"\bkokel",
    r"\b(sitzt|haengt|ist|liegt) noch (wer|jemand|einer|eener|eine) (drin|darin|drunter|darunter)\b",
    # buried under something that came down
    r"\b(jemand|wer|einer|eener|leute|menschen|person\w*|arbeiter|kind|kinder|mann|frau) (\w+ ){0,2}(liegt|liegen|sind|ist|sitzt|steckt|stecken) (\w+ ){0,2}(drunter|darunter)\b",
    r"\b(liegt|liegen|sind|ist|sitzt|steckt|stecken) (\w+ ){0,2}(jemand|wer|einer|eener|leute|menschen|arbeiter|personen|kinder?|mann|frau) (\w+ )?(drunter|darunter)\b",
    rf"\b{_PERSON} (\w+ ){{0,2}}(ist|sind|wurde|wurden|liegt|liegen|wird|werden) (\w+ ){{0,2}}verschuettet\b", r"\bverschuettete[nr]? (person|menschen|arbeiter|leute)", r"\bunter sich begraben", r"\bunter (den )?truemmern\b",
    # parts coming down right now where people walk
    # Only parts of a building, a tree or a site: leaves, snowflakes, birds and drones fly over the schoolyard harmlessly.
    rf"^(?=.*\b{_DEBRIS}\b).*\b{_FALL}(?! (mir|uns|ihm|ihr|dir)\b) (\w+ ){{0,2}}{_NOW}\b.{{0,80}}\b{_BELOW}",
    rf"^(?=.*\b{_DEBRIS}\b).*\b{_NOW} (\w+ ){{0,4}}{_FALL}(?! (mir|uns|ihm|ihr|dir)\b)\b.{{0,80}}\b{_BELOW}",
    rf"\b{_PARTS} (\w+ ){{0,3}}{_FALL}\b.{{0,60}}\b(leute|menschen|passanten|kinder|fussgaenger\w*)",
    # a small child where it can fall or be hit
    r"\b(kind|kleinkind|baby|jemand|person|mann|frau|junge|maedchen)\b.{0,50}\b(sitzt|liegt|steht|spielt|krabbelt|haengt|klettert)\b.{0,20}\b(gleis|gleisen|gleisbett|fensterbrett|fensterbank|fenstersims|sims|gelaender|bruestung|dachkante|kante)\b",
    r"\b(kind|kleinkind|baby)\b.{0,20}\ballein\w* (auf|am|im) (dem |der )?(balkon|fensterbrett|fenster|dach|gleis\w*|fahrbahn|bundesstrasse)",
    rf"\b{_PERSON} (\w+ ){{0,2}}liegt (da|dort|am boden|auf dem boden|auf der strasse|auf der fahrbahn)\b",
    r"\b(kopf|schwer|stich|schuss)verletz", r"\bplatzwunde", r"\b(bein|arm|knochen|genick)\w* (ist |sind )?gebrochen", r"\bknochenbruch",
    r"\breglos", r"\b(krieg|kriege|bekomme|bekomm|kriegen) (ihn|sie|es|den|die|ihm) (\w+ )?nicht (mehr )?wach", r"\bnicht (mehr )?atmen\b",
    r"\bueberschlagen\b", r"\bfrontal\w*\b.{0,30}\b(zusammen|unfall|crash)", r"\bunfall\b.{0,40}\b(schwer|schlimm|mehrere (autos|fahrzeuge))", r"\b(schwere[rnm]?|schlimme[rnm]?|heftige[rnm]?) (\w+ )?(verkehrs)?unfall\b",
    r"\batemnot\b", r"\b(kriegt?|kriege|kriegen|bekommt?|bekomme|bekommen) (\w+ )?(kaum|keine|schlecht|schwer) (mehr )?luft\b", r"\berstick", r"\bstromschlag",
    r"\b(finger|hand|arm|bein|fuss|zeh|daumen)\w* (\w+ )?(abgeschnitten|abgetrennt|abgesaegt|abgerissen|abgequetscht)\b",
    rf"\b{_PERSON}.{{0,30}}\b(vom|von der|von einem|aus dem|aus einem) (dach|balkon|fenster|bruecke|hochhaus|geruest)\w* (gesprungen|gefallen|gestuerzt)\b",
    rf"\b{_PERSON}.{{0,30}}\bgestuerzt\b.{{0,30}}\b(steht nicht|kommt nicht|nicht mehr (auf|hoch))",
    r"\bhund\w*\b.{0,30}\b(gebissen|angefallen|beisst)\b.{0,30}\b(kind|mann|frau|person|jemand)",
    r"\bhund\w*\b.{0,30}\b(kind|mann|frau|person|jemand|mich|uns|sohn|tochter)\b.{0,20}\b(gebissen|angefallen|zerfleischt)\b",
    r"\b(kind|kleinkind|baby|sohn|tochter|maedchen|enkel\w*)\b.{0,40}\b(vermisst|verschwunden|weggelaufen|(nirgends|nirgendwo) (zu finden|zu sehen)|nicht (mehr )?(auffindbar|zu finden))\b", r"\bvermisst\w* (kind|person)",
    r"\b(kind|junge|maedchen|kleine[rn]?)\b.{0,30}\b(sucht|findet) (seine|ihre) (eltern|mutter|mama|papa|vater)\b",
    r"\b(kind|sohn|tochter|enkel\w*|kleine[rn]?)\b (\w+ ){0,3}?((ist|sind) (schon |einfach |ploetzlich |auf einmal |spurlos |seit (\w+ ){1,3})?weg\b(?! (nach|zur|zum|zu|in)\b)|nicht (mehr )?(auffindbar|zu finden))",
    r"\bfind\w* (mein|meine|meinen|unser|unsere|unseren) (sohn|tochter|kind|kleine[nr]?|enkel\w*) (\w+ )?(nicht|nich|ni|nirgends|nirgendwo)\b",
    r"\bnot ?fall\b", r"\bnotruf\b", r"\blebensgefahr", r"\blebensgefaehrlich", r"\bsos\b",
    r"^\W*(11[02]|polizei|feuerwehr|notarzt|krankenwagen|rettungsdienst)\W*$",
    # self-harm
    r"(spring(en|t)\b).{0,40}\b(bruecke|dach|hochhaus|fenster|balkon|parkhaus)", r"\b(bruecke|dach|hochhaus|fenster|balkon|parkhaus)\w*\b.{0,40}spring(en|t)\b",
    r"\bwill (?!nicht\b|kein\b)(\w+ )?(sich )?(runter|herunter|hinunter)?(springen|stuerzen)\b", r"\bwill sich (\w+ ){0,2}(runter|hinunter|herunter)?fallen lassen\b",
    r"\b(sich|mich) (\w+ ){0,3}vor (den|einen|die|eine) (zug|bahn|strassenbahn|auto|lkw) (werfen|schmeissen|legen)\b",
    r"\b(will|moechte|mag|wollen|kann) (\w+ )?nicht mehr leben\b(?! (in|hier|im|bei|an|auf|dort|da|mit)\b)", r"\blebensmuede",
    r"\bsich (\w+ ){0,2}(was|etwas) (antun|anzutun)\b", r"\bsich (\w+ ){0,2}das leben (zu )?nehmen\b", r"\bsuizid", r"\bselbstmord", r"\bumzubringen\b", r"\bumbringen\b",
    # violence and crime in progress
    r"\bmesser(stecherei|angriff)", r"\b(mit|hat|zieht) (ein |einem |nem |einer |eine |ne |ner |dem |der |seinem |seiner |ihrem |ihrer )?(messer|waffe|pistole|axt|beil|machete|baseballschlaeger|schlagstock|gewehr|schusswaffe|knarre|eisenstange)\b", r"\b(ge)?stochen\b", r"\b(nieder|er|ab)gestochen\b", r"\berstochen\b", r"\bmesser(stich|attacke)",
    r"\b(haeusliche|sexuelle) gewalt\b", r"\bgewalttaet", r"\b(schreit|ruft|rufen|schreien) (\w+ ){0,2}um hilfe\b", r"\bhilferufe?\b",
    r"\bschuesse\b", r"\bgeschossen\b", r"\bbedroh(t|en|te|ten)\b", r"\bueberfall", r"schlaegerei", r"\bpruegel",
    r"\bschlaeg\w* (\w+ ){0,5}auf (\w+ ){0,3}ein\b", r"\bschl(ae|a)g\w* (\w+ ){0,4}(\w*scheibe\w*|tuer\w*|fenster\w*|glas\w*|kopf|schaedel|gesicht|alles|auto\w*) (\w+ )?ein\b", r"\bangegriffen\b",
    r"\b(schreit|schreien|bruellt|bruellen|ruft|droht)\b (\w+ )?ich (\w+ )?(stech|schlag|bring|mach|erschiess|knall|toete|bring)\w* (dich|euch|sie|ihn|dir) (\w+ )?(ab|tot|um|kalt|ab)\b", rf"\b(greift|greifen) (\w+ ){{0,2}}({_PERSON}|kinder|leute|menschen|mich|uns|passanten) an\b", r"\bzusammengeschlagen", r"\bwerde verfolgt",
    r"\bzusammenge(treten|pruegelt)", r"\bverpruegel", r"\bvergewaltig",
    rf"\b{_PERSON}.{{0,40}}\b(getreten|geschlagen|gewuergt|verpruegelt|abgestochen) (wird|werden)\b",
    # Someone being beaten, kicked or choked; "Er hat mich geschlagen".
    rf"\b(schlaegt|schlagen|tritt|treten|wuergt|wuergen|pruegelt|pruegeln|haut|hauen)\b (\w+ ){{0,2}}(mich|uns|dich|ihn|{_PERSON})",
    r"\b(treten|tritt|pruegeln|pruegelt|stechen|sticht|hauen|haut) auf (\w+ ){0,3}ein\b",
    r"\b(mich|meine \w+|meinen \w+|mein \w+) (\w+ ){0,2}(geschlagen|getreten|gewuergt|verpruegelt|missbraucht|begrapscht)\b(?! (\w+ )?\d)",
    # A theft or a break-in happening right now.
    r"\b(bricht|brechen|knackt|knacken|klaut|klauen|stiehlt|stehlen)\b (\w+ ){0,3}(gerade|grad|grade|jetzt|in diesem moment)\b",
    r"\b(gerade|grad|grade|jetzt) (\w+ ){0,3}(bricht|brechen|knackt|knacken|klaut|klauen|stiehlt|stehlen)\b",
    rf"\b(wird|werden) (\w+ ){{0,2}}{_PERSON} (\w+ ){{0,3}}(getreten|geschlagen|gewuergt|verpruegelt|abgestochen)\b",
    r"\b(er|sie|typ|ex|mann|nachbar|freund)\b (\w+ )?(bringt|bringen) (mich|uns|dich|meine \w+|mein \w+) um\b(?! (den|die|das|meinen|meine|mein)\b)",
    r"\b(er|sie|typ|ex|mann|nachbar|freund)\b (\w+ )?(will|wird|wuerde|droht) (mich|uns|dich|meine \w+|mein \w+) (\w+ )?(abstechen|erschiessen|toeten|abzustechen|zu erschiessen|zu toeten)\b",
    r"\bentfuehr", r"\b(ins|in ein|in einen|in den|in die|in nen) (auto|wagen|transporter|van|kofferraum|gebuesch)\w* (\w+ )?(zerr|gezerrt|geschleppt|gezogen|gestossen)\w*",
    r"\b(zerr|zerrt|zerren|schleppen|schleppt)\b.{0,30}\b(auto|wagen|transporter|kofferraum|gebuesch)",
    r"\b(steigt|steigen|klettert|klettern)\b (\w+ ){0,6}(durchs|durch (das|ein|die)) \w*(fenster|tuer)\w* (\w+ )?ein\b",
    r"\beinbrecher\b", r"\bbrechen (gerade )?(\w+ ){0,2}ein\b", r"\bbricht (gerade|jetzt) (\w+ ){0,6}ein\b",
    r"\beinbruch\b.{0,20}\b(gerade|jetzt)\b", r"\b(gerade|jetzt)\b.{0,40}\b(aufzubrechen|aufbrechen|einzubrechen)",
    r"\b(ruf|rufen|holen?) (sie |du )?(die )?polizei", r"\bhilfe ?!{2,}",
    # live electricity
    r"\b(strom|hochspannungs|ober)(leitung|kabel)\w*\b.{0,40}\b(funk(t|en|e|enflug|enschlag)\b|liegt|runter|gerissen|abgerissen)",
    r"\bkabel (\w+ ){0,3}funk(t|en|e|enflug|enschlag)\b", r"\bleitung\w*\b.{0,40}\bfunk(t|en|e|enflug|enschlag)\b",
    r"\b(trafo|umspann|strom|sicherung|verteiler|schalt|draht|draehte|steckdose|kabel)\w*\b.{0,60}\b(funk(t|en|e|enflug|enschlag)|lichtbogen|schmort|zisch\w*)\b",
    r"\b(trafo|umspann|stromkasten|verteilerkasten|schaltkasten)\w*\b.{0,40}\b(knall\w*|brennt|qualmt|raucht)\b", r"\bstrommast\w* (\w+ ){0,2}(umgestuerzt|umgefallen|umgeknickt)",
    # poisoning
    r"\bvergift", r"\b(kind|kleinkind|baby|sohn|tochter|enkel\w*|kleine[rn]?)\b.{0,40}\b(verschluckt|geschluckt)\b",
    r"\b(kind|kleinkind|baby|sohn|tochter|enkel\w*|kleine[rn]?)\b.{0,40}\b(pilze|beeren|tollkirsche\w*|eibe\w*|fingerhut|maigloeckchen|zigarette\w*|kippe\w*)\b.{0,30}\b(gegessen|gekaut|getrunken)\b", r"\w+gift\b.{0,30}\b(getrunken|verschluckt|geschluckt|gegessen)\b", rf"\b(getrunken|verschluckt|geschluckt|gegessen)\b.{{0,30}}\b{_SUBSTANCE}",
    rf"\b{_SUBSTANCE}\w*\b.{{0,30}}\b(getrunken|verschluckt|geschluckt|gegessen)\b", r"\bueberdosis", r"\b(zu viele|ganze (packung|schachtel)|handvoll)\b (\w+ )?\w*(tabletten|pillen|medikamente)",
]

# Ordinary reports that share a word with an emergency.
_EXCEPTIONS = [
    r"\w*(laterne|lampe|licht|leuchte|beleuchtung|funzel|ampel)\w*\b.{0,60}\bbrenn",
    r"\bbrenn\w*\b(\s+\w+){0,5}?\s+\w*(laterne|lampe|licht|leuchte|beleuchtung|funzel)(n|en|er)?\b",
    r"\bbrenn\w*\b.{0,40}\b(tagsueber|den ganzen tag|dauerhaft|am tag|hellichten|bei tag|staendig|ununterbrochen)",
    # A lamp that does not burn is a dark street, not a fire.
    r"\bbrenn\w* (\w+ ){0,2}(nicht|nich|ni|nimmer|kein\w*)\b",
    r"\b(feuerwehr|feuerwache|rettungswache|rettungswagen|krankenwagen)\w*\b.{0,40}\b(nicht durch|nich durch|kaeme nicht|kommt nicht|zugeparkt|zugestellt|blockiert|durchkommen|parken|parkt|geparkt)",
    r"\b(ausfahrt|zufahrt|einfahrt)\w* (der |vom |von der )?(feuerwache|feuerwehr\w*|rettungswache)",
    r"\bkein(en)? not ?fall\b", r"\bnicht dringend\b", r"\bnotfallnummer", r"\bnotfallpraxis",
    r"\bfeuerwehrzufahrt", r"\bpolizeiliche\w* fuehrungszeugnis", r"\bfuehrungszeugnis", r"\bpolizei ?(revier|station)? (ist )?zustaendig",
    r"\bbrandschutz", r"\bbrennend\w* (\w+ ){0,2}(laterne|lampe|licht|leuchte|strassenbeleuchtung)",
    r"\bverletzungsgefahr", r"\bverletzen (koennte|kann)", r"\bfeuer und flamme\b",
    rf"\b(handy|telefon|schluessel|ball|tasche|geldboerse|portemonnaie|brille|muell\w*|fahrrad|rad|einkaufswagen)\b.{{0,30}}\b(ins|in die|in den) {_WATER}\b",
    # "Notfall: mein Perso ist weg" is an urgent errand; "ne Lebensgefahr für jede Oma" a hazard to report.
    r"\bnot ?fall\b.{0,40}\b(perso|ausweis|pass|reisepass|fuehrerschein|termin|urkunde)",
    r"\b(ne|eine|echte|reine|die reinste) lebensgefahr\b", r"\blebensgefae?h?r\w* fuer (jede|jeden|alle|kinder|fussgaenger|radfahrer|radler|autofahrer|senioren|aeltere)",
    r"\b(angst|sorge|bevor|sonst|damit|nicht dass|gefahr|koennte|kann)\b.{0,50}\bverletz\w*",
    # Nobody hurt; a fall that is over and now a question of who pays.
    r"\b(keiner|niemand|kein mensch|keine person)\b (\w+ ){0,3}verletz\w*", r"\b(ohne|keine) verletzte", r"\bnicht verletzt\b", r"\bverletz\w* (\w+ ){0,5}(keiner|niemand)\b",
    r"\b(gebrochen|verletzt\w*|gestuerzt|verstaucht|geprellt)\b.{0,50}\b(wer (zahlt|haftet)|schadensersatz|schmerzensgeld|haft(ung|et|bar)|versicherung|unfallkasse|krankenkasse)",
    # A thing that is dangerous is a hazard to report ("das Loch ist lebensgefährlich"); "lebensgefährlich verletzt" stays.
    r"\b(ist|sind|waer|waere|wird|werden)\b (\w+ ){0,3}lebensgefaehrlich\b(?! verletz)",
    r"\b(unfall|sturz|stolper|rutsch|einsturz)gefahr", r"\btodesfalle",
    # Over and done: "nach dem Brand letztes Jahr", "gestern Nacht gab es eine Schlägerei".
    rf"\b(nach|seit|von|vom|wegen) (dem |einem |des |eines )?((schwere|schlimme|heftige|grosse)[nmrs]? )?{_OVER}\b", rf"\b{_OVER}\w*\b ((?!seit\b|brennt\b|brennen\b)\w+ ){{0,3}}{_PAST}\b", rf"(?<!seit ){_PAST}\b.{{0,40}}\b{_OVER}\b",
    rf"(?<!seit ){_PAST}\b(?:(?!\b(?:gerade|grad|grade|jetzt)\b).){{0,90}}\b{_HURT}\b", rf"\b{_HURT} (\w+ ){{0,2}}{_PAST}\b", r"\b(liegt|lag|ist|war) (\w+ )?(im|ins) krankenhaus\b(?! (gebracht|bringen|muss))",
    # A fire that is over ("hat jemand Feuer gemacht", "alte Brandstelle"), asking for a light, an idiom, an animal's paw.
    r"\b(hat|haben|hatte|hatten) ((?!(gerade|grad|grade|jetzt|eben)\b)\w+ ){0,3}(ein )?feuer gemacht\b", r"\b(alte|ehemalige|verlassene|fruehere)\w* brandstelle",
    r"^\W*(hast|haste|habt|haben) (du |ihr |sie )?(mal )?(n |ein |etwas )?feuer\b", r"\bbrennt (\w+ ){0,3}(unter|auf) den naegeln",
    r"\bfleisch und blut\b", r"\bblut und wasser\b", r"\bruhig blut\b", r"\bblutige[nr]? anfaenger",
    # Threatened by extinction, attacked by rust, a photo shot, a wasp's sting, choking on rubbish, a poisoned pet,
    # "im Notfall" as a question, a near miss, a danger that may come some day.
    r"\b(vom|von) (aussterben|absterben|abriss|verfall|zerfall|einsturz|hochwasser|ueberflutung)\w* (\w+ )?bedroht",
    r"\b(rost|pilz|schimmel|faeulnis|borkenkaefer|kaefer|schaedling\w*|frost|streusalz|salz|witterung|moos)\w*\b.{0,40}\bangegriffen\b",
    r"\b(foto|fotos|bild|bilder|selfie|schnappschuss)\w*\b.{0,40}\bgeschossen\b", r"\b(hoch|empor)geschossen\b", r"\bgeschossen (hoch|in die hoehe)\b",
    r"\b(wespe|biene|hornisse|muecke|bremse|insekt)\w*\b.{0,60}\bgestochen\b", r"\bgestochen scharf\b", r"\b(tor|tore|toren|treffer|eigentor|siegtreffer|ausgleich|elfmeter|ball|freistoss)\b.{0,40}\bgeschossen\b", r"\bgeschossen\b.{0,20}\b(tor|tore|treffer|eigentor)\b",
    # The fire brigade or the police as a topic ("einen Witz über die Feuerwehr"), an urgent errand called "Notfall".
    r"(?<!kein )(?<!keinen )\b(witz|witze|witzchen|lied|gedicht|geschichte|aufsatz|referat|film|serie|buch)\b (\w+ ){0,3}(ueber|mit|zum|zur|von) (\w+ ){0,2}\w+",
    r"\b(frage|fragen|info|infos|informationen)\b (\w+ ){0,3}(ueber|zur|zum|von) (die |der |den |dem )?(freiwillige[n]? )?(feuerwehr|polizei)\w*",
    # Words asked about or quoted: "Wie schreibt man Rettungswagen?", "Übersetze 'es brennt'", the song "Explosion".
    r"\bwie (schreibt|spricht|sagt|buchstabiert) man\b (\w+ ){0,2}\w+",
    rf"\b(uebersetz\w*|heisst|bedeutet|wort|lied|song|titel|album|buch|film)\b (\w+ ){{0,3}}{_QUOTED}", rf"{_QUOTED} (\w+ ){{0,3}}(ins|auf) \w+sche\b",
    r"\b(erzaehl|erklaer|berichte)\w* (\w+ ){0,3}ueber (\w+ ){0,2}\w+|\bwas weisst du (\w+ ){0,2}ueber (\w+ ){0,2}\w+",
    r"\bnot ?fall\w*\b.{0,60}\b(perso|personalausweis|ausweis|reisepass|pass|termin|fuehrerschein|urkunde|formular|antrag)\w*\b",
    r"\b(perso|personalausweis|ausweis|reisepass|pass|termin|fuehrerschein|urkunde|formular|antrag)\w*\b.{0,60}\bnot ?fall\w*",
    # A player's injury in the sports news.
    r"\b(spieler|stuermer|torwart|torhueter|kapitaen|verteidiger|fussballer|profi|nationalspieler|schiedsrichter|schiri)\w*\b.{0,40}\b(verletz\w*|zusammengebrochen|blut\w*|angegriffen|feuer gefangen)",
    # Fiction, the news and politics: a murder in a crime series, a fire in the paper, a minister "attacked".
    r"\b(tatort|krimi|film|serie|folge|buch|roman|netflix|fernsehen|tv)\b.{0,60}\b(erstochen|erschossen|ermordet|getoetet|gestorben|verletzt\w*|brennt|feuer|explo\w*)",
    r"\b(feuer|\w*brand|unfall|explosion|verletzt\w*|tote)\b.{0,60}\b(stand|steht|kam|lief|las) (\w+ ){0,2}(in der zeitung|in den nachrichten|im radio|im fernsehen|im internet)",
    r"\b(kanzler\w*|minister\w*|regierung|opposition|partei\w*|politiker\w*|praesident\w*|abgeordnete\w*)\b.{0,40}\bangegriffen",
    r"\b(feuerwehr|polizei)\w*\b.{0,40}\b\w*(uebung|probealarm|vorfuehrung)\w*", r"\w*brand(gefahr|stufe|warnstufe|index|warnung)\w*",
    r"\bverletz\w* (\w+ ){0,3}(spieler|stuermer|torwart|torhueter|kapitaen|verteidiger|fussballer|profi|nationalspieler)\w*", r"\bspargel\w*\b.{0,30}\bgestochen\b", r"\bgestochen\b.{0,30}\b(wespe|biene|hornisse|muecke|bremse|insekt)\w*",
    r"\berstick\w* (\w+ ){0,2}(im|in) (\w+ )?(muell|laub|dreck|arbeit|unkraut|abgasen|verkehr|staub|papier\w*)\b",
    r"\bgiftkoeder", r"\b(hund|katze|kater|tier|vogel|taube|ratte)\w*\b.{0,30}\w+gift\b.{0,30}\b(getrunken|verschluckt|geschluckt|gegessen)\b", r"\b(hund|katze|kater|tier|vogel|taube|ratte|fisch)\w*\b.{0,30}\bvergift\w*", r"\bvergift\w*\b.{0,30}\b(hund|katze|kater|tier|voegel|tauben|ratten|fische)\w*",
    r"\b(im|fuer den|fuer einen|in einem|bei einem|falls|wenn) not ?fall\b", r"\bfalls (\w+ ){0,3}not ?fall\b",
    r"\b(ist|waere) (es|das) (\w+ )?(ein )?not ?fall\b",
    # "Notfall!", "SOS", "Hilfe!!!" over an everyday trouble: the phone, the key, boredom, coffee.
    # Only the alarm word is cancelled: "Notfall! Hund hat Kind gebissen" stays an emergency by its other words.
    rf"\b(not ?fall|sos|hilfe ?!*|lebensgefahr)(?=\W*((?!{_PERSON}|kinder)\w+\W+){{0,5}}{_EVERYDAY})",
    r"\blebensgefaehrlich (gut|lecker|schoen|spannend|langweilig|suess|scharf)\w*",
    # The same trouble named first ("Wasserrohrbruch, Notfall!"); no word of danger between the two.
    rf"\b({_HOUSEHOLD}|internet|wlan|handy|akku|schluessel|pizza|kaffee)\b\W+"
    r"((?!brenn|feuer|blut|rauch|qualm|gas\b|verletz|explo|angefahren|ueberfahren)\w+\W+){0,3}(not ?fall|sos|hilfe ?!*)(?=\W|$)",
    r"\bexplodier\w* (\w+ ){0,2}vor (wut|aerger|zorn|lachen|neugier|stolz|freude|nachrichten|mails|anfragen|arbeit|stress)\b",
    r"\bvor (wut|aerger|zorn|stress) (\w+ ){0,2}explodier\w*", r"\brauch (mal |doch )?(eine|einen|ne|eins)\b",
    # Damage done to one's property and over: "Jemand hat mein Auto zerkratzt" is for the police's online report.
    r"\b(hat|haben|wurde|wurden|ist|sind) ((?!gas|strom|hochspannung)\w+ ){0,4}(zerkratzt|beschaedigt|aufgebrochen|geklaut|gestohlen|beschmiert|zerstochen|demoliert|zerbeult)\b",
    r"\b(fast|beinahe|um ein haar|knapp)\b (\w+ ){0,4}gebrochen\b", r"\b(fast|beinahe)\b (\w+ ){0,2}(ohnmaechtig|bewusstlos|erstickt|ertrunken|gestorben|herzinfarkt|kollabiert|zusammengebrochen)\b",
    r"\b(bedroht|geschlagen|verpruegelt|bestohlen|angegriffen|belaestigt|beleidigt)\b.{0,40}\b(anzeigen|anzeige)\b",
    # Threatened with a notice or a lawsuit, beaten at chess, getting by ("wir schlagen uns durch").
    r"\bbedroh\w* (\w+ ){0,2}mit (der |einer )?(kuendigung|klage|anwalt|rauswurf|mahnung|inkasso|gericht|anzeige|strafe|bussgeld|raeumung)\b",
    r"\b(vom|von der|von einem|von meinem) (inkasso\w*|vermieter\w*|anwalt|gericht|finanzamt|bank|amt|jobcenter|chef) (\w+ )?bedroht\b",
    r"\b(schlagen|schlage|schlaegt) (uns|mich|sich|dich) (\w+ )?durch\b",
    rf"\b(beim|im|in) {_GAME}\w* (\w+ ){{0,2}}geschlagen\b", rf"\bgeschlagen (\w+ )?(beim|im) {_GAME}",
    rf"\b(schlaegt|schlagen|haut|hauen) (\w+ ){{0,3}}(beim|im) {_GAME}",
    r"\b(wird|werden|koennte|kann|wuerde) (man|jemand|einer|noch wer) (\w+ ){0,2}(ueberfallen|angegriffen|ausgeraubt|verletzt)\b",
    r"\b(pfote|pfoten)\b.{0,20}\bverletz\w*|\bverletz\w*\b.{0,20}\b(pfote|pfoten)\b",
    # Words written on a wall ("FEUER" gesprüht) are graffiti.
    rf"\b{_WRITTEN}\b.{{0,30}}{_QUOTED}", rf"{_QUOTED}.{{0,60}}\b{_WRITTEN}\b",
    # Building works on a gas line, the volunteer fire brigade, asking whether smoke or fire is allowed.
    r"\bgas ?leitung\w*\b.{0,30}\b(erneuert|verlegt|saniert|gebaut|ausgetauscht)\b", r"\b(erneuerung|verlegung|sanierung|bau|austausch) der gas ?leitung",
    r"\bfreiwillig\w* feuerwehr", r"\bfeuerwehr(museum|fest|ball|verein|jugend|geraetehaus|mann|frau|leute|uebung|auto|autos)\w*\b(?! (kommt|kommen|schicken|rufen|holen))", r"\b(tag der offenen tuer|fest|museum|jubilaeum)\b.{0,30}\bfeuerwehr\b", r"\bfeuerwehr\w* (\w+ ){0,2}(beitreten|mitmachen|mitglied\w*|ehrenamt\w*|tag der offenen tuer|fest|museum)",
    r"\b(rauch|qualm|feuer|grill)\w*\b.{0,60}\b(ist (das|es|so was|sowas) (\w+ )?(erlaubt|verboten|zulaessig|legal)|darf (man|der|die|er|sie|ich|das))\b",
    r"\b(darf|duerfen|ist es erlaubt|genehmigung)\b.{0,50}\b(rauchen|grillen|feuer (zu )?(machen|anzuenden|anmachen)|lagerfeuer|osterfeuer)\b",
    # Smoke from a neighbour's barbecue or chimney is a nuisance, not a fire.
    r"\b(grill|kamin|\w*ofen|schornstein|feuerschale|auspuff|lagerfeuer)\w*\b((?!\b(jetzt|ploetzlich|auf einmal)\b).){0,80}\b(qualm|rauch)\w*",
    r"\b(qualm|rauch)\w*\b.{0,60}\b(vom|von der|von seinem|von ihrem|vom nachbarn|aus dem|aus seinem|aus ihrem)\b.{0,20}\b(grill|kamin|\w*ofen|schornstein|auspuff)",
    # Smoke or a fire that comes back every evening is a nuisance for the public order office; so is burning garden waste.
    rf"{_HABIT}((?!\bbrenn|\bflammen|\bjetzt\b|\bgerade\b).){{0,60}}\b(rauch|qualm|feuer|kokel|raucher)\w*",
    rf"\b(rauch|qualm|feuer|kokel)\w*\b((?!\bbrenn|\bflammen|\bjetzt\b|\bgerade\b).){{0,60}}{_HABIT}",
    r"\b(verbrennt|verbrennen|verbrannt|heizt|heizen)\b (\w+ ){0,3}(laub|gartenabfaell\w*|abfaell\w*|muell|abfall|plastik|reste|gestruepp|aeste|zweige|strauchschnitt)\w*"
    r"(((?!\bbrenn|\bflammen|\bfeuer\b|\bjetzt\b).){0,40}\b(qualm|rauch)\w*)?",
    r"\b(feuer|brand)\b.{0,30}\b(ist|sind|war) (aber |schon |wieder |inzwischen |mittlerweile )?(aus|geloescht|erloschen)\b",
    r"\braucher\w* (\w+ ){0,3}(qualm|rauch)\w*",
    r"\b(geschossen|schuesse|schiessen)\b.{0,40}\b(schuetzenverein|schiessstand|schuetzenfest|jagd\w*)",
    # Idioms: drowning in leaves, bursting bins, burning interest, bored to death, a dead traffic light.
    r"\b(ertrink|ertrunken)\w* (\w+ ){0,2}(in|im) (\w+ )?(laub|arbeit|papierkram|papier|akten|antraegen|formularen|buerokratie|muell|mails|post|terminen|schulden|verkehr|schnee)\b",
    r"\bexplodier\w* (\w+ )?(foermlich|geradezu|regelrecht|fast)\b", r"\b(preise|kosten|gebuehren|mieten?|nachfrage|unkraut|muell\w*|container|tonne\w*|papierkorb|kopf|schaedel|hirn|gehirn|bitcoin|aktie\w*|kurs\w*|zahlen|inflation|follower|klicks|postfach|internet|netz|kommentare)\b.{0,30}\bexplodier",
    r"\bbrennend\w* (interess|gern|neugierig|frage|liebe|thema|anliegen|problem|sehnsucht|wunsch|durst|leidenschaft)", r"\bbrand(neu|aktuell|gefaehrlich|heiss|eilig)",
    # Feelings: a bleeding heart, hurt feelings, something burning on one's soul, catching fire for a hobby.
    r"\b(herz|seele|gefuehle?|stolz|ehre|ego)\w*\b (\w+ ){0,3}(blutet|bluten|verletzt|brennt|brennen)\b",
    r"\b(blutet|bluten|brennt|brennen)\b (\w+ ){0,2}(das|die|mein|meine|unser|unsere) (herz|seele)\b",
    r"\bfuehl\w* (mich|sich|uns) (\w+ ){0,4}verletzt\b", r"\bbrennt (\w+ ){0,3}auf der (seele|zunge)\b",
    r"\bfeuer gefangen (fuer|bei)\b", r"\b(die )?zeit brennt\b|\bbrennt (uns |mir )?(die )?zeit\b", r"\bwie (im |ein |das |beim )?feuer\b",
    # Idioms of trouble or a good party: "bei Bayern brennt die Hütte", "die Hütte brennt heute Abend, Party!".
    r"\b(bei (\w+ ){1,2}|da |dort |do |dor |hier |heute )brennt (\w+ ){0,2}((die|de) huette|(der|dr|de) baum|die luft)\b", r"\bbrennt (\w+ )?die luft\b",
    r"\b(brennt die huette|die huette brennt)\b.{0,30}\b(party|feier|fete|heute abend|heut abend|heute nacht|stimmung|spiel|stadion|sieg|tor|fans|arbeit|stress|buero|job)\b",
    r"\b(party|feier|fete|stimmung|spiel|stadion|sieg|fans)\w*\b.{0,30}\b(brennt die huette|die huette brennt)\b",
    r"\b(abwehr|defensive|hintermannschaft|verteidigung|strafraum)\b (\w+ ){0,2}brennt( lichterloh)?\b|\bbrennt (es )?(im|in der) (strafraum|abwehr|defensive|hintermannschaft)\b",
    r"\bbrennt (\w+ )?(im|ins) (netz|tor|kreuzeck|winkel)\b",
    # Someone who smokes a cigarette or a pipe; candles burning as they should.
    rf"\b(ich|er|sie|du|jemand|{_PERSON}) (\w+ ){{0,2}}(raucht|qualmt)\b(?! (es|aus|schon|stark|heftig|schwarz))"
    r"(((?!\bbrenn|\bflammen|\bfeuer\b|\bjetzt\b).){0,40}\b(qualm|rauch)\b)?",
    r"\braucht (\w+ )?(zu viel|viel|kette|staendig|wie ein schlot|zigarette\w*|pfeife|zigarre\w*|shisha|joints?|gras)\b",
    r"\b(kerze|kerzen|teelicht\w*|grabkerze\w*|grablicht\w*|adventskerze\w*|fackel\w*|kaminfeuer)\b (\w+ ){0,2}brenn\w*",
    r"\bbrenn\w* (schon |jetzt |nun )?(die|eine|ne|zwei|drei|vier|alle) (\w+ )?(kerze|kerzen|adventskerze\w*|teelicht\w*|teelichter)\b",
    # Burning a CD, distilling schnapps, firing clay.
    r"\b(cd|cds|dvd|dvds|rohling\w*|playlist|iso|schnaps|obstler|whisky|keramik|ton|porzellan)\b.{0,30}\bbrenn\w*",
    r"\bbrenn\w* (\w+ ){0,3}(cd|cds|dvd|dvds|rohling\w*|playlist|iso|schnaps|obstler|whisky|keramik|porzellan)\b",
    # Politics and faraway wars in the news: "die Regierung brennt das Land nieder", "im Krieg in der Ukraine".
    r"\b(kanzler\w*|minister\w*|regierung|opposition|partei\w*|politiker\w*|praesident\w*|koalition)\b.{0,40}\b(brenn\w* (\w+ ){0,3}nieder|in brand|explo\w*)",
    rf"\b{_POLITICS}\b (\w+ ){{0,3}}(brennt|brennen|steht unter (feuer|beschuss))\b", rf"\bbei (der|den|dem) (\w+ )?{_POLITICS} brennt\b( es)?( lichterloh)?",
    r"\b(das land|deutschland|europa|die welt|die republik) brennt\b", r"\b(steht|stehen|stand|geraet|geraten|geriet) unter (feuer|beschuss)\b",
    rf"\b(die )?(rechten|linken|nazis|extremisten|{_POLITICS}) bedrohen (\w+ )?(journalist\w*|politiker\w*|die demokratie|demokrat\w*)\b(?! (am|an der|im|in der|vor)\b)",
    rf"\b(deutschland|europa|nato|taiwan|{_FARAWAY})\b (\w+ ){{0,2}}angegriffen\b",
    rf"(?<!aus )(?<!aus der )(?<!aus den )\b{_FARAWAY}\b((?!\b{_HERE}\b).){{0,60}}"
    r"\b(verletzte\w*|tote[n]?|getoetet|erschossen|schuesse|schiesserei|brenn\w*|explo\w*|bomb\w*|angegriffen|ertrink\w*|ertrunken)",
    r"\b(verletzte\w*|tote[n]?|getoetet|erschossen|schuesse|schiesserei|brenn\w*|explo\w*|bomb\w*|ertrink\w*|ertrunken)\b"
    rf"((?!\b{_HERE}\b).){{0,60}}(?<!aus )(?<!aus der )(?<!aus den )\b{_FARAWAY}\b",
    r"\bwer hat (auf )?(?!mich|uns|ihn|sie|dich|euch|jemand|einen|eine)[a-z]+ (geschossen|erschossen|ermordet|umgebracht|getoetet)\W*\?",
    r"\bwie viele\b (\w+ ){0,3}(ertrunken|ertrinken|gestorben|sterben|verletzt\w*|getoetet|tote)\b",
    # Stories, films and games: "der Joker hat Batman angegriffen", "Drachen speien Feuer", "Horrorfilme mit viel Blut".
    r"\b(\w*(film|filme|serie)|\w*(?<!bei)spiel|game|zocken|fortnite|minecraft|sims\w*|\w*figur|charakter|avatar|tamagotchi|superheld\w*|batman|joker|comic\w*|maerchen|vampir\w*|zombie\w*|horror\w*|monster)\b"
    r"((?!\b(jetzt|gerade|wirklich|echt)\b).){0,60}\b(erstochen|erschossen|ermordet|getoetet|gestorben|ertrunken|ertrinkt|verletzt\w*|brennt|feuer|explo\w*|blut\w*|angegriffen|geschossen|einbrecher|entfuehr\w*)",
    r"\b(blut|feuer)\b.{0,30}\b(vampir\w*|horror\w*|zombie\w*)", r"\bdrache\w* (\w+ ){0,3}(spuckt|spucken|speit|speien) feuer",
    # The doctor as a profession, a blood test, a fire in the stove or the grill, a fuse or a laptop "burning through",
    # how to make a fire.
    r"\b(ist|als|bin|werden|wird|beruf)\b (\w+ ){0,2}notarzt\w*|\bnotarzt\w* (werden|als beruf|ausbildung|gehalt|verdient)\b",
    r"\bblut (\w+ )?(abnehmen|abgenommen|spenden|gespendet|untersuch\w*|test\w*|werte)\b",
    r"\b(im|in dem|in der|ins) (kamin|ofen|kachelofen|holzofen|grill|feuerschale|feuerkorb|feuerstelle)\b.{0,25}\bbrenn\w*( (\w+ ){0,3}feuer\b)?|\bbrenn\w* (\w+ ){0,3}(im|in dem|in der) (kamin|ofen|kachelofen|holzofen|grill|feuerschale|feuerkorb)\b",
    r"\b(grill|grillkohle|kohle|holz|kaminholz|kamin|ofen|kaminfeuer|lagerfeuer)\b (\w+ )?brennt (endlich|schon|gut|richtig|prima|super|gemuetlich|schoen|herrlich)\b",
    r"\b(laptop|computer|pc|handy|sicherung\w*|birne|gluehbirne|motor|nerven|kuehlschrank|toaster|foehn|fernseher|waschmaschine)\b (\w+ ){0,2}brenn\w* (\w+ ){0,2}durch\b",
    r"\b(wie|womit) (man|ich) (\w+ ){0,2}feuer (\w+ ){0,3}(macht|mache|machen|anmacht|anzuendet|entzuendet|entfacht)\b",
    # Rights, rules and feelings that are "verletzt"; systems that "collapse"; a mood that is "vergiftet".
    r"\b(datenschutz|regel\w*|recht|rechte|\w+rechte?s?|privatsphaere|gesetz\w*|vorschrift\w*|pflicht\w*|vertrag|grenze\w*|gefuehl\w*|wuerde)\b.{0,40}\bverletz\w*",
    r"\bverletz\w* (\w+ ){0,3}(datenschutz|regel\w*|recht|rechte|\w+rechte?s?|privatsphaere|gesetz\w*|vorschrift\w*|pflicht\w*|vertrag|grenze\w*|gefuehl\w*|wuerde)\b",
    r"\b(server|system|verkehr|netz|internet|pc|computer|laptop|handy|boerse|markt|wirtschaft|kurs|aktie\w*|firma|regierung|koalition|netzwerk|wlan|website|seite|app)\b"
    r".{0,30}\b(kollabiert|zusammengebrochen)\b",
    r"\b(stimmung|atmosphaere|klima|verhaeltnis|debatte|diskussion|beziehung)\b.{0,20}\bvergift\w*|\bvergiftete\w* (stimmung|atmosphaere|klima|verhaeltnis|debatte|diskussion|beziehung)",
    r"\b(demokratie|freiheit|existenz|arbeitsplaetze|arten|natur|umwelt|klima|zukunft|frieden)\b.{0,30}\bbedroht"
    r"|\bbedroh\w* (\w+ ){0,2}(die )?(demokratie|freiheit|existenz|arbeitsplaetze|natur|umwelt|zukunft|frieden|pressefreiheit|rechtsstaat|waelder|wald|ernte"
    r"|arten|bienen|insekten|landwirtschaft|wirtschaft|jobs|kuesten|gletscher)\b"
    r"|\b(klimawandel|trockenheit|duerre|hitze|inflation|krise|pandemie|corona|insolvenz|pleite|rezession|borkenkaefer)\b (\w+ ){0,2}bedroh\w*|\bbedrohte\w* (tier|pflanze|art)\w*",
    r"\bfuehl\w* (mich|sich|uns) (\w+ )?angegriffen\b", r"\b(immunsystem|gesundheit|nerven|magen|lunge|zaehne|ruf|image)\b.{0,30}\bangegriffen\b",
    # Idioms: blood thicker than water, oil on the fire, a hand in the fire for someone, smoke and mirrors, a heart attack
    # at the prices, events that tumble, "das ist ja Selbstmord", "bist du lebensmüde?".
    r"\bblut (ist )?dicker als wasser\b", r"\bblut geleckt\b", r"\b(oel|benzin) ins feuer\b", r"\bdurchs feuer\b", r"\bhand ins feuer\b",
    r"\bmit dem feuer (zu )?spiel\w*|\bspiel\w* (\w+ )?mit dem feuer\b", r"\bzwischen (zwei )?feuer(n)?\b", r"\bschall und rauch\b",
    r"\b(wein|obst|kirsch|zwetschgen|mirabellen|himbeer|korn|pflaumen|birnen|apfel|trester|hefe|edel)brand\b", r"\bin die hoehe geschossen\b", r"\bherzinfarkt\W+(wenn|bei|vor lauter)\b",
    r"\bohnmaechtig gegenueber\b", rf"\b(stadt|innenstadt|gera|zentrum|fussgaengerzone|viertel|city)\b (ist|wirkt|scheint|sind|wirken) ((?!{_PERSON})\w+ ){{0,3}}leblos\b",
    r"\b(ereignisse|ereignis|nachrichten|stimme|termine|meldungen)\b (\w+ ){0,3}ueberschlagen\b", r"\bhast du (\w+ )?(einen|nen|n) stromschlag\b",
    r"\b(das|es) (ist|waere) (ja |doch )?(reiner |glatter |der reinste |politischer |wirtschaftlicher )?selbstmord\b", r"\bbist du (\w+ )?lebensmuede\b",
    r"\b(ueberfallen|ueberrollt|ueberschuettet) (\w+ ){0,2}(von|mit) (werbung|fragen|anrufen|mails|arbeit|nachrichten|terminen)\b",
    r"\b((wie|woran) erkenn\w* (ich|man)|erkennt man|was sind (die )?(anzeichen|symptome))\b.{0,30}\b(schlaganfall|herzinfarkt|vergiftung|allergi\w*|unterzuckerung)",
    r"\b(neuigkeiten|news|neues|infos?|informationen|ursache|was weiss man)\b.{0,30}\b(\w*brand|feuer|unfall|explosion)\w*",
    r"\b(\w*brand|feuer|unfall|explosion)\w*\b.{0,40}\b(neuigkeiten|news|ursache|ermittlungen|ermittelt)\b", r"\bbrandursache",
    r"\bsos\b.{0,20}\b(abba|lied|song)\b|\b(abba|lied|song)\b.{0,20}\bsos\b",
    r"\b(ist|sind) (\w+ )?weg\b.{0,30}\b(studier\w*|ausgezogen|umgezogen|arbeitet|wohnt|lebt|im urlaub|auf klassenfahrt|in der schule|im kindergarten|bei (der|dem|ihrer|seiner|meiner) \w+)",
    r"\bentfuehrung aus dem serail\b", r"\bnotruf\w* (\w+ ){0,3}(im ausland|in europa|in (der |den )?(spanien|italien|frankreich|polen|tschechien|oesterreich|tuerkei|usa|amerika))\b",
    r"\b(funktioniert|gilt|geht|kostet|klappt)\b (\w+ ){0,2}(der )?notruf\b",
    # Fire and blood in sayings, sports, games and the elements: "Feuer unterm Hintern", "das olympische Feuer",
    # "ein Feuer-Pokémon", "Feuer, Wasser, Erde, Luft", "hast du Feuer?", "Blut, Schweiß und Tränen", "blaues Blut".
    r"\bfeuer unter(m| dem) (hintern|arsch|po)\b", r"\b(feuer|flammen) der (leidenschaft|liebe|begeisterung|jugend|revolution|hoffnung)\b",
    r"\blichterloh (verliebt|begeistert)\b", r"\b(feuer|flammen) in (deinen|ihren|seinen|meinen|den) augen\b", r"\bolympisch\w* (feuer|flamme)",
    r"\bfeuer\W*pok\w*mon|\bpok\w*mon\b.{0,30}\bfeuer\b", r"\bfeuer,? wasser,? (erde|luft)\b", r"\bwasser loescht feuer\b",
    r"\b(element|elemente|sternzeichen|horoskop|tierkreis)\w*\b.{0,40}\bfeuer\b|\bfeuer\b.{0,20}\b(element|elemente|sternzeichen|horoskop)\b",
    r"\b(hat|hast|haste|habt) (jemand|einer|wer|du|ihr) (mal )?(n |ein |etwas )?feuer\W*\?",
    r"\bfeuer\b.{0,40}\b(erlaubt|verboten|genehmigung|anmelden|anmeldepflichtig)\b\W*\?",
    r"\b(was|warum|wieso|wie lange|wie heiss) (brennt|brennen) (\w+ )?(eine|ein|einer|laenger|besser|am besten)\b",
    r"\b(brennt|brennen) (\w+ )?(alkohol|wasser|holz|papier|metall|eisen|stahl|glas|plastik|gold|diamanten?|sand|stein|beton|eis|kohle|benzin|diesel|oel)\W*\?",
    r"\bblut ist ein (ganz )?besonderer saft\b", r"\bblut,? schweiss\b", r"\b(kein|keinen) blut sehen\b", r"\b(blaues|boeses) blut\b", r"\b(liegt|steckt) (\w+ ){0,2}im blut\b",
    r"\bwo brennt('?s| es)\b( (denn|schon wieder|eigentlich))?[^.!?]{0,15}\?", r"\b(gib|geben|gibst|gebt) (\w+ ){0,2}feuer\b|\bfeuer geben\b", r"\b(herz|seele)\b (\w+ ){0,2}(steht|stehen) in flammen\b",
    r"\b(rauch|qualm)\w* (\w+ ){0,3}(zigarette\w*|zigarre\w*|shisha|e-?zigarette\w*|pfeife|kippe\w*)|\b(zigarette\w*|zigarre\w*|shisha|pfeife)\b (\w+ ){0,3}(rauch|qualm)\w*",
    r"\bschuesse (\w+ )?(aufs|auf das|auf den|aufs leere) tor\b|\btorschuesse\b",
    # Everyday sayings with the words of an injury: caught lying, fainting with laughter, lips blue from blueberries,
    # lying on the sofa "wie tot", a joke that "haut mich um", an arm numb from sleeping.
    r"\bbeim (luegen|rauchen|schummeln|naschen|spicken|klauen|stehlen|kiffen|trinken|saufen|schwaenzen|zocken|fremdgehen|abschreiben"
    r"|schlafen|faulenzen|rasen|falschparken|schwarzfahren|knutschen) erwischt\b",
    r"\b(umgefallen|umgekippt|bewusstlos|ohnmaechtig|zusammengebrochen|kaum atmen|nicht atmen|keine luft|sterbe\w*|gestorben|tot)\b (\w+ ){0,2}"
    r"vor (lachen|freude|glueck|hunger|muedigkeit|langeweile|begeisterung|neid|peinlichkeit)\b",
    r"\bvor (lachen|freude|glueck|hunger|muedigkeit|langeweile|begeisterung|neid|peinlichkeit) (\w+ ){0,2}"
    r"(umgefallen|umgekippt|bewusstlos|ohnmaechtig|zusammengebrochen|sterbe\w*|gestorben|tot)\b",
    r"\bwacht? (\w+ )?(morgens|frueh|nie|nachts|immer|oft|schwer) (\w+ )?(nicht |nich )?(mehr )?auf\b", r"\bwie tot (auf dem sofa|auf der couch|im bett|ins bett)\b|\b(schlafe|schlaeft|schlafen|schlief) wie tot\b",
    r"\b(blau|blaeulich|lila)\b (\w+ )?(vom|von den|von|angemalt|geschminkt|bemalt|gefaerbt|getoent)\b",
    r"\b(gelaehmt|taub|eingeschlafen)\b (\w+ )?(vom|von|beim|nach dem) (schlafen|liegen|sitzen|knien|zocken|tippen)\b",
    r"\b(das|es|(der|die) (?!typ|mann|frau|kerl|nachbar)\w+) (haut|hauen) (\w+ )?(mich|uns|dich|einen) (\w+ )?(um|vom hocker|aus den socken|vom stuhl)\b",
    r"\bbring\w* (mich|uns) (noch )?um mit (seinem|seiner|ihrem|ihrer|deinem|deiner|dem|der|diesem|dieser) "
    r"(schnarchen|gelaber|musik|laerm|gerede|genoergel|gejammer|art|fragen|witzen|hitze|warterei)\b",
    r"\bwerde verfolgt (vom|von) (pech|unglueck|gedanken|albtraeumen|erinnerungen)\b", r"\bueberdosis (an |von )?(\w*musik|kitsch|zucker|kaffee|liebe|sonne|arbeit|kultur|romantik|glueck|weihnacht\w*)\b",
    # A partner who does not answer a chat message; a child who is hard to find at hide-and-seek; a daughter one finds "nicht lustig".
    r"\b(antwortet|antworten|schreibt|meldet sich) (\w+ ){0,2}(nicht|nich|nimmer)( mehr)?\b.{0,40}\b(sauer|geblockt|blockiert|whatsapp|nachricht\w*|sms|ghost\w*|beleidigt|eifersuechtig|ignoriert)\b",
    r"\bbeim versteck\w*",
    r"\bfind\w* (mein|meine|meinen|unser|unsere|unseren) (sohn|tochter|kind|kleine[nr]?|enkel\w*) (\w+ )?(nicht|nich) (so |sehr |besonders |wirklich )?"
    r"(lustig|witzig|nett|toll|schoen|gut|fair|richtig|okay|ok|schlimm|huebsch|frech|faul)\b",
    # A sign's text asked about; suggesting a restaurant ("Was schlägst du vor?"); taking a path; asking who still steals bikes.
    r"\b(schild|aufschrift|warnschild|hinweis)\b.{0,40}\blebensgefahr|\blebensgefahr\b.{0,60}\b(schild|aufschrift|warnschild|bedeutet|heisst)\b",
    r"\bschlaeg\w* (du|sie|ihr|uns|mir) (\w+ ){0,6}vor\b", r"\b(weg|richtung|kurs|laufbahn|karriere)\b (\w+ ){0,3}schlaeg\w* (\w+ ){0,3}ein\b",
    r"\bwer (klaut|stiehlt|bricht) (\w+ )?(jetzt|heute|denn|ueberhaupt) (noch|schon|eigentlich)\b",
    # Feelings hurt by the bot, asking whether the bot can be hurt; injuries counted in the sports statistics.
    r"\b(du|dein|deine|deiner|diese antwort|der bot)\b (\w+ ){0,2}(hat|hast) (\w+ )?(mich|uns) (\w+ )?verletzt\b",
    r"\b(kannst|bist) du (\w+ ){0,2}(verletzt|verletzbar|verletzlich|sterben|tot)\b", r"\b(meisten|vielen|wie viele|anzahl der|liste der) verletzte\w*",
    # Toys, games and the television: a toy ambulance, children playing fire brigade, the series "Die Notärztin".
    r"\b(spielzeug|lego|playmobil|modell|matchbox)\W*(kranken|rettungs|feuerwehr|polizei)\w*|\bspiel\w* (\w+ )?(krankenwagen|feuerwehr|polizei|notarzt|arzt)\b",
    r"\b(alte[nrs]?|ausrangierte[nrs]?|ehemalige[nrs]?|gebrauchte[nrs]?) (kranken|rettungs)wagen",
    r"\bnotarzt\w*\b.{0,30}\b(im fernsehen|serie|zdf|ard|rtl|film|buch)\b|\bnotaerztin\b",
    # A joke, as the writer says: "nein Scherz", "haha".
    r"^[^.!?]{0,60}\W+(nein|war nur|nur|kleiner) (ein )?(scherz|spass|witz)\b(?!.{0,30}\b(doch|wirklich|im ernst|ernsthaft|echt)\b)",
    r"^[^!?]{0,80}(\bhaha\w*|\bhihi\w*|\blol\b|\bxd\b|😂|🤣|😆)\W*$",
    # Asking whether there is danger to life ("Sturmwarnung: Lebensgefahr im Wald?") is a question, not a call.
    r"\b(ist|gibt es|besteht|herrscht) (\w+ ){0,3}lebensgefahr\b[^.!?]{0,30}\?", r"\blebensgefahr (im|in|auf|bei|durch) [^.!?]{0,30}\?",
    # Flares and smoke bombs of football fans; a stand or a mood that "brennt".
    r"\b(bengalo\w*|pyro\w*|rauchbombe\w*|rauchtoepfe?)\b.{0,40}\b(rauch|brennt|qualm)\w*|\b(rauch|qualm|brennt)\w*\b.{0,40}\b(bengalo\w*|pyro\w*|rauchbombe\w*)",
    r"\b(die )?(kurve|fankurve|nordkurve|suedkurve|stimmung|halle) brennt\b", r"\b(feuer|rauch|pyro\w*) im (fan)?block\b",
    r"\b(derby|spiel|match|partie|fussballspiel)\b (\w+ ){0,2}(endete|endet) (\w+ ){0,2}verletzte\w*",
    # Riddles and jokes: "Was ist rot und brennt?", "Treffen sich zwei Jäger", "Sagt der eine Ertrinkende zum anderen".
    r"\bwas ist (\w+ )?(rot|gruen|gelb|blau|schwarz|weiss|klein|gross|heiss|orange) und [^?]{0,40}\?", r"^\W*(treffen sich|sagt der|sagt die|sagt das|fragt der|fragt die)\b.*",
    # Health questions and complaints that are no acute danger: a burning when passing water, breathlessness on the
    # stairs, the signs of a heart attack, a trapped nerve, one's own circulation that gave way.
    r"\bbrennt (\w+ )?(beim|nach dem) (wasserlassen|pinkeln|urinieren|stuhlgang|schlucken|husten)\b",
    r"\b(blasenentzuendung|harnwegsinfekt|entzuendung|ausschlag|neurodermitis|allergie|erkaeltung)\b.{0,30}\bbrennt\b|\bbrennt\b.{0,30}\b(blasenentzuendung|harnwegsinfekt|erkaeltung)\b",
    r"\b(atemnot|brustschmerz\w*|schmerzen in der brust|herzrasen)\b (\w+ ){0,3}(beim|bei|nach dem) (treppensteigen|sport|joggen|laufen|radfahren|belastung|tanzen)\b",
    r"\b(symptome|anzeichen|vorbeugen|vorbeugung|risiko|risikofaktoren|folgen|ursachen)\b (\w+ ){0,3}(herzinfarkt\w*|schlaganfall\w*|\w*vergiftung|ertrinken|sonnenstich|hitzschlag)",
    r"\b(herzinfarkt|schlaganfall|\w*vergiftung)\w* (\w+ ){0,2}(symptome|anzeichen|vorbeugen|vorbeugung|risiko|folgen|ursachen)\b",
    r"\b(nerv|nerven|bandscheibe|ischias)\w* (\w+ ){0,2}eingeklemmt|\beingeklemmte[nr]? (nerv|ischias)", r"\b(mein|meinen) kreislauf\w* (\w+ ){0,4}(kollabiert|zusammengebrochen|zusammengeklappt)\b",
    r"\berstick\w* (\w+ )?vor (hitze|langeweile|arbeit|lachen)\b",
    # A pool that smells of chlorine; smelly socks; a brand (English "die Brand"); the smoke that has cleared, as a saying.
    r"\b(hallenbad|schwimmbad|freibad|pool|wasser)\b (\w+ ){0,4}(chlorgeruch|nach chlor)\b|\bchlorgeruch (\w+ ){0,3}(im|vom) (hallenbad|schwimmbad|freibad|pool)\b",
    r"\b(socken|fuesse|schuhe)\b (\w+ )?qualm\w*", r"\b(welche|die) brand\b.{0,30}\b(besser|cool|gefaellt|shop|marke|logo|nike|adidas|mode|style)\b",
    r"\b(der )?(rauch|qualm) (hat sich |sich )?(\w+ )?verzogen\b|\bsich (der )?(rauch|qualm) (\w+ )?verzogen",
    # A child who misses someone, a son away in the army, burglars in the statistics, a deal, lightning, wolves and sheep.
    r"\bvermisst (\w+ )?(seine[nm]?|ihre[nm]?|den|die|das|mich|uns|dich|euch)\b", r"\bweg (beim|bei der) (bund|bundeswehr|militaer|studium|arbeit|ausbildung)\b",
    r"\b(gibt es|gab es) (\w+ )?(viele|mehr|weniger|oft|haeufig) (\w+ )?(einbrecher|einbrueche|ueberfaelle|brandstifter|diebe|taschendiebe)\b",
    r"\bschlaeg(st|t) (du|ihr|sie) ein\W*\?", r"\b(blitz|blitze)\b (\w+ ){0,3}(schlaeg\w*|eingeschlagen)|\bschlaeg\w* (\w+ ){0,2}(der )?blitz\w* (\w+ ){0,3}ein\b",
    r"\b(wolf|woelfe|fuchs|fuechse|hund|hunde|marder|greifvogel|bussard|habicht|adler|luchs|baer)\b (\w+ ){0,3}(bedroh\w*|angegriffen|greift|greifen|reisst|reissen|gerissen) "
    r"(\w+ ){0,2}(schafe|ziegen|huehner|kaninchen|rehe|kaelber|tiere|wild|voegel|enten|gaense)\b",
    r"\b(wolf|woelfe|fuchs|fuechse|marder|luchs|baer)\b (\w+ ){0,3}(schafe|ziegen|huehner|kaninchen|rehe|kaelber|tiere|voegel|enten|gaense) (\w+ )?(angegriffen|gerissen|getoetet)\b",
    SOS_AS_SAUCE,
    # English words that are German signals: "brand new", "a brand", "do not fall", "an explosion of flavour"; "brandneu"
    # written in two words ("Mein Handy ist Brand neu").
    r"\bbrand( ?- ?| )?(new|neu\w*|aktuell\w*)\b|\b(ist|sind|war|waren|so|echt|total|richtig|wirklich|voll) brand (heiss|gefaehrlich|eilig)\b|\bkeine?n? brand\b|\bbrand (of|ambassador|management|awareness|identity|name|image|marketing|strategy)\b|\b(what|which|my|your|this|that|personal|lieblings) ?brand\b",
    r"\bbrand\b.{0,40}\b(instagram|tiktok|youtube|marketing|aufbau\w*|followers?|influencer\w*|logo|nike|adidas)\b|\b(instagram|tiktok|youtube|marketing|influencer\w*)\b.{0,40}\bbrand\b",
    r"\b(do|did|does|will|would|should|could|can|must|may|might|shall|please|to|i) not fall\b|\bnot fall (asleep|down|off|over|apart|for|in love|behind)\b",
    EXPLOSION_OF,
    # English "the explosion", "SOS my wifi": the words of other languages (nlu/language.py) decide on English.
    r"\b(the|an|about|and|of|what's|what is) explosions?\b|\bexplosions? (scene|scenes|movie|film|sound|effect|emoji)\b",
    r"\bsos (my|i|i'm|we|the|please|need|can|you|me)\b",
    # A train late because of an emergency call-out somewhere else; a neighbour who threatens again and again (for the
    # police's advice, not 110).
    r"\b(notarzt|polizei|feuerwehr|rettungs)einsatz\w*\b.{0,40}\b(verspaetung|verspaetet|faehrt|fahren|gesperrt|sperrung|faellt aus|umleitung|wie lange)\b",
    r"\b(verspaetung|verspaetet|faehrt|gesperrt|sperrung|faellt aus|umleitung)\b.{0,40}\b(notarzt|polizei|feuerwehr|rettungs)einsatz\w*",
    rf"\bbedroh\w* (\w+ ){{0,2}}{_HABIT}",
    # People named Brand, Rauch or Feuer ("Ich suche Frau Brand vom Bürgeramt", "der Maler Christian Rauch").
    r"\b(herr|herrn|frau|familie|dr|doktor|prof|professor|maler\w*|komponist\w*|schauspieler\w*|saenger\w*|autor\w*|kuenstler\w*)\.? (\w+ )?(brand|rauch|feuer|blut)\b",
    r"\b(wer (ist|war)|kennst du|kennen sie) (\w+ )?(brand|rauch|feuer)\b",
    # A wildfire of politics; Christmas incense smokers and smoked fish; mulled wine by the fire; a mask that is hard to
    # breathe through.
    r"\b(wird|werden|droht|drohen) (\w+ )?(ein |zum |zu einem )?flaechenbrand\b|\bflaechenbrand\b.{0,40}\b(politik|partei\w*|wirtschaft|debatte|krise|streit|gesellschaft)\b",
    r"\b(raeucher\w*|geraeuchert\w*)\b((?!brenn|feuer|flamm).){0,30}\b(raucht|qualmt|rauch|qualm)\w*|\b(raucht|qualmt)\b (\w+ ){0,3}(raeucher\w*)",
    r"\b(gluehwein|stockbrot|marshmallows?|wuerstchen|punsch|gemuetlich\w*|sitzen|singen|kuscheln)\b (\w+ ){0,3}(am|ums|beim) (lager|kamin|offenen )?feuer\b",
    r"\bluft (\w+ )?(unter|mit|durch|in) (der|einer|meiner|dieser|so einer) (\w+ )?maske\b|\b(unter|mit|durch|in) (der|einer|meiner|dieser) (\w+ )?maske\b (\w+ ){0,3}luft\b",
    # Flames in the stove; a saying asked about ("Das Feuer eröffnen, was heißt das?"); money gone up in smoke; an
    # explosion of rents; asking whether a spray can may explode or the ice holds; an emergency-call app.
    r"\b(flammen|feuer|glut)\b (\w+ )?(im|in dem|in der) (kamin|ofen|kachelofen|holzofen|grill|feuerschale|feuerkorb|feuerstelle)\b",
    r"^[^.!?]{0,40}\W+(was heisst das|was bedeutet das)\W*$", r"\bin rauch (aufgegangen|aufgehen|aufgeloest)\b",
    r"\bexplosion der (\w*preise|mieten|\w*kosten|zinsen|zahlen|gebuehren)\b",
    r"\bexplosionsgefahr\b[^.!?]{0,40}\?", r"\b(ist|kann man|darf man|traegt)\b (\w+ ){0,3}eis\b[^.!?]{0,60}\?", r"\bnotruf[ -]?(app\w*|funktion)",
    r"\b(giftig\w*|beissend\w*|stechend\w*|aetzend\w*) (geruch|gestank|rauch|dampf|daempfe|gas|wolke) beim (lackieren|streichen|renovieren|basteln|loeten|schweissen|putzen)\b",
    # Pests one wants rid of; ears pierced; lettuce that bolted; a surprise visit called "Überfall"; a heart that beats
    # for someone; a baby kicking in the belly; a gull stealing a roll; safe from burglars; boxes carried to the car.
    r"\b(wuehlmaeuse|maeuse|ratten|schnecken|wespen|ameisen|fliegen|muecken|unkraut|blattlaeuse|motten|kakerlaken|schaedlinge|maulwuerfe?)\b.{0,30}\b(umbringen|umzubringen)\b",
    r"\b(ohrloch|ohrloecher|ohrring\w*|piercing|tattoo)\w*\b.{0,40}\bgestochen|\bgestochen\b.{0,20}\b(ohrloch|ohrloecher|piercing|tattoo)",
    r"\b(salat|spargel|kohlrabi|spinat|radieschen|rucola|rhabarber|mangold|pflanze\w*)\b (\w+ ){0,2}geschossen\b",
    r"\bmachen (\w+ )?(einen )?ueberfall auf\b|\bueberfall (auf (\w+ ){1,2})?(zum|zu|mit) (geburtstag|besuch|kaffee|kuchen)\b",
    r"\bherz\w* (\w+ ){0,2}schlaeg\w*|\bschlaeg\w* (\w+ ){0,2}(mein |dein |das )?herz\b",
    r"\b(baby|kind|kleine[rn]?|sohn|tochter)\b (\w+ ){0,2}tritt (\w+ ){0,3}(im bauch|in die rippen|in den bauch|in die blase)\b",
    r"\b(moewe\w*|hund|katze|kater|waschbaer\w*|fuchs|kraehe\w*|taube\w*|elster\w*|affe\w*|eichhoernchen)\b (\w+ ){0,2}(klaut|klauen|stiehlt|stehlen) (\w+ ){0,2}(gerade|grad|jetzt)\b",
    r"\b(gegen|vor|schutz vor|sicher vor) einbrecher\w*", r"\bschlepp\w* (\w+ ){0,3}(kisten|kartons|einkaeufe|tueten|koffer|moebel|sachen|taschen|getraenke)\b",
    r"\b(katze|kater|hund|vogel|marder|waschbaer)\w*\b (\w+ ){0,3}(steigt|klettert|kommt)\b",
    # Prices, temperatures and the night that "brechen ein"; a laptop's cable torn; old medicines to throw away.
    r"\b(\w*kurse?|aktien\w*|umsaetze|umsatz|preise|zahlen|temperaturen|nachfrage|wirtschaft|maerkte|gewinne|einnahmen|besucherzahlen|quoten|umfragewerte)\b"
    r" (\w+ ){0,2}brechen (\w+ ){0,2}ein\b",
    r"\bbricht (\w+ )?(gerade |jetzt )?(der|die|das) (winter|nacht|dunkelheit|abend|fruehling|herbst|chaos)\b (\w+ )?ein\b|\beinbruch der (dunkelheit|nacht)\b",
    r"\b(winter|nacht|dunkelheit|abend|chaos)\b bricht (\w+ )?ein\b",
    r"\bstromkabel (vom|von meinem|von der|am|des) (\w+ )?(laptop|pc|computer|handy|fernseher|lampe|wasserkocher|toaster|staubsauger|foehn|ladegeraet)\b (\w+ ){0,2}(gerissen|kaputt|abgerissen)\b",
    r"\b(entsorg\w*|wohin mit|wegwerfen)\b.{0,40}\b(tabletten|pillen|medikamente)\b|\b(tabletten|pillen|medikamente)\b [^.!?]{0,30}\bentsorg\w*|\babgelaufene[nr]? (tabletten|pillen|medikamente)\b",
    # Someone lying in the sun or playing on the floor, going under the shower, jumping into the lake for fun and
    # writing about it; an injury asked about afterwards ("Platzwunde nähen lassen, wo?", "wann wieder spielen?").
    r"\b(liegt|liegen|sitzt|sitzen) (\w+ ){0,3}(in der sonne|im liegestuhl|auf der (decke|liege)|auf dem handtuch|zum sonnen)\b",
    r"\b(liegt|sitzt|steht) (\w+ ){0,4}und (spielt|liest|sonnt sich|chillt|lernt|malt|baut|isst|telefoniert|zockt|guckt|schaut)\b",
    r"\bgeht (\w+ ){0,3}unter (die dusche|die leute|leute|menschen|die haube|die lupe)\b",
    rf"\b(ich bin|wir sind|bin|sind wir|bin ich) (\w+ ){{0,3}}(ins|in die|in den) {_WATER} gesprungen\b",
    r"\b(kopfverletz\w*|platzwunde\w*|knochenbruch\w*|(bein|arm|knochen|fuss|hand)\w* (ist |sind |war )?gebrochen)\b((?!\b(jetzt|gerade|blutet|bewusstlos|stark)\b).){0,40}"
    r"\b(wann (wieder|darf)|wie lange|heil\w*|naehen lassen|gips|krankgeschrieben|krankschreibung|reha|physio\w*|trotzdem|arbeiten|auto fahren|sport)\b",
    r"\bseit (\w+ ){0,2}(bein|arm|fuss|hand|knochen)\w* (\w+ )?gebrochen\b",
    # Sitting still in front of the TV; estimating a sum ("grob überschlagen"); a bike tyre that takes no air; a static
    # shock; a dog that does not bite; jumping as a sport; letting oneself go.
    r"\breglos (\w+ ){0,2}(vor dem fernseher|auf dem sofa|auf der couch|am handy|am computer)\b",
    r"\b(grob|mal|kurz|schnell) ueberschlagen\b|\bueberschlagen\b.{0,30}\b(kostet|kosten|euro|summe|rechnung)\b|\b(kannst|koennen) (du|sie) (\w+ ){0,3}ueberschlagen\b",
    r"\b\w*(reifen|schlauch|ventil|ball|luftmatratze|pumpe)\w*\b (\w+ ){0,3}(bekommt|kriegt|bekomme|krieg\w*) (\w+ )?(keine|kaum) luft\b",
    r"\bstromschlag (\w+ ){0,3}(vom|von der|am) (tuergriff|auto|trampolin|pullover|weidezaun|katze)\b.{0,20}\bstatisch\w*|\bstatisch\w*\b.{0,30}\bstromschlag",
    r"\bbeiss(t|en) (\w+ )?(nicht|nie)\b(?! (mehr )?los)", r"\b(fallschirm|bungee|trampolin|seil|weit|hoch|stabhoch)\w* ?springen\b",
    r"\bsich (einfach |mal |auch mal |einfach mal )+fallen lassen\b",
    # Weapons to hand in or inherited; what domestic violence is; a former partner who was violent; clubs and restaurants
    # "crying for help" for money; a coach who takes a beating in the press.
    r"\b(messer|waffe|pistole|gewehr|schusswaffe|axt|beil|machete)\w*\b.{0,40}\b(abgeben|entsorgen|anmelden|erben|geerbt|verkaufen|leihen|waffenschein|schleifen|schaerfen|aus dem krieg|sammler|sammlung)\b",
    r"\bwas (ist|sind|zaehlt als|gilt als) (\w+ )?(haeusliche|sexuelle) gewalt\b", r"\b(war|waren) ((?!gerade|eben|grad)\w+ )?gewalttaetig\b",
    r"\b(vereine?|gastronomie|wirtschaft|branche|haendler|kommunen|stadt|kliniken|krankenhaeuser|schulen|kitas|bauern|landwirte|einzelhandel|gastwirte|kultur)\b"
    r" (\w+ ){0,2}(rufen|ruft|schreit|schreien) (\w+ ){0,2}um hilfe\b",
    r"\bhilferuf\w* (der|des|von) (gastronomie|wirtschaft|branche|haendler|kommunen|stadt|vereine|kliniken|krankenhaeuser|schulen|kitas|bauern|landwirte|einzelhandels?|kultur)\b",
    r"\bpruegel (in|von) (der presse|den medien|den fans|der kritik|allen seiten)\b",
    # Fruit and leaves falling from a tree onto the pavement are for street cleaning.
    rf"\b(aepfel|birnen|kastanien|nuesse|eicheln|blaetter|laub|fruechte|obst|tannenzapfen|pflaumen|kirschen|walnuesse)\b ((?!und\b|aber\b)\w+ ){{0,3}}{_FALL}\b",
    # People doing ordinary things with the words of an accident: a son who did not catch the bus, the flu that "caught"
    # him, a driver who did not stop at a stop, grandpa knocking over a glass, an office that does not stir, a husband
    # who is "nicht ansprechbar" during football, a jacket caught in the door, a son still in the cinema.
    rf"\b{_PERSON} (\w+ ){{0,2}}(hat|haben|hab|hatte) ((den|die|das|eine|einen|noch|nicht|mehr|gerade|knapp|letzte[n]?|ersten?|naechste[n]?) ){{0,4}}"
    r"(bus|bahn|zug|strassenbahn|tram|flug|flieger|erkaeltung|grippe|corona|virus|infekt|magen-?darm)\w* (\w+ ){0,2}erwischt\b",
    r"\b(grippe|erkaeltung|corona|virus|magen-?darm|\w*infekt|\w*welle)\b (\w+ ){0,3}erwischt\b",
    r"\b(daten|antrag|formular|zaehlerstand|meldung|angaben|adresse|personalien)\b (\w+ ){0,2}erfasst\b",
    r"\b(haltestelle|station|bahnhof|ziel|adresse)\b (\w+ ){0,2}(nicht )?(angefahren|angesteuert)\b", r"\b(hat|haben|hab|hatte) ((?!sich)\w+ ){1,3}umgekippt\b",
    r"\b(amt|behoerde|stadt|verwaltung|vermieter\w*|hausverwaltung|firma|niemand|keiner)\b (\w+ ){0,2}ruehrt sich\b",
    r"\b(muskeln|wade\w*|beine|fuesse|zehen|finger|hand|magen)\b (\w+ )?krampf\w*|\bkrampf\w* (\w+ )?(beim|nach dem) (sport|laufen|joggen|schwimmen|radfahren|training)\b",
    r"\b(wird|werden|werde) (\w+ )?(nicht|nie) (\w+ )?wach (fuer die schule|morgens|am morgen|zur arbeit|frueh|rechtzeitig)\b",
    r"\b(beim|bei der|waehrend des|waehrend der) (fussball|spiel|zocken|arbeit|lesen|fernsehen|serie|film|tatort|essen|kochen)\b (\w+ )?(nicht|nich|kaum) (mehr )?ansprechbar",
    r"\b(das|die|der|mein|meine|sein|seine|ihr|ihre) (\w+ )?(papier|blatt|jacke|mantel|tasche|schal|kabel|karte|muenze|schublade|reissverschluss|ordner|folie|ticket|geldkarte)\w* "
    r"(ist |sind |hat sich |steckt )?(\w+ ){0,3}eingeklemmt\b",
    r"\b(noch )?drin (im|in der) (kino|schwimmbad|laden|geschaeft|supermarkt|schule|kita|disco|club|bar|kneipe|restaurant|museum|theater|konzert|stadion|halle|bad)\b",
    r"\b(schluessel|karte|stecker|ticket|geld|muenze|kabel)\w* (\w+ ){0,2}(haengt|steckt|sitzt) (\w+ ){0,2}noch drin\b",
    r"\b(handy|muell|sperrmuell|laub|papier|zeitung|flasche\w*|scherben|tasche|jacke|schluessel|fahrrad|rad|schild|ast|aeste|dreck|\w*kot|zigaretten\w*|kippen|essen|brot"
    r"|geld|ball|spielzeug|tonne|matratze|sofa)\b (\w+ )?liegt (\w+ ){0,3}(am|auf dem) boden und\b",
    r"\b(zugeschwollen|geschwollen|schwillt)\b (\w+ ){0,2}(von der|vom|wegen der|wegen) (erkaeltung|grippe|mandelentzuendung|angina|heuschnupfen|weinen)\b",
    r"\b(spielen|baden|planschen|schwimmen|spielt|badet|planscht|schwimmt)\b (\w+ ){0,2}im wasser\b|\bim wasser (\w+ ){0,2}(spielen|baden|planschen|schwimmen|toben)\b",
    # Language "raped", wood attacked by woodworm, mushrooms shooting up, cheese that smells sharp, a gas line to be laid.
    r"\bvergewaltig\w* (\w+ ){0,2}(der |die |das )?(deutschen |englischen )?(sprache|grammatik|rechtschreibung|musik|lied|song|klassiker|kunst)\b",
    r"\b(von|durch) (\w+ ){0,2}(holzwuerm\w*|blattlaeus\w*|engerling\w*|schaedling\w*|pilz\w*|schimmel|rost|motten|borkenkaefer\w*|schnecken|raupen|milben|laeus\w*"
    r"|\w*kaefer\w*|ungeziefer|termiten)\b (\w+ )?angegriffen\b",
    r"\baus dem boden geschossen\b",
    r"\b(kaese|parfum|parfuem|duft|deo|essig|zwiebel\w*|knoblauch|fisch|socken|schweiss)\b (\w+ ){0,3}(beissend|stechend|aetzend)\w* (geruch|gestank)",
    r"\bgas(leitung|anschluss)\w* (\w+ ){0,2}(verlegen|legen|erneuern|erneuert|anschliessen|beantragen|kosten|kostet|zustaendig|bauen|gebaut|verlegt)\b",
    r"\bverletzten(zahl|zahlen|statistik)\b",
    # A game, a children's series or a dream named outright: "Bei Call of Duty werde ich jetzt angegriffen", "Bei
    # Feuerwehrmann Sam brennt gerade Pontypandy", "Ich habe geträumt, dass mein Haus brennt", a paintball hit.
    r"\b(minecraft|fortnite|gta|sims|fifa|call of duty|counter ?strike|valorant|roblox|pokemon|zelda|mario|among us|world of warcraft|feuerwehrmann sam|paw patrol"
    r"|peppa|benjamin bluemchen|bibi blocksberg)\b((?!\b(wirklich|echt|real|und jetzt|aber jetzt)\b).){0,60}\b(brennt|feuer|explo\w*|angegriffen|erschossen|abgeschossen|getoetet|gestorben|ertrunken|blut\w*|verletzt)",
    r"\b(brennt|brennen|ertrunken|ertrinkt|explodiert|angegriffen|erschossen|gestorben|verletzt|getoetet)\b (\w+ ){0,2}(im|in|bei) (spiel|game|film|traum|minecraft|fortnite|gta|sims|\w+spiel)\b",
    r"\b(getraeumt|traum|albtraum|traeume|traeumte)\w*\b((?!\b(jetzt|gerade|wirklich|echt|aufgewacht)\b).){0,40}\b(brennt|brennen|ertrinke\w*|feuer|verfolgt|explo\w*|erschossen|gestorben|tot|blut\w*)",
    r"\b(paintball|lasertag|airsoft|gotcha|nerf)\b.{0,40}\b(getroffen|blut\w*|verletzt|geschossen|schuesse)",
    # A little blood: a shaving cut, a blister, a scraped knee that wants a plaster; a nose that bleeds now and then;
    # jeans whose colour "bleeds", meat that is still red; English "qualms".
    r"\bblut\w* (\w+ ){0,2}(ein bisschen|ein wenig|leicht|etwas|kaum|nur wenig|nicht stark)\b|\b(ein bisschen|ein wenig|leicht|etwas|kaum) (\w+ )?blut\w*|\bblut\w*\b.{0,30}\bpflaster\b",
    r"\b(rasieren|papierschnitt|schramme|kratzer|blasen|mueckenstich|pickel|zecke|hinfallen|aufgeschuerft)\b.{0,40}\bblut\w*|\bblut\w*\b.{0,30}\b(vom|beim) (rasieren|hinfallen)\b",
    rf"\bnase\w* (\w+ ){{0,2}}blutet (\w+ )?{_HABIT}",
    r"\b(jeans|socke\w*|waesche|farbe|stoff|shirt|pullover|hose|tshirt|rote bete|fleisch|steak)\b (\w+ ){0,4}blut\w*", r"\bqualms\b",
    # Heat that "burns" the asphalt or one's feet; jumping into the pool.
    r"\bbrenn\w* (\w+ ){0,2}vor hitze\b|\b(asphalt|sand|strand|rutsche|autositz|lenkrad|pflaster)\b (\w+ )?brennt\b",
    r"\bspring\w*\b.{0,30}\b(freibad|schwimmbad|sprungbrett|zehner|sprungturm|becken|pool)\b|\b(freibad|schwimmbad|sprungbrett|zehner|sprungturm|pool)\b.{0,30}\bspring\w*",
    # Work that "burns": a project, a deadline, "es brennt an allen Ecken"; legs and lungs burning from sport.
    r"\b(projekt|deadline|abgabe|frist|termin)\b (\w+ )?brennt\b|\bbrennt (\w+ )?(das|die|der) (projekt|deadline|abgabe|frist)\b",
    r"\bbrennt (es )?an allen ecken\b|\ban allen ecken (und enden )?brennt", r"\b(zeit draengt|eilt|eilig)\b[^.!?]{0,10}\bes brennt\b",
    r"\bbrennt (mir |ihm |ihr )?(der |die |das )?(hintern|po|lunge|oberschenkel|waden|beine|muskeln) (\w+ )?(vom|beim|nach dem)\b",
    r"\b(hintern|po|lunge|oberschenkel|waden|beine|muskeln)\b (\w+ )?brenn\w* (\w+ )?(vom|beim|nach dem)\b",
    # History asked about: a guided tour "zum Thema Stadtbrand", "Stimmt es, dass dort Menschen erstickt sind?".
    r"\b(zum thema|ueber den|ueber das|ausstellung|fuehrung|vortrag)\b (\w+ ){0,2}\w*brand\b",
    r"\b(stimmt es|ist es wahr),? dass\b[^.!?]{0,80}\b(sind|waren|wurden|wurde|haben|hatten|hat|hatte)\W*\?",
    # Over and told afterwards ("… mit dem Messer bedroht, gestern"); a false alarm ("es war nur Rauch vom Toaster").
    rf"^(?!.*\b(jetzt|gerade|noch|sofort|schnell|hilfe|seit)\b).*\b{_HURT}\W+{_PAST}\W*$",
    r"\b(war|ist) (doch |aber )?nur (\w+ ){0,2}(rauch|qualm|dampf|wasserdampf|nebel)\b",
    r"\b(verhindere|verhindern|vermeide|vermeiden|angst vor|schutz vor|vorbeugen)\b (\w+ ){0,3}unfall\w*|\bunfall\w* (\w+ ){0,3}(albtraum|vermeiden|verhindern)\b",
    # Questions about the assistant itself and messages sent as a test: "Was passiert, wenn ich 'Feuer' schreibe?",
    # "Kannst du bei einem Brand helfen?", "Das ist nur ein Test: es brennt". "Das ist kein Test, es brennt" stays.
    rf"\bwenn ich (\w+ ){{0,2}}({_QUOTED}|\w+) (schreibe|sage|tippe|eingebe)\b", r"\b(das wort|den begriff|auf das wort) [\"'„“]?\w+",
    r"\b(kannst|hilfst|bist) du (\w+ ){0,3}(bei|fuer|mit) (einem |einer |einen )?(brand|feuer|notfall|notfaellen|unfall|unfaellen)\b",
    r"^.*\b(nur ein test|testnachricht|bitte ignorieren|das ist (nur )?ein test|kein echter notfall)\b.*$",
    # Threats to the bot itself ("Ich verprügel dich"): the writer is the one threatening, and the bot is "du".
    r"(?<!schreit )(?<!bruellt )(?<!ruft )(?<!droht )(?<!sagt )\bich (\w+ )?(hau|haue|schlag|schlage|tret|trete|verpruegel\w*|bring|erschiess\w*|stech|zuende|werf|jag|spreng\w*|mach)\w* (\w+ )?dich\b",
    r"\bblut (\w+ ){0,3}(gefroren|gefriert|gerinnt|geronnen|stockt|kocht)\b",
    # Gums that bleed when brushing, a fresh tattoo.
    r"\b(zahnfleisch|tattoo|tatoo|piercing|pickel)\w*\b (\w+ ){0,3}blut\w*",
    # An animal that bleeds is for the vet or the animal rescue ("Ein Fuchs hat die Hühner gerissen, überall Blut").
    rf"\b(hund|katze|kater|tier|vogel|taube|huhn|huehner|kaninchen|hase|fuchs|reh|igel|pferd|hamster|meerschweinchen)\w*\b((?!{_PERSON}|kinder|\bmich\b|\buns\b).){{0,40}}\bblut\w*",
    r"\b(flecken|fleck) (von |aus )?blut\b", r"\bblut im (urin|stuhl|speichel|harn)\b", r"\bbluten (zu )?lassen\b",
    # The kitchen knife, the hunter's shot, the child who wants to be a firefighter, a sore knee from football.
    r"\bmesser\w*\b.{0,30}\b(schneid\w*|brot|kochen|kueche|schaerf\w*|gemuese|fleisch|butter|tomaten|zwiebel\w*|gabel|essen|isst|pizza|besteck|loeffel)",
    r"\b(jaeger|jagd\w*|schuetzenverein|schiessstand|schuetzenfest)\b.{0,60}\b(geschossen|schuesse)\b",
    r"\b(will|moechte|wollte|wird|werden) (\w+ ){0,2}(feuerwehr|polizist|notarzt|sanitaeter|rettungs|krankenwagen)\w*|\b(feuerwehr|polizist|notarzt|sanitaeter|krankenwagen)\w* (zu )?werden\b",
    r"\b(mir|mich|sich) ((?!schwer)\w+ ){0,4}(knie|knoechel|fuss|finger|zeh|zehe|hand|handgelenk|schulter|ruecken|muskel|baender)\w* (\w+ )?(verletzt|eingeklemmt|gestossen|verstaucht|geprellt)\b",
    # Threatened or insulted online is for the police's online report, not 110.
    r"\b(bedroht|beleidigt|belaestigt|angegriffen|gemobbt)\b (\w+ ){0,2}(im internet|online|im netz|im chat|per (mail|e-mail|sms|whatsapp|nachricht)|auf (facebook|instagram|tiktok|whatsapp|telegram|x))\b",
    r"\b(im internet|online|im netz|im chat|per (mail|e-mail|sms|whatsapp|nachricht)|auf (facebook|instagram|tiktok|whatsapp|telegram))\b (\w+ ){0,3}(bedroht|beleidigt|belaestigt|angegriffen|gemobbt)\b",
    # Jumping for joy.
    r"\bvor (freude|glueck|begeisterung)\b.{0,30}\bspring\w*|\bspring\w* (\w+ ){0,4}vor (freude|glueck|begeisterung)\b",
    # A question of general knowledge ("Wie heiß ist Feuer?", "Können Fische ertrinken?"), with no one of one's own and
    # nothing here or now in it; anyone addressed ("Können Sie die Feuerwehr schicken?") or waiting ("Warum ist der
    # Krankenwagen noch nicht da?") is not asking for general knowledge.
    r"^(?!.*\b(mein|meine|meinem|meinen|meiner|unser\w*|ich|wir|uns|mir|hier|gerade|grad|jetzt|sofort|hilfe|bitte|da|dort|drin"
    r"|sie|du|ihr|noch|schick\w*|\w*komm\w*|ruf\w*|hole|holen|holt|alarmier\w*|helf\w*|hilf\w*)\b)"
    r"\W*(was (ist|sind|bedeutet|heisst) (eigentlich )?(ein|eine|der|die|das)\b(?! fuer)|was (bedeutet|heisst)"
    r"|wie (funktioniert|funktionieren|entsteht|entstehen|heiss|viel|viele|oft|alt|gross|hoch)"
    r"|wie schnell (faehrt|ist|sind|fahren)|was ist (heisser|kaelter|schneller|gefaehrlicher|groesser|staerker|schlimmer)|kann \w+ (brennen|explodieren|ertrinken)|(warum|wieso|weshalb) (ist|sind|fahren|faehrt|haben|hat|tragen|heulen|heult|gibt es|braucht|brauchen)|wer hat (das|den|die) \w+ erfunden|koennen|kann (ein|eine|man)"
    r"|(brennt|brennen) (\w+ )?(besser|schneller|laenger|heisser)|wie (brennt|brennen|macht) man)\b[^?]*\?\W*$",
    r"\b(sterbe|sterben|stirbt|gestorben)\b (\w+ )?vor (langeweile|lachen|neugier|hunger)",
    r"^\W*ich kann (\w+ )?nicht schwimmen\W*$", r"\bkann (\w+ )?nicht schwimmen\b.{0,40}\b(kurs\w*|lernen|schwimmkurs\w*|erwachsene|peinlich)\b", r"\b(langweilig|langeweile)\b.{0,20}\bsterbe\w*",
    r"\b(ampel|laterne|lampe|automat|ticketautomat|telefon|leitung|anzeige|display)\w*\b ((?!mann|frau|person|jemand|einer|eener|kind|mensch)\w+ ){0,4}(ist |sind )?(tot|mausetot)\b",
    r"\b(muell\w*|container|tonne\w*|biotonne|gully|kanal\w*|toilette\w*|abfall\w*|urin|kot|guelle|mist)\b.{0,40}\b(beissend|stechend|aetzend)\w* (geruch|gestank)",
    r"\b(beissend|stechend|aetzend)\w* (geruch|gestank)\b.{0,40}\b(muell\w*|container|tonne\w*|biotonne|gully|kanal\w*|toilette\w*|abfall\w*|urin|kot|guelle|mist)\b",
    r"\b(telefonisch|per (e-?)?mail|online|amt|behoerde|buergeramt|buergerservice|stadt|verwaltung|sachbearbeiter\w*|niemand|keiner|hotline|service)\b.{0,30}\b(nicht|nich|kaum) (mehr )?ansprechbar",
    r"\b(messer|axt|beil|machete|baseballschlaeger|eisenstange)\b.{0,40}\b(beschaedigt|zerstoert|zerstochen|aufgeschlitzt|angehackt|abgehackt|gefaellt|zerkratzt|eingeschlagen|demoliert)\b",
    # Safety equipment that is broken or missing, emergency fittings, services with "Not" or "Blut" in their name.
    r"\b(rauchmelder|brandmelder|feuerloescher|hydrant|loeschdecke)\w*\b.{0,80}\b(batterie|defekt|kaputt|fehlt|fehlen|abgerissen|abgelaufen|wartung|tropft|leckt|undicht|beschaedigt)",
    r"\bnot(rufsaeule|beleuchtung|ausgang|ausgaenge|rufknopf|rufanlage|treppe|leiter)\w*", r"\bblutspende", r"\bsterbe(urkunde|fall|geld)",
    r"\bwaffen(schein|besitzkarte|recht|behoerde)", r"\bgas(laterne|lampe|leuchte|beleuchtung)\w*",
    # Old damage: burn holes and burnt-out wrecks.
    r"\bbrand(loch|loecher|spuren|spur|fleck|flecken|schaden|schaeden)\b", r"\b(aus|ab)gebrannt\w*",
    # An injured animal is for the animal rescue, not 112 ("verletzte Taube"); a bench that gave way is furniture.
    r"\bverletzte[snr]?\b (\w+ )?(tier|reh|hirsch|wildschwein|fuchs|dachs|igel|katze|kater|vogel|taube|schwan|ente|hase|kaninchen|ratte|marder|waschbaer|eichhoernchen|amsel|kraehe|moewe|fledermaus)(e|en|n|s|chen)?\b",
    r"(?<!an )(?<!auf )(?<!neben )(?<!bei )(?<!vor )(?<!hinter )\b(eine|die|der|das|unsere|unser)\b (\w+ )?(bank|parkbank|sitzbank|zaun|poller|papierkorb|schild|tonne|container|bauzaun)\b (\w+ ){0,4}zusammengebrochen\b",
    # A dead or lost animal, a near miss, a fall that may happen some day.
    r"\b(tot|tote[snr]?|ueberfahrene[snr]?|angefahrene[snr]?|verendete[snr]?)\b (\w+ )?(tier|reh|hirsch|wildschwein|fuchs|dachs|igel|katze|kater|hund|vogel|taube|schwan|ente|hase|kaninchen|ratte|marder|waschbaer|eichhoernchen)(e|en|n|s|chen)?\b.{0,40}\bblut\w*",  # "toter Fuchs, blutet noch": before the shorter pattern
    r"\b(tot|tote[snr]?|ueberfahrene[snr]?|angefahrene[snr]?|verendete[snr]?)\b (\w+ )?(tier|reh|hirsch|wildschwein|fuchs|dachs|igel|katze|kater|hund|vogel|taube|schwan|ente|hase|kaninchen|ratte|marder|waschbaer|eichhoernchen)(e|en|n|s|chen)?\b",
    r"\b(tier|reh|hirsch|wildschwein|fuchs|dachs|igel|katze|kater|hund|vogel|taube|schwan|ente|hase|kaninchen|ratte|marder|waschbaer|eichhoernchen)(e|en|n|s|chen)?\b (\w+ ){0,4}(tot|angefahren|ueberfahren|verendet)\b",
    r"\bvermisst\w* (katze|kater|hund|haustier|tier|papagei|wellensittich|schildkroete)", r"\b(katze|kater|hund|haustier)\w* (\w+ ){0,3}(vermisst|entlaufen|weggelaufen)\b",
    r"\b(fast|beinahe|um ein haar|knapp)\b (\w+ ){0,2}(ueberfahren|angefahren|umgefahren|erfasst|verletzt|gestuerzt|gestochen|gebissen|getroffen|erschlagen)\b",
    r"\b(faellt|bricht sich|erschlaegt|verletzt sich|stuerzt|stolpert)\b (\w+ ){0,2}(bald|noch|irgendwann|demnaechst)\b (\w+ )?(einer|jemand|jemanden|wer|ein kind)\b",
    rf"\b(umgekippt|umgefahren|umgefallen|angefahren|verlassen|abgestellt)\w* {_THING}",
    r"\b(apotheke\w*|zahnarzt\w*|tierarzt\w*|arzt)\b.{0,30}\bnotdienst|\bnotdienst\w*\b.{0,30}\b(apotheke|zahnarzt|tierarzt|arzt)", r"\bbereitschaftsdienst",
    r"\b(erste[ -]?hilfe|reanimation\w*|wiederbelebung\w*)[ -]?(kurs|schulung|lehrgang|set|kasten|training|uebung|puppe)",
    # Asking for the number of the fire brigade or the police, news about a fire that is out, one's pet hurt,
    # "nothing serious".
    r"\b(nummer|telefonnummer|notrufnummer|rufnummer)\b (\w+ ){0,2}(feuerwehr|polizei|rettungsdienst\w*|notruf\w*)\b",
    r"(?<!gerade )(?<!grad )(?<!grade )(?<!eben )(?<!soeben )(?<!jetzt )\b(gab es|gabs|hat es|war) ((?!(gerade|grad|grade|eben|soeben|jetzt)\b)\w+ ){0,5}"
    r"(\w*brand|feuer|explosion|knall|unfall|schlaegerei|pruegelei|randale|verletzte\w*|tote)\b",
    # Asking afterwards whether anyone was hurt, why the ambulances were there, what the fire took.
    r"\b(verletzt|verletzte\w*) worden\b|\b(wurde|wurden|gab es|gabs)\b (\w+ ){0,4}(verletzt|verletzte\w*)\b\W*\?",
    r"\b(waren|war) (\w+ ){0,3}(krankenwagen|rettungswagen|feuerwehr\w*|polizei\w*|notarzt|rettungshubschrauber)",
    r"\b(beim|bei dem|durch den|im) (\w+ )?(brand|feuer)\b.{0,30}\b(verloren|zerstoert|abgebrannt)\b", r"\bwer hat (\w+ ){0,3}geloescht\b",
    r"\b(\w*brand|feuer)\b (\w+ ){0,4}geloescht\b",
    r"\b(mein|meine|meinem|meinen|unser|unsere|unserem)\b (hund|katze|kater|haustier|pferd|hamster|vogel|wellensittich|kaninchen)\w* (\w+ ){0,4}verletz\w*",
    r"\bverletz\w*\b.{0,40}\b(nichts schlimmes|nicht schlimm|halb so wild|alles gut)\b",
    r"\b(angefahren|umgefahren|gestuerzt|gefallen|erwischt)\b.{0,40}(?<!hoffentlich )(?<!hoffentlich ist )\b(nichts passiert|nix passiert)\b",
    r"\b(kaugummi|kirschkern\w*|obstkern\w*|traubenkern\w*|melonenkern\w*|kern|zahnpasta)\b (\w+ ){0,2}(verschluckt|geschluckt)\b",
    # Burning as a feeling or a passion, the sun, a spicy dish, a customary bonfire; idioms of rain, hunger and anger.
    r"\b(sonne|magen|mund|zunge|hals|augen|haut|fuesse|ohren|kopf|stirn|wangen|beine|arme|muskel\w*|wunde|brenn+essel\w*"
    r"|desinfektionsmittel|jod|salbe)\b (\w+ ){0,2}brenn\w*",
    # Food that burns on the pan, a love whose fire is out, children or cats that scuffle.
    r"\b(essen|milch|reis|sosse|sauce|kuchen|nudeln|kartoffeln|pfanne|topf)\b (\w+ ){0,2}brenn\w* (\w+ ){0,2}an\b|\bbrennt (\w+ ){0,3}(essen|milch|reis|sosse) an\b",
    r"\bbrenn\w* (\w+ ){0,2}(die )?sonne\b", r"\bbrenn\w* (\w+ ){0,2}(im mund|auf der zunge|im hals|in den augen|auf der haut|im magen)\b",
    r"\b(chili\w*|peperoni\w*|wasabi|jalapen\w*|habanero\w*|diavolo|curry\w*)\b (\w+ ){0,4}brenn\w*",
    r"\b(so|zu|sehr|extrem|mega|richtig) scharf,? (dass|das) (\w+ ){0,2}brenn\w*", r"\bgeld brennt (\w+ ){0,3}in der tasche\b",
    r"\b(kopf|hirn|gehirn|birne|schaedel)\b (\w+ ){0,2}raucht\b|\braucht (mir |ihm |ihr |uns |dir )?(der |den )?(kopf|hirn|gehirn|birne|schaedel)\b",
    r"\b(\w*preise?|\w*kosten|mieten?|zinsen|inflation|zahlen|kurse?|aktien?\w*|nachfrage|fallzahlen|infektionen|\w*rechnung\w*)\b (\w+ ){0,3}explodiert\b",
    r"\bdas feuer ist (aus|erloschen|weg)\b",
    r"\b(kinder|geschwister|brueder|schwestern|jungs|katzen|kater|hunde)\b (\w+ ){0,2}pruegeln sich\b(?! (\w+ ){0,3}(blut\w*|verletz\w*|messer))", r"\bbrennt (\w+ )?(die |vor )?(neugier|sehnsucht|liebe|leidenschaft|ungeduld)\b", r"\b(die )?luft brennt\b", r"\bsonnenbrand", r"\bsodbrennen",
    r"\bbrenn\w* auf (den|einen|das|die) (sieg|titel|aufstieg|erfolg|rache|revanche|einsatz|derby)\b",
    r"\bbrenn\w* (\w+ ){0,2}(fuer|darauf|vor (hunger|durst|neugier|ungeduld|liebe|sehnsucht|ehrgeiz))\b",
    r"\b(brenn\w* (\w+ ){0,2})?(oster|johannis|sonnwend|lager|brauchtums|sonnenwend|martins|hexen|walpurgis|mai|weihnachts)feuer\w*( (\w+ ){0,2}brenn\w*)?",
    r"\b(brenn\w* (\w+ ){0,2})?feuer (zu|an|am|zum) (sankt martin|st\.? martin|ostern|walpurgis\w*|johanni|sonnwend\w*)\b|\b(walpurgis\w*|sankt martin|st\.? martin|ostern|johanni)\b (\w+ ){0,2}feuer\b",
    r"\bfeuer frei\b", r"\bfeuer[ -]?(peperoni|chili|wurst|sosse|sauce)",
    r"\b(regnet|regen|schuettet|gewitter)\w*\b.{0,40}\bertrink\w*", r"\b(koennte|koennt|wuerde|moechte) (\w+ ){0,3}umbringen\b",
    r"\bnot ?fall\b.{0,40}\b(pizza\w*|essen|kaffee|bier|schokolade|doener|burger|eis)\b",
    r"\b(brauche|brauch|will|moechte|hol mir|bestell\w*)\b (\w+ ){0,3}(pizza|doener|burger|schokolade|kaffee|bier|eis|pommes)\b[^.!?]{0,10}\bnot ?fall\b",
    r"\bbrennt wie feuer\b", r"\bbrennt (\w+ ){0,2}(das geld|die zeit|ein loch)\b", r"\bblut (zu )?spenden",
    # What an ambulance or a fire brigade call costs is a question, not a call.
    r"\b(kostet|kosten|zahlt|bezahlt|bezahlen|rechnung)\b (\w+ ){0,3}(krankenwagen|rettungswagen|notarzt|feuerwehr)\w*",
    r"\b(krankenwagen|rettungswagen|notarzt|feuerwehr)\w* (\w+ ){0,3}(kosten|kostet|zahlen|bezahlen|rechnung)\b",
    # My car that was hit, a dog biting the fence, the bike of my daughter that is gone.
    rf"\b(mein|meine|meinen|das|den|die|ein|einen|eine|unser|unseren|unsere)\b (\w+ )?{_THING} (\w+ )?(angefahren|umgefahren|ueberfahren|erwischt|umgenietet|umgekippt|umgefallen)\b",
    rf"\b{_THING} (vom|von der|von dem|von|des|der) \w+ (ist |sind |wurde |wurden )?(angefahren|umgefahren|umgekippt|umgefallen)\b",
    r"\bbeisst (\w+ ){0,2}in (den|die|das) (?!\w*(bein|arm|hand|hals|gesicht|wade|fuss|fuesse|finger|kopf))", r"\bweg\b,? (\w+ ){0,3}(gezogen|umgezogen|ausgezogen|verreist)\b",
    r"\b(fahrrad|rad|roller|handy|tasche|ausweis|kinderausweis|reisepass|schulranzen|ranzen|kinderwagen|schluessel|teddy|kuscheltier|puppe|spielzeug|schnuller|muetze|jacke|brotdose|trinkflasche|hamster)\w* (der |des |meiner |meines |unserer |unseres |vom |von meiner |von meinem )?(kind|sohn|tochter|kleinen|enkel)\w*",
]

# Compiled one by one: Python's re finds each pattern's fixed words quickly, but not in one long alternation
# (measured with 467 patterns: 0.7 ms per message one by one, 1.5 ms as one alternation).
_SIGNAL = [re.compile(p) for p in _SIGNALS]
_EXCEPTION = [re.compile(p) for p in _EXCEPTIONS]


# "Notfall-Praxis", "Blut-Spende", "Messer-Angriff": one word, as if written without the hyphen.
_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
# No word of danger is longer than this; a run of 4,000 letters would cost the patterns with "\w*" a second.
_LONG_WORD = re.compile(r"(\w{40})\w+")


def cut_long_words(text: str) -> str:
    """The text with every word longer than 40 letters cut to its first 40."""
    return _LONG_WORD.sub(r"\1", text)


def _folded(text: str) -> str:
    return cut_long_words(_HYPHEN.sub("", fold(text)))


def is_look_alike(text: str) -> bool:
    """True when the text has the words of an ordinary report that looks like an emergency ("Laterne brennt nicht")."""
    folded = _folded(text)
    return any(exception.search(folded) for exception in _EXCEPTION)


def is_emergency(text: str) -> bool:
    """True when the text names an acute danger to people (fire, gas, injury, violence)."""
    folded = _folded(text)
    if not any(signal.search(folded) for signal in _SIGNAL):
        return False
    # An exception only cancels the signal it overlaps; "Laterne brennt tagsüber,
    # und jemand ist verletzt" is still an emergency.
    kept = list(folded)
    for exception in _EXCEPTION:
        for match in exception.finditer(folded):
            kept[match.start() : match.end()] = " " * (match.end() - match.start())
    left = "".join(kept)
    return any(signal.search(left) for signal in _SIGNAL)
