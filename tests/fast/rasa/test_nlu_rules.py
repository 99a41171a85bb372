"""The rule-based parts of the NLU, without a trained model: vocabulary, places, emergencies."""

import pytest

from nlu.emergency import is_emergency
from nlu.lexicon import Lexicon
from nlu.openers import is_report_opener
from nlu.places import PlaceFinder, is_street_name, trim, widen
from nlu.text import tokenize

LEXICON = Lexicon.load()
PLACES = PlaceFinder(LEXICON.places)


def best(kind, text):
    match = LEXICON.best(kind, tokenize(text))
    return match.value if match else None


@pytest.mark.parametrize(
    "text, category",
    [
        ("Die Straßenlaternen sind aus", "streetlight"),
        ("laterne kaputt", "streetlight"),
        ("Strassenlampe flackert", "streetlight"),
        ("Die Latterne geht nicht", "streetlight"),
        ("Riesiges Schlagloch", "road_damage"),
        ("Schlaglöcher überall", "road_damage"),
        ("Die Straße ist eine Buckelpiste", "road_damage"),
        ("Äste liegen auf dem Weg", "tree"),
        ("Schrottkarre ohne Kennzeichen", "abandoned_vehicle"),
        ("Fahrradleiche am Bahnhof", "abandoned_vehicle"),
        ("Gully verstopft", "drain"),
        ("Ampel ist ausgefallen", "traffic_light"),
        ("Verkehrsschild verdreht", "traffic_sign"),
        ("Papierkorb quillt über", "litter_bin"),
        ("Graffiti an der Schule", "graffiti"),
        ("Schaukel kaputt", "playground"),
        ("totes Reh am Straßenrand", "dead_animal"),
        ("Parkbank beschädigt", "street_furniture"),
        ("Hecke wuchert in den Weg", "green_space"),
        ("nicht gestreut, spiegelglatt", "winter_service"),
        ("Sperrmüll im Wald abgeladen", "illegal_dumping"),
        ("Am Spielplatz im Hofwiesenpark ist die Rutsche kaputt", "playground"),
        ("Die Rutschen auf dem Spielplatz sind beschädigt", "playground"),
        ("Auf dem Spielplatz liegen Glasscherben", "playground"),
        ("Spritzen im Gebüsch am Spielplatz", "playground"),
        ("Der Papierkorb am Spielplatz ist voll", "litter_bin"),
        ("Mülleimer an der Haltestelle ist randvoll", "litter_bin"),
        ("Überall liegt Müll herum am Markt", "litter_bin"),
        ("Kaputte Flaschen und Kronkorken auf dem Fußweg", "litter_bin"),
        ("Scherben auf dem Radweg, jetzt ist mein Reifen platt", "litter_bin"),
        ("Kippen und Kaugummis auf dem Pflaster vor dem Theater", "litter_bin"),
        ("Dreck und Flaschen an der Bushaltestelle", "litter_bin"),
        ("Krähen ziehen den Müll aus dem Papierkorb", "litter_bin"),
        ("Licht an der Bushaltestelle kaputt", "streetlight"),
        ("Die Leuchte am Weg ist defekt", "streetlight"),
        ("Es ist total finster in der Straße", "streetlight"),
        ("Wer ist zuständig für eine kaputte Straßenlaterne?", "streetlight"),
        ("Straßenlampe kaputt in der Schloßstraße", "streetlight"),
        ("Bei der Blindenampel fehlt der Piepton", "traffic_light"),
        ("Grünes Männchen geht nicht an", "traffic_light"),
        ("Die Ampel am Spielplatz ist kaputt", "traffic_light"),
        ("Zebrastreifen ist kaum noch zu sehen", "traffic_sign"),
        ("Das Halteverbotschild steht falsch herum", "traffic_sign"),
        ("Ein Warnschild liegt im Graben", "traffic_sign"),
        ("Die Gehwegplatten sind hochgedrückt durch Baumwurzeln", "road_damage"),
        ("Der Radweg ist voller Wurzelaufbrüche", "road_damage"),
        ("Schlagloch, mir ist der Reifen geplatzt", "road_damage"),
        ("Der Fahrradweg ist marode", "road_damage"),
        ("Der Radweg ist in einem miserablen Zustand", "road_damage"),
        ("Da ist ein Krater in der Straße", "road_damage"),
        ("Der Fußweg ist unterspült", "road_damage"),
        ("Die Straßendecke ist komplett zerbröselt", "road_damage"),
        ("Bürgersteig kaputt", "road_damage"),
        ("Riesen Schlagloh vor unserer Haustür", "road_damage"),
        ("Bei uns in Lusan liegt ein Kühlschrank im Gebüsch", "illegal_dumping"),
        ("Am Waldrand liegen Säcke mit Müll", "illegal_dumping"),
        ("Mehrere blaue Säcke voller Müll im Gebüsch", "illegal_dumping"),
        ("Ein ganzer Haufen Müll am Feldweg", "illegal_dumping"),
        ("Mikrowelle und Staubsauger einfach abgestellt", "illegal_dumping"),
        ("Da hat einer seinen Hausrat auf den Gehweg gekippt", "illegal_dumping"),
        ("Rassistische Parolen an der Brücke", "graffiti"),
        ("Alles vollgetaggt an der Unterführung", "graffiti"),
        ("Nazi-Sprüche an der Garage", "graffiti"),
        ("Baum auf die Laterne gestürzt", "tree"),
        ("Der Baum an der Haltestelle ist umgefallen", "tree"),
        ("Ein morscher Ast hängt über dem Spielplatz", "tree"),
        ("Der Stamm ist gerissen und neigt sich zur Straße", "tree"),
        ("Hecke am Spielplatz ist zugewachsen", "green_space"),
        ("Brombeeren und Efeu wuchern über den Gehweg", "green_space"),
        ("Poller abgebrochen, ein Stumpf ragt aus dem Boden", "street_furniture"),
        ("Die Brüstung an der Brücke ist beschädigt", "street_furniture"),
        ("Die Banklehne ist abgebrochen", "street_furniture"),
        ("Die Schleuse vor dem Haus ist verstopft", "drain"),
        ("Der Straßenablauf ist dicht", "drain"),
        ("Bei Starkregen steht hier alles knöcheltief", "drain"),
        ("Wasser sammelt sich am Bordstein", "drain"),
        ("Radweg verschneit, keiner räumt", "winter_service"),
        ("Die Straße ist eine einzige Eisfläche", "winter_service"),
        ("Die Treppe ist eine Rutschbahn", "winter_service"),
        ("Ein altes Fahrrad ohne Reifen steht seit Monaten am Bahnhof", "abandoned_vehicle"),
        ("Verlassenes Fahrzeug mit platten Reifen", "abandoned_vehicle"),
        ("Abgemeldetes Auto mit rotem Aufkleber vom Ordnungsamt", "abandoned_vehicle"),
        ("Der Wohnwagen steht seit einem Jahr auf der Straße", "abandoned_vehicle"),
        ("Kennzeichen abgeschraubt, der Wagen steht einfach da", "abandoned_vehicle"),
        ("Tote Fische in der Elster", "dead_animal"),
        ("Ein verendeter Vogel im Park", "dead_animal"),
        ("Auf dem Spielplatz liegt eine tote Taube", "dead_animal"),
        ("Tauben nisten unter der Brücke", "other"),
        ("Die öffentliche Toilette ist verstopft", "other"),
        ("Rolltreppe in der Unterführung steht still", "other"),
        ("Die Böschung rutscht auf den Weg", "other"),
    ],
)
def test_category_words_map_to_the_canonical_value(text, category):
    assert best("category", text) == category


