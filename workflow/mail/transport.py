"""Where e-mail goes: an SMTP server (MAIL_SERVER), or the local mailbox table when none is set.

Failures are sorted into temporary (try again later: the server is down, busy, or answers 4xx)
and permanent (5xx for this recipient or message: trying again cannot help). Error texts carry
the kind and code only, never credentials.
"""
from __future__ import annotations

import smtplib
import ssl

from workflow.mail.compose import Mail
from workflow.models import MailboxMessage


class DeliveryFailure(Exception):
    def __init__(self, summary: str):
        super().__init__(summary)
        self.summary = summary[:200]


class TemporaryFailure(DeliveryFailure):
    pass


class PermanentFailure(DeliveryFailure):
    pass


class SmtpTransport:
    """One connection per batch, opened at the first message and reopened after a failure."""

    def __init__(self, config: dict):
        self.host = config["MAIL_SERVER"]
        self.port = int(config.get("MAIL_PORT") or 25)
        self.use_ssl = bool(config.get("MAIL_USE_SSL"))
        self.use_tls = bool(config.get("MAIL_USE_TLS"))
        self.username = config.get("MAIL_USERNAME")
        self.password = config.get("MAIL_PASSWORD")
        self.timeout = float(config.get("MAIL_TIMEOUT") or 30)
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def send(self, mail: Mail, notification_ids: list[int], now) -> None:
        """Hand the message to the server; returns None (nothing to keep locally)."""
        try:
            self._connection().send_message(mail.message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            self._fail(exc, codes[0] if codes else None, permanent=bool(codes) and min(codes) >= 500)
        except smtplib.SMTPNotSupportedError as exc:  # e.g. an address that needs SMTPUTF8, which it lacks
            self._fail(exc, None, permanent=True)
        except smtplib.SMTPDataError as exc:
            self._fail(exc, exc.smtp_code, permanent=exc.smtp_code >= 500)
        except smtplib.SMTPResponseException as exc:  # sender refused, HELO, auth: our side; retry
            self._fail(exc, exc.smtp_code, permanent=False)
        except (smtplib.SMTPException, OSError) as exc:  # refused, reset, timeout, disconnected
            self._fail(exc, None, permanent=False)
        except (ValueError, UnicodeError) as exc:  # a message smtplib cannot put on the wire at all
            self._fail(exc, None, permanent=True)

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            if self.use_ssl:
                smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                        context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.use_tls:
                    smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password or "")
            self._smtp = smtp
        return self._smtp

    def _fail(self, exc: Exception, code: int | None, permanent: bool) -> None:
        if self._smtp is not None:  # the session's state is unknown: start afresh next time
            try:
                self._smtp.close()
            finally:
                self._smtp = None
        summary = type(exc).__name__ + (f" {code}" if code else "")
        raise (PermanentFailure if permanent else TemporaryFailure)(summary) from exc


class MailboxTransport:
    """The embedded default: the message becomes a row that admins read in the application. `send`
    returns the row unsaved; the sender stores it in the transaction that marks its notifications
    sent."""

    def __enter__(self) -> MailboxTransport:
        return self

    def __exit__(self, *exc) -> None:
        pass

    def send(self, mail: Mail, notification_ids: list[int], now) -> MailboxMessage:
        return MailboxMessage(
            message_id=mail.message_id,
            recipient=mail.to,
            subject=mail.subject,
            text_body=mail.text,
            html_body=mail.html,
            notification_ids=notification_ids,
            created_at=now,
        )


def open_transport(config: dict) -> SmtpTransport | MailboxTransport:
    return SmtpTransport(config) if config.get("MAIL_SERVER") else MailboxTransport()
