"""What the adapter itself says, in German (formal "Sie", at most three short lines).

Everything about reports, questions and small talk comes from the assistant
(domain.yml); these are the answers to what never reaches it: commands the
adapter handles itself, odd messages, failures.
"""

COMMANDS = [
    ("start", "Begrüßung und was ich kann"),
    ("hilfe", "Hilfe und Befehle"),
    ("abbrechen", "Meldung abbrechen"),
    ("meine_meldungen", "Stand Ihrer Meldungen"),
    ("datenschutz", "Was gespeichert wird und wer es sieht"),
    ("loeschen", "Ihre Daten löschen"),
    ("einfach", "Einfache Sprache an oder aus"),
    ("normal", "Wieder normale Sprache"),
]
COMMAND_LIST = ", ".join(f"/{name}" for name, _ in COMMANDS)

# One sentence (DESIGN: "before the first report, one sentence"), in three short lines.
PRIVACY_SHORT = ("Zum Datenschutz kurz: Ich speichere Ihre Nachrichten und Meldungen für die Stadt Gera,\n"
                 "öffentlich sind von einer Meldung nur Kategorie, Stand, Datum und der Ort auf etwa 100 m genau,\n"
                 "Text und Foto erst nach Prüfung durch die Stadt; mehr unter /datenschutz.")
HELP_COMMANDS = f"Befehle: {COMMAND_LIST}\nMit /einfach schreibe ich Ihnen in einfacher Sprache, mit kurzen Sätzen."
# The accessibility statement is a public page of the staff web; the contact is the city's setting (bot/config.py).
ACCESSIBILITY = ("Erklärung zur Barrierefreiheit: {url}\n"
                 "Stört Sie eine Barriere in diesem Chat? Sagen Sie es bitte: {contact}.")
# What is public is decided in backend/open311.py (the public view) and backend/releases.py: keep these in step.
# Several messages of three short lines each (a screen reader reads one message at a time).
PRIVACY = (
    "Gespeichert werden Ihre Nachrichten an mich und Ihre Meldungen: Ort, Foto ohne Metadaten, Beschreibung.\n"
    "Dazu Ihre Telegram-Chat-Nummer, bis Sie alles mit /loeschen löschen.\n"
    "Ihre Meldungen bleiben dann bei der Stadt, aber ohne Bezug zu Ihnen.",
    "Alles sehen nur Mitarbeitende der Stadt Gera, die Meldungen bearbeiten.\n"
    "Öffentlich sind von einer Meldung nur Kategorie, Stand, Datum, der Ort auf etwa 100 m genau und die Hinweise "
    "der Stadt.\n"
    "Text, Adresse und Foto erst, wenn die Stadt die Meldung geprüft und freigegeben hat.",
    "Die Stadt macht dabei Namen und Nummern unlesbar.\n"
    "Das sind zum Beispiel Telefonnummern, Kontonummern und E-Mail-Adressen. Ihre Chat-Nummer ist nie öffentlich.\n"
    "Fragen? Rufen Sie an: 0365 838-1900. Das ist der StadtService H35.",
)

DELETE_QUESTION = ("Soll ich Ihren Gesprächsverlauf löschen und Ihre Meldungen von Ihrem Telegram-Konto trennen?\n"
                   "Die Meldungen selbst bleiben bei der Stadt, ohne Bezug zu Ihnen.")
DELETE_YES = "Ja, löschen"
DELETE_NO = "Nein"
DELETED = ("Erledigt: Unser Gespräch ist gelöscht.\n"
           "Ihre Meldungen ({count}) sind jetzt ohne Bezug zu Ihnen.\n"
           "Sie bekommen dazu keine Nachricht mehr.")
DELETE_KEPT = "In Ordnung, ich habe nichts gelöscht."
DELETE_FAILED = ("Das Löschen hat gerade nicht ganz geklappt.\n"
                 "Bitte versuchen Sie es in ein paar Minuten noch einmal mit /loeschen.")

UNAVAILABLE = ("Entschuldigung, ich bin gerade gestört. Ich kann Ihre Nachricht jetzt nicht lesen.\n"
               "Sie ist nicht verloren: Tippen Sie gleich auf „Nochmal senden“.\n"
               "Im Notfall: 112 (Feuerwehr, Rettungsdienst) oder 110 (Polizei).")
NO_ANSWER = ("Das hat gerade nicht geklappt. Ihre Nachricht ist aber nicht verloren:\n"
             "Tippen Sie gleich auf „Nochmal senden“.\n"
             "Im Notfall: 112 (Feuerwehr, Rettungsdienst) oder 110 (Polizei).")
