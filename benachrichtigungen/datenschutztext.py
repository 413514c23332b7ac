"""The section of the privacy statement about following by mail (ADR 0008), in German and
English. The fixture (fixtures/inhaltsseiten.json) has it for new installations; migration
0002 adds it to an existing Datenschutz page that does not have it yet."""

MARKE = "<h2>Benachrichtigungen per E-Mail</h2>"
MARKE_EN = "<h2>Notifications by e-mail</h2>"

ABSCHNITT = (
    MARKE + "\n"
    "<p>Sie können sich per E-Mail benachrichtigen lassen, wenn es zu einer Kernaktivität, einer "
    "Kompetenz, einem Schwerpunkt, einem Nachhaltigkeitsziel, dem Beschlussregister oder einer "
    "Suche im Katalog Neuigkeiten gibt. Dafür speichern wir Ihre E-Mail-Adresse, was Sie "
    "verfolgen, die Sprache, in der Sie sich angemeldet haben, ob Sie sofort oder einmal pro Woche "
    "benachrichtigt werden möchten, und wann Sie sich angemeldet und bestätigt haben.</p>\n"
    "<p><strong>Zweck:</strong> Wir verwenden die Adresse nur, um Ihnen diese Benachrichtigungen "
    "zu schicken. Die E-Mails enthalten nur, was auf dem Portal ohnehin öffentlich ist. Wir geben "
    "die Adresse nicht weiter und werten sie nicht aus. Im Backoffice sieht das Referat nur "
    "Zahlen (wie viele Adressen was verfolgen), keine Adressen; eine einzelne Adresse sucht es nur "
    "heraus, wenn Sie Auskunft oder Löschung verlangen.</p>\n"
    "<p><strong>Rechtsgrundlage</strong> ist Ihre Einwilligung (Art. 6 Abs. 1 Buchstabe a "
    "DSGVO). Sie geben sie mit dem Link in der Bestätigungs-E-Mail (Double-Opt-in) und können sie "
    "jederzeit mit Wirkung für die Zukunft widerrufen.</p>\n"
    "<p><strong>Speicherdauer und Löschung:</strong> Bestätigen Sie nicht innerhalb von 48 "
    "Stunden, löschen wir Ihre Adresse automatisch. Sonst speichern wir sie, bis Sie sich "
    "abmelden. Jede E-Mail enthält einen Link, mit dem Sie sich mit einem Klick abmelden; dabei "
    "löschen wir Ihre Adresse mit allen Abonnements und noch nicht versandten Benachrichtigungen "
    "sofort. Auf der Seite zur Verwaltung (Link in jeder E-Mail) wählen Sie zwischen sofortiger "
    "und wöchentlicher Benachrichtigung und beenden einzelne Abonnements.</p>\n"
    "<p>Zum Schutz vor Missbrauch zählen wir eine Stunde lang, wie oft von einem Internetanschluss "
    "und für eine E-Mail-Adresse Benachrichtigungen angefordert wurden. Dafür speichern wir nur "
    "einen Prüfwert (Hash) der IP-Adresse und der E-Mail-Adresse, der nach einer Stunde gelöscht "
    "wird. Rechtsgrundlage dafür ist Art. 6 Abs. 1 Buchstabe e DSGVO in Verbindung mit § 3 DSG "
    "NRW. Die Seiten zur Anmeldung und Verwaltung setzen das Cookie „csrftoken“ (siehe "
    "„Cookies“).</p>"
)

ABSCHNITT_EN = (
    MARKE_EN + "\n"
    "<p>You can be notified by e-mail when there is news about a core activity, a competence, a "
    "focus area, a Sustainable Development Goal, the register of council decisions or a search in "
    "the catalogue. For this we store your e-mail address, what you follow, the language in which "
    "you subscribed, whether you want to be notified at once or once a week, and when you "
    "subscribed and confirmed.</p>\n"
    "<p><strong>Purpose:</strong> we use the address only to send you these notifications. The "
    "mails contain only what is public on the portal anyway. We do not pass the address on and do "
    "not analyse it. In the back office the Referat sees only figures (how many addresses follow "
    "what), no addresses; it looks up a single address only when you ask for information or "
    "deletion.</p>\n"
    "<p><strong>Legal basis</strong> is your consent (Art. 6(1)(a) GDPR). You give it with the "
    "link in the confirmation mail (double opt-in) and can withdraw it at any time with effect "
    "for the future.</p>\n"
    "<p><strong>Storage period and deletion:</strong> if you do not confirm within 48 hours, we "
    "delete your address automatically. Otherwise we keep it until you unsubscribe. Every mail "
    "contains a link to unsubscribe with one click; we then delete your address with all "
    "subscriptions and notifications not yet sent at once. On the management page (linked in "
    "every mail) you choose between immediate and weekly notifications and end single "
    "subscriptions.</p>\n"
    "<p>To prevent abuse we count for one hour how often notifications were requested from one "
    "internet connection and for one e-mail address. For this we store only a check value "
    "(hash) of the IP address and of the e-mail address, deleted after one hour. The legal basis "
    "for this is Art. 6(1)(e) GDPR in conjunction with § 3 DSG NRW. The pages to subscribe and "
    "to manage subscriptions set the cookie “csrftoken” (see “Cookies”).</p>"
)


def einfuegen(inhalt: str, abschnitt: str, marke: str) -> str:
    """``inhalt`` with the section before "Ihre Rechte"/"Your rights" (else at the end)."""
    if marke in inhalt:
        return inhalt
    for rechte in ("<h2>Ihre Rechte</h2>", "<h2>Your rights</h2>"):
        if rechte in inhalt:
            return inhalt.replace(rechte, abschnitt + "\n" + rechte, 1)
    return inhalt + "\n" + abschnitt