@pytest.mark.parametrize(
    "text, service",
    [
        ("Was kostet ein Personalausweis?", "id_card"),
        ("neuer Perso", "id_card"),
        ("Reisepass beantragen", "passport"),
        ("Wohnsitz ummelden", "residence_registration"),
        ("Auto zulassen", "vehicle_registration"),
        ("Führerschein umtauschen", "driving_licence"),
        ("Sperrmüll anmelden", "bulky_waste"),
        ("Wann kommt die Müllabfuhr?", "waste_collection"),
        ("Hundesteuer", "dog_tax"),
        ("Führungszeugnis beantragen", "certificate_of_conduct"),
        ("Geburtsurkunde", "civil_status_certificate"),
        ("Wir wollen heiraten", "marriage"),
        ("Gewerbe anmelden", "business_registration"),
        ("Bewohnerparkausweis", "resident_parking"),
        ("Wohngeld beantragen", "housing_benefit"),
        ("Geldbörse verloren, Fundbüro?", "lost_and_found"),
        ("Öffnungszeiten Bürgerbüro", "citizens_office"),
        ("Wo beantrage ich einen neuen Perso?", "id_card"),
        ("Persnalausweis verloren", "id_card"),
        ("Fürerschein verloren", "driving_licence"),
        ("Passport beantragen", "passport"),
        ("Welche Unterlagen brauche ich für die Anmeldung?", "residence_registration"),
        ("Nebenwohnung abmelden", "residence_registration"),
        ("Wie melde ich mich um?", "residence_registration"),
        ("Was brauche ich, um mein Auto anzumelden?", "vehicle_registration"),
        ("Kann ich mein Auto online zulassen?", "vehicle_registration"),
        ("Hab mein Auto verkauft, wie mach ich die Abmeldung?", "vehicle_registration"),
        ("Neuzulassung Termin", "vehicle_registration"),
        ("Ich brauche eine Fahrerkarte für den LKW", "driving_licence"),
        ("Wann kommt die Sperrmüllabfuhr, wenn ich jetzt anmelde?", "bulky_waste"),
        ("Alte Einbauküche entsorgen", "bulky_waste"),
        ("Wann wird bei uns der Müll abgeholt?", "waste_collection"),
        ("Wohin mit alten Batterien?", "waste_collection"),
        ("Unsere Hündin ist neu bei uns, was muss ich tun?", "dog_tax"),
        ("Ich brauche einen Auszug aus dem Geburtenregister für die Rente", "civil_status_certificate"),
        ("Wir haben ein Baby bekommen, wie melden wir die Geburt an?", "civil_status_certificate"),
        ("Nachname ändern nach der Scheidung", "civil_status_certificate"),
        ("Wir wollen uns im Standesamt trauen lassen", "marriage"),
        ("Heiratstermin im Standesamt", "marriage"),
        ("Ich will einen Imbiss eröffnen", "business_registration"),
        ("Ich muss meinen Betrieb ummelden, weil wir umziehen", "business_registration"),
        ("Ich möchte eine GmbH gründen", "business_registration"),
        ("Ich bin Anwohner in der Sorge, wo bekomme ich die Plakette?", "resident_parking"),
        ("Die Miete ist zu hoch, gibt es einen Zuschuss?", "housing_benefit"),
        ("Ich kann meine Miete nicht mehr bezahlen", "housing_benefit"),
        ("Hat jemand meinen Schlüssel abgegeben?", "lost_and_found"),
        ("Meinen Geldbeutel im Bus vergessen", "lost_and_found"),
        ("Ich vermisse meine Tasche seit gestern", "lost_and_found"),
        ("Kann ich ohne Anmeldung vorbeikommen?", None),
        ("Ich habe den Antrag abgegeben, wie lange dauert es?", None),
    ],
)
def test_service_words_map_to_the_canonical_value(text, service):
    assert best("service", text) == service


