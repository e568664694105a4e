"""E-mail backends for tests, chosen through settings.EMAIL_BACKEND like any real one."""

import smtplib

from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend


class UnreachableMailboxBackend(EmailBackend):
    """Django's locmem backend (messages land in `mail.outbox`), except that a message to an
    address listed in settings.UNREACHABLE_MAILBOXES fails the way a mail server that went away
    does (an error, or nothing sent with fail_silently), so tests exercise the real sending code
    against a failing server."""

    def send_messages(self, messages):
        unreachable = set(settings.UNREACHABLE_MAILBOXES)
        if any(unreachable.intersection(message.recipients()) for message in messages):
            if self.fail_silently:
                return 0
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