PHOTO_UNAVAILABLE = ("Ich kann Ihr Foto gerade nicht speichern, der Server der Stadt antwortet nicht.\n"
                     "Bitte tippen Sie gleich auf „Nochmal senden“.\n"
                     "Im Notfall: 112 (Feuerwehr, Rettungsdienst) oder 110 (Polizei).")
RETRY = "Nochmal senden"
NOTHING_TO_RETRY = "Da ist nichts mehr zu senden. Schreiben Sie mir einfach, was Sie möchten."
ERROR = "Da ist bei mir etwas schiefgelaufen. Bitte versuchen Sie es noch einmal."

PHOTO_DOWNLOAD_FAILED = "Ich konnte das Foto nicht laden. Bitte senden Sie es noch einmal."
PHOTO_TOO_LARGE = "Das Foto ist zu groß (höchstens {megabytes:g} MB). Bitte senden Sie es kleiner."
PHOTO_TOO_MANY_PIXELS = "Das Foto hat zu viele Pixel (höchstens {millions:g} Millionen). Bitte senden Sie es kleiner."
NOT_A_PHOTO = "Das ist kein Foto, das ich lesen kann. Bitte senden Sie ein Foto im Format JPEG, PNG oder WebP."
PHOTO_PLACE_QUESTION = "Das Foto enthält einen Ort (siehe Karte).\nIst das der Ort des Problems?"
PHOTO_PLACE_YES = "Ja, das ist der Ort"
PHOTO_PLACE_NO = "Nein, anderer Ort"
PHOTO_GONE = "Ich finde das Foto nicht mehr. Bitte senden Sie es noch einmal."
ALBUM_TOO_MANY = "Ich nehme die ersten {count} Fotos zur Meldung; mehr passen nicht hinein."

LOCATION_BUTTON = "Standort senden"
CANCEL_BUTTON = "Abbrechen"
CHOOSE = "Bitte wählen Sie:"
CHOSEN = "Ihre Wahl: {title}"
MY_REPORTS_BUTTON = "Meine Meldungen"
# A solved report's notification asks whether it really is fixed (actions/feedback.py answers the buttons).
FIXED_QUESTION = "Ist der Mangel damit behoben?"
FIXED_YES_BUTTON = "Ja, behoben"
FIXED_NO_BUTTON = "Nein, noch nicht"
STALE_BUTTON = "Diese Schaltfläche ist nicht mehr aktuell. Schreiben Sie mir einfach, was Sie möchten."

TOO_FAST = ("Bitte langsamer: Sie schreiben mir gerade sehr schnell, einige Nachrichten habe ich nicht gelesen.\n"
            "Bitte warten Sie einen Moment und senden Sie das Wichtige dann noch einmal einzeln.")
VOICE = "Sprachnachrichten verstehe ich noch nicht. Bitte schreiben Sie mir kurz."
VIDEO = "Videos kann ich noch nicht ansehen. Bitte schreiben Sie kurz oder senden Sie ein Foto."
STICKER = "Danke für den Sticker! Ich verstehe aber nur Text, Fotos und Standorte. Wobei kann ich helfen?"
CONTACT = "Kontaktdaten brauche ich nicht, ich habe sie nicht gespeichert. Schreiben Sie mir Ihr Anliegen bitte als Text."
POLL = "Umfragen kann ich nicht beantworten. Schreiben Sie mir Ihr Anliegen bitte als Text."
EDITED = "Geänderte Nachrichten kann ich leider nicht lesen. Bitte senden Sie die Korrektur als neue Nachricht."
UNKNOWN_FILE = "Diese Datei kann ich nicht öffnen. Ich verstehe Text, Standorte und Fotos (JPEG, PNG, WebP)."
UNKNOWN_MESSAGE = "Damit kann ich leider nichts anfangen. Ich verstehe Text, Fotos und Standorte."
UNKNOWN_COMMAND = f"Diesen Befehl kenne ich nicht. Ich verstehe: {COMMAND_LIST}"
GROUP_ONLY_PRIVATE = "Ich arbeite nur im privaten Chat. So lesen nicht alle Ihre Meldungen mit.\nSchreiben Sie mir direkt: @{username}"

# An answer takes longer than bot/config.py SLOW_NOTE_AFTER (the assistant is busy): nothing is lost.
SLOW_ANSWER = "Ihre Nachricht ist angekommen. Die Antwort dauert gerade etwas länger, bitte einen Moment Geduld."