@pytest.mark.parametrize(
    "text, info_type",
    [
        ("Was kostet das?", "fees"),
        ("Was muss ich mitbringen?", "documents"),
        ("Wann habt ihr geöffnet?", "opening_hours"),
        ("Brauche ich einen Termin?", "appointment"),
        ("Geht das auch online?", "online"),
        ("Wo ist das Amt?", "location"),
    ],
)
def test_info_type_words_map_to_the_canonical_value(text, info_type):
    assert best("info_type", text) == info_type


@pytest.mark.parametrize(
    "text, place",
    [
        ("Laterne in der Heinrichstraße 35 ist aus", "Heinrichstraße 35"),
        ("Schlagloch Leipziger Str. 5", "Leipziger Str. 5"),
        ("Müll an der Ecke Sorge/Schloßstraße", "Ecke Sorge/Schloßstraße"),
        ("Die Laterne Sorge 12 ist aus", "Sorge 12"),
        ("Ast auf der Straße des Friedens", "Straße des Friedens"),
        ("Graffiti in Lusan", "Lusan"),
    ],
)
def test_places_are_found_by_their_shape(text, place):
    found = PLACES.find(text, tokenize(text))
    assert found is not None and trim(found.text) == place


def test_a_kind_of_ground_is_not_a_place():
    text = "Der Gehweg hat ein Loch"
    assert PLACES.find(text, tokenize(text)) is None


