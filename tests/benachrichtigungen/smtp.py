"""A real SMTP server for the mail tests (aiosmtpd on a free port, in a thread): it accepts,
or refuses the next N messages with 451, and keeps what it accepted, parsed."""

import email
import email.policy
import re
import time

from aiosmtpd.controller import Controller

from tests.server import freier_port


class Postfach:
    def __init__(self):
        self.nachrichten = []
        self.roh = []  # the bytes as sent
        self.ablehnen = 0
        self.abgelehnt = 0

    async def handle_DATA(self, server, session, envelope):
        if self.ablehnen > 0:
            self.ablehnen -= 1
            self.abgelehnt += 1
            return "451 4.3.0 Bitte spaeter noch einmal"
        nachricht = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.nachrichten.append((list(envelope.rcpt_tos), nachricht))
        self.roh.append(envelope.content)
        return "250 OK"

    def an(self, adresse):
        return [n for rcpt, n in self.nachrichten if adresse in rcpt]

    def warten(self, anzahl, sekunden=20):
        ende = time.monotonic() + sekunden
        while len(self.nachrichten) < anzahl and time.monotonic() < ende:
            time.sleep(0.05)
        return self.nachrichten


def text(nachricht) -> str:
    return nachricht.get_body(preferencelist=("plain",)).get_content()


def link(nachricht, art: str) -> str:
    """The path of the first link to /…/benachrichtigungen/<art>/… in the mail."""
    treffer = re.search(
        r"https?://[^/\s]+(/\S*benachrichtigungen/" + art + r"/\S+/)", text(nachricht)
    )
    assert treffer, f"no {art} link in:\n{text(nachricht)}"
    return treffer.group(1)


def smtp_server():
    postfach = Postfach()
    controller = Controller(postfach, hostname="127.0.0.1", port=freier_port())
    controller.start()
    return controller, postfach


def mailer(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
