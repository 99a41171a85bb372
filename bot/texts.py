"""What the adapter itself says, in German (formal "Sie", at most three short lines).

Everything about reports, questions and small talk comes from the assistant
(domain.yml); these are the answers to what never reaches it: commands the
adapter handles itself, odd messages, failures.
"""

COMMANDS = [
    ("start", "Begrüßung und was ich kann"),
    ("hilfe", "Hilfe und Befehle"),
    ("abbrechen", "Aktuelle Meldung abbrechen"),
    ("meine_meldungen", "Stand Ihrer Meldungen"),
    ("datenschutz", "Was gespeichert wird und wer es sieht"),
    ("loeschen", "Ihre Daten löschen"),
]
COMMAND_LIST = ", ".join(f"/{name}" for name, _ in COMMANDS)

PRIVACY_SHORT = ("Zum Datenschutz in einem Satz: Ich speichere Ihre Nachrichten und Meldungen für die Stadt Gera, "
                 "öffentlich sind von einer Meldung nur Kategorie, Stand, Datum und der Ort auf etwa 100 m genau, "
                 "Text und Foto erst nach Prüfung durch die Stadt; mehr unter /datenschutz.")
HELP_COMMANDS = f"Befehle: {COMMAND_LIST}"
# What is public is decided in backend/open311.py (the public view) and backend/releases.py: keep these in step.
PRIVACY = (
    "Gespeichert werden Ihre Nachrichten an mich und Ihre Meldungen (Ort, Foto ohne Metadaten, Beschreibung) "
    "mit Ihrer Telegram-Chat-Nummer, bis Sie es mit /loeschen löschen; Meldungen bleiben danach bei der Stadt, "
    "aber ohne Bezug zu Ihnen. Alles sehen nur Mitarbeitende der Stadt Gera, die Meldungen bearbeiten.\n"
    "Öffentlich zeigt die Stadt von einer Meldung nur Kategorie, Stand, Datum, den Ort auf etwa 100 m genau und "
    "ihre Hinweise dazu; Beschreibung, Adresse und Foto erst, wenn Mitarbeitende die Meldung geprüft und "
    "freigegeben haben. Namen, Telefonnummern, E-Mail-Adressen und Kontonummern werden dabei unkenntlich gemacht, "
    "Ihre Chat-Nummer ist nie öffentlich.\n"
    "Kontakt: StadtService H35, 0365 838-1900."
)

DELETE_QUESTION = ("Soll ich Ihren Gesprächsverlauf löschen und Ihre Meldungen von Ihrem Telegram-Konto trennen?\n"
                   "Die Meldungen selbst bleiben bei der Stadt, ohne Bezug zu Ihnen.")
DELETE_YES = "Ja, löschen"
DELETE_NO = "Nein"
DELETED = ("Erledigt: Ihr Gesprächsverlauf ist gelöscht.\n"
           "Ihre Meldungen ({count}) sind nicht mehr mit Ihrem Telegram-Konto verbunden; "
           "Nachrichten dazu bekommen Sie nicht mehr.")
DELETE_KEPT = "In Ordnung, ich habe nichts gelöscht."
DELETE_FAILED = ("Das Löschen hat gerade nicht vollständig geklappt.\n"
                 "Bitte versuchen Sie es in ein paar Minuten noch einmal mit /loeschen.")

UNAVAILABLE = ("Entschuldigung, ich bin gerade gestört und kann Ihre Nachricht nicht bearbeiten.\n"
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
VOICE = "Sprachnachrichten verstehe ich noch nicht, bitte schreiben Sie kurz."
VIDEO = "Videos kann ich noch nicht ansehen. Bitte schreiben Sie kurz oder senden Sie ein Foto."
STICKER = "Danke für den Sticker! Ich verstehe aber nur Text, Fotos und Standorte. Wobei kann ich helfen?"
CONTACT = "Kontaktdaten brauche ich nicht, ich habe sie nicht gespeichert. Schreiben Sie mir Ihr Anliegen bitte als Text."
POLL = "Umfragen kann ich nicht beantworten. Schreiben Sie mir Ihr Anliegen bitte als Text."
EDITED = "Geänderte Nachrichten kann ich leider nicht übernehmen. Bitte senden Sie die Korrektur als neue Nachricht."
UNKNOWN_FILE = "Diese Datei kann ich nicht öffnen. Ich verstehe Text, Standorte und Fotos (JPEG, PNG, WebP)."
UNKNOWN_MESSAGE = "Damit kann ich leider nichts anfangen. Ich verstehe Text, Fotos und Standorte."
UNKNOWN_COMMAND = f"Diesen Befehl kenne ich nicht. Ich verstehe: {COMMAND_LIST}"
GROUP_ONLY_PRIVATE = "Ich arbeite nur im privaten Chat, damit Ihre Meldungen nicht alle mitlesen.\nSchreiben Sie mir direkt: @{username}"

# An answer takes longer than bot/config.py SLOW_NOTE_AFTER (the assistant is busy): nothing is lost.
SLOW_ANSWER = "Ihre Nachricht ist angekommen. Die Antwort dauert gerade etwas länger, bitte einen Moment Geduld."