def test_trim_removes_preposition_and_article():
    assert trim("in der Sorge 12") == "Sorge 12"
    assert trim("am Hofwiesenpark") == "Hofwiesenpark"


@pytest.mark.parametrize(
    "text",
    [
        "Es brennt!!",
        "Mülltonne brennt lichterloh",
        "es riecht stark nach gas im treppenhaus",
        "Gasgeruch im Keller",
        "Ein Mann liegt bewusstlos am Boden",
        "Unfall mit Verletzten auf der Zeitzer Straße",
        "ein mann bedroht leute mit einem messer",
        "Kind ist im Eis eingebrochen",
        "Chlorgeruch in der Umkleide, alle husten",
        "sie ist nicht mehr ansprechbar",
        "der Trafo hinterm Haus knallt und qualmt",
        "er schreibt, er will nicht mehr leben",
        "da liegen zwei Arbeiter drunter",
        "unser Sohn ist seit zwei Stunden weg",
    ],
)
def test_emergencies_are_recognised(text):
    assert is_emergency(text)


@pytest.mark.parametrize(
    "text",
    [
        "Die Laterne brennt tagsüber",
        "Laterne brennt den ganzen Tag",
        "Baum droht umzufallen",
        "Verletzungsgefahr auf dem Spielplatz",
        "Messer im Sandkasten gefunden",
        "Was kostet ein polizeiliches Führungszeugnis?",
        "Hilfe, wie funktioniert das?",
        "Der Riss im Radweg ist lebensgefährlich",
        "Beim Unfall wurde zum Glück niemand verletzt",
        "Wie werde ich Mitglied in der Freiwilligen Feuerwehr?",
        "Die Straße ist halbseitig gesperrt",
        "Jemand hat mein Auto angefahren und ist abgehauen",
        "Da muss sich endlich was tun!",
    ],
)
def test_ordinary_reports_are_no_emergency(text):
    assert not is_emergency(text)


@pytest.mark.parametrize(
    "text, place",
    [
        ("Hallo, am Parkplatz in der Gagarinstraße liegt Müll", "Parkplatz in der Gagarinstraße"),
        ("Die Treppe am Johannisplatz ist kaputt", "Treppe am Johannisplatz"),
        ("Schlagloch Leipziger Str. Höhe Hausnummer 60", "Leipziger Str. Höhe Hausnummer 60"),
        ("Laterne in der Sorge 12 aus", "Sorge 12"),
        ("Die Bank an der Haltestelle Heinrichstraße ist kaputt", "Haltestelle Heinrichstraße"),
        ("Glasscherben auf dem Radweg am Elsterdamm", "Radweg am Elsterdamm"),
        ("Gehweg vor dem Kindergarten in Lusan abgesackt", "Gehweg vor dem Kindergarten in Lusan"),
        ("Kinder am Spielplatz im Hofwiesenpark in Gefahr, Rutsche kaputt", "Spielplatz im Hofwiesenpark"),
        ("Laterne am Spielplatz in Lusan aus", "Spielplatz in Lusan"),
        ("Schmierereien am Stromkasten am Markt", "Stromkasten am Markt"),
        ("Unfall auf der B2 bei Langenberg", "B2 bei Langenberg"),
        ("Ampel an der Sorge Ecke Schloßstraße ist aus", "Sorge Ecke Schloßstraße"),
        ("in der Heinrichstraße in Untermhaus ist die Laterne aus", "Heinrichstraße in Untermhaus"),
        ("Müll in der Gagarinstraße gegenüber vom Edeka", "Gagarinstraße gegenüber vom Edeka"),
        ("Seit Wochen in der Sorge ein Loch", "Sorge"),
        ("Müll am Hofwiesenpark", "Hofwiesenpark"),
        # A street called "Am …" or "An der …" keeps that part of its name when it is written capitalised.
        ("Bei uns Am Kieferngraben 5 ist die Laterne aus", "Am Kieferngraben 5"),
        ("Die Schaukel auf dem Spielplatz An der Spielwiese ist kaputt", "Spielplatz An der Spielwiese"),
        ("Die Laterne am Lerchenberg ist aus", "Lerchenberg"),
        ("an der Kreuzung Lange Straße Ecke Stadtgraben ist die Ampel aus", "Kreuzung Lange Straße Ecke Stadtgraben"),
        ("Die Beleuchtung am Fußweg durch den Küchengarten geht nicht", "Fußweg durch den Küchengarten"),
        # The thing the defect is part of is no place; a kind of place still is.
        ("Glasscheibe vom Wartehäuschen an der Haltestelle Heinrichstraße eingeschlagen", "Haltestelle Heinrichstraße"),
        ("Glasscherben im Sandkasten vom Spielplatz am Küchengarten", "Spielplatz am Küchengarten"),
        # A word of position or age, a level, and the road between a village and the city belong to the place.
        ("am hinteren Ende vom Parkplatz am Südbahnhof liegt Müll", "hinteren Ende vom Parkplatz am Südbahnhof"),
        ("Graffiti an der alten Schule in Lusan", "alten Schule in Lusan"),
        ("Der neue Spielplatz am Markt ist kaputt", "Spielplatz am Markt"),
        ("auf dem Parkdeck vom Hauptbahnhof, obere Etage, ist die Lampe kaputt", "Parkdeck vom Hauptbahnhof, obere Etage"),
        ("toter Dachs auf der Landstraße zwischen Langenberg und Gera", "Landstraße zwischen Langenberg und Gera"),
    ],
)
def test_a_place_widens_to_the_whole_phrase_but_not_to_the_defect(text, place):
    """What the citizen wrote as the place, without the defect, the time or who is in danger."""
    tokens = tokenize(text)
    found = PLACES.find(text, tokens)
    core = trim(found.text)
    start = text.index(core, found.start)
    defect = LEXICON.best("category", tokens)
    defect_span = (tokens[defect.first].start, tokens[defect.last].end) if defect else None
    first, last = widen(text, start, start + len(core), defect_span, PLACES.place_at, PLACES.place_before)
    assert text[first:last] == place


@pytest.mark.parametrize(
    "text",
    [
        "in der Heinrichstraße brennt keine einzige Straßenlampe",
        "Straßenbeleuchtung brennt nicht",
        "in der Sorge brennen die Laternen nicht",
        "Die Feuerwehr kommt da nicht durch, alles zugeparkt",
        "brandneue Bank schon beschmiert",
        "die Ampel ist tot",
    ],
)
def test_a_dark_lamp_or_a_blocked_fire_lane_is_no_emergency(text):
    assert not is_emergency(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ich möchte einen Schaden melden",
        "ich möchte was melden, das ist nicht in Ordnung",
        "moin, will ma was meldn",
        "ich hätte gern eine Störung gemeldet",
        "Gefahrenstellenmeldung",
        "Guten Tag, ich möchte Ihnen einen Mangel mitteilen",
    ],
)
def test_the_wish_to_report_is_recognised_before_the_defect_is_named(text):
    assert is_report_opener(text)


@pytest.mark.parametrize(
    "text",
    [
        "Was ist mit meiner Meldung?",
        "Hab gestern was gemeldet, ist das angekommen?",
        "ich will das doch nicht melden",
        "Wo kann ich mich ummelden?",
        "Meldung 4711 bitte",
        "Was kann ich bei dir melden?",
    ],
)
def test_own_reports_cancelling_and_moving_house_are_no_new_report(text):
    assert not is_report_opener(text)


def test_an_ordinary_word_is_no_typo_of_a_category_word():
    assert best("category", "Ich will eine Gefahrenquelle im Straßenraum melden") is None


@pytest.mark.parametrize(
    "text, place",
    [
        ("Die Kastanie am Friedrich-Naumann-Platz hat einen Riss", "Friedrich-Naumann-Platz"),
        ("Ast über dem Gehweg in der Richard-Wagner-Straße", "Richard-Wagner-Straße"),
        ("Müll am Roten Weg abgeladen", "Roten Weg"),
        ("an der B92 ist die Leitplanke verbogen", "B92"),
    ],
)
def test_hyphenated_streets_adjective_streets_and_federal_roads_are_places(text, place):
    found = PLACES.find(text, tokenize(text))
    assert found and found.text == place


def test_a_street_named_after_a_tree_names_no_tree():
    component_tokens = [t for t in tokenize("im Fichtenweg ist die Lampe aus") if not is_street_name(t.folded)]
    assert LEXICON.best("category", component_tokens).value == "streetlight"
    assert not is_street_name("gehweg")


@pytest.mark.parametrize(
    "text",
    [
        "Notfall: mein Perso ist weg und ich fliege übermorgen",
        "die lose Platte ist ne Lebensgefahr für jede Oma",
    ],
)
def test_urgent_errands_and_hazards_are_no_emergency(text):
    assert not is_emergency(text)


def test_a_phone_in_the_water_is_no_emergency_but_a_child_is():
    assert not is_emergency("Mein Handy ist ins Wasser gefallen")
    assert is_emergency("Ein Kind ist ins Wasser gefallen")


@pytest.mark.parametrize(
    "text",
    [
        "Ich bin gestern über die lose Gehwegplatte gestolpert und hab mich am Knie verletzt",
        "Letzte Woche hat sich ein Kind an der kaputten Rutsche verletzt, bitte reparieren",
        "Im Wald ist eine alte Brandstelle mit Müll",
        "Hier hat jemand Feuer gemacht, die Feuerstelle ist noch da, alles voller Müll",
        "Hast du mal Feuer?",
        "Mir brennt die Zeit unter den Nägeln, wann kommt die Biotonne",
        "Hund hat sich an den Scherben die Pfote verletzt",
        "Ich hätte gern einen Ansprechpartner aus Fleisch und Blut",
        "Ich schwitze Blut und Wasser wegen meinem Termin",
        "Die alte Linde ist vom Pilz befallen und vom Absterben bedroht",
        "Der Rost hat das Geländer schon stark angegriffen",
        "Ich hab ein Foto vom Schlagloch geschossen",
        "Mein Kind wurde auf dem Spielplatz von einer Wespe gestochen, da ist ein Nest",
        "Wir ersticken hier im Müll, die Tonnen werden nie geleert",
        "Jemand hat Giftköder im Park ausgelegt, ein Hund wurde vergiftet",
        "Welche Nummer rufe ich im Notfall an?",
        "Der Laden an der Ecke wurde letzte Nacht überfallen, jetzt sind die Scheiben kaputt",
        "Ich hab mir auf dem Glatteis fast das Genick gebrochen",
        "Hier ist es so dunkel, da wird man noch überfallen",
    ],
)
def test_an_injury_or_fire_that_is_over_an_idiom_or_a_paw_is_no_emergency(text):
    assert not is_emergency(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ein Kind hat sich gerade schwer verletzt",
        "gestern war ich da und jetzt liegt gerade ein Mann verletzt auf der Straße",
        "Da hat gerade jemand Feuer gemacht im Keller",
        "Hier hat jemand Feuer gemacht, es brennt noch",
        "Notfall! Mein Mann ist umgekippt",
        "Ein Mann wird gerade angegriffen",
        "Hilfe, mein Kind wurde gestochen und die Zunge schwillt zu",
        "Jemand hat mich gerade überfallen",
        "Mein Kind hat Rattengift gegessen",
    ],
)
def test_an_injury_or_fire_now_stays_an_emergency(text):
    assert is_emergency(text)


@pytest.mark.parametrize(
    "text, place",
    [
        ("Müll an der Orangerie", "Orangerie"),  # no street "Oranger"
        ("einbahnstrassenschild in der ostvorstadt fehlt", "ostvorstadt"),
    ],
)
def test_a_street_suffix_inside_a_word_is_no_street(text, place):
    found = PLACES.find(text, tokenize(text))
    assert found is not None and found.text == place


@pytest.mark.parametrize(
    "text, place",
    [
        ("10 Müllsäcke abgeladen am Dahliengarten", "Dahliengarten"),
        ("Mülleimer voll im Hofwiesenpark, Eingang Süd", "Hofwiesenpark, Eingang Süd"),
        ("Autowrack auf dem Seitenstreifen der B2 bei Langenberg", "Seitenstreifen der B2 bei Langenberg"),
        ("Lampe aus im Küchengarten hinterm Orangerie-Gebäude", "Küchengarten hinterm Orangerie-Gebäude"),
        ("Laternen aus in der Amthorstraße Nummer 7 bis 11", "Amthorstraße Nummer 7 bis 11"),
        ("Gully dicht in Lusan, Zeulsdorfer Str.", "Lusan, Zeulsdorfer Str."),
        ("laterne flackert in bieblach an der tram haltestelle", "bieblach an der tram haltestelle"),
        ("Schlagloch in der Sorge bei der alten Schule", "Sorge bei der alten Schule"),
    ],
)
def test_widening_stops_at_verbs_and_takes_compass_points_roads_and_compounds(text, place):
    lexicon_match = LEXICON.best("category", tokenize(text))
    tokens = tokenize(text)
    defect = (tokens[lexicon_match.first].start, tokens[lexicon_match.last].end) if lexicon_match else None
    found = PLACES.find(text, tokens)
    start, end = widen(text, found.start, found.end, defect, PLACES.place_at, PLACES.place_before)
    assert text[start:end] == place


@pytest.mark.parametrize(
    "text, intent",
    [("👍", "affirm"), ("👍🏻👍🏻", "affirm"), ("👌", "affirm"), ("👎", "deny"), ("🙏", "thank"),
     ("🍺🍺", None), ("👋", None), ("💡", None), ("ja 👍", None)],
)
def test_a_message_of_answer_pictographs_only_means_that_answer(text, intent):
    from nlu.components import _pictograph_intent

    assert _pictograph_intent(text) == intent


@pytest.mark.parametrize(
    "text, says_what_is_wrong",
    [
        ("Die Laterne vor der Schloßstraße 7 ist seit drei Tagen aus", True),
        ("Ecke Sorge/Schloßstraße fehlen zwei Pflastersteine", True),
        ("drei Straßenlampen gleichzeitig ausgefallen", True),
        ("die lampe brennt nich", True),
        ("Tote Taube vor der Sorge 20", True),
        ("es ist die dritte Lampe nach der Kreuzung", False),
        ("die Laterne direkt vor Hausnummer 12", False),
        ("ein Sack aus Plastik", False),
    ],
)
def test_words_that_say_something_is_wrong(text, says_what_is_wrong):
    from nlu.components import _DEFECT_STATE
    from nlu.text import fold

    assert bool(_DEFECT_STATE.search(fold(text))) == says_what_is_wrong
