"""What an SMTP failure means for an outbox row: try again later, or give up (and why)."""

import smtplib
from dataclasses import dataclass


@dataclass(frozen=True)
class SmtpFailure:
    temporary: bool  # 4xx replies, a dropped connection, a timeout: the same message may go later
    address_is_bad: bool  # a 5xx refusal of the recipient: nothing more should be sent to it
    text: str


def smtp_failure(error: Exception) -> SmtpFailure:
    """Classify by the reply code (RFC 5321 4.2.1): 4xx is transient, 5xx permanent.

    The exception type alone does not say it: SMTPRecipientsRefused carries a 421 as often as a 550,
    and SMTPDataError a 554 as often as a 451.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(error.recipients.values()))
        text = f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
        return SmtpFailure(temporary=400 <= code < 500, address_is_bad=code >= 500, text=text)
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
        reply = error.smtp_error
        text = f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
        return SmtpFailure(temporary=not (500 <= code < 600), address_is_bad=False, text=text)
    return SmtpFailure(temporary=True, address_is_bad=False, text=repr(error))  # dropped, timed out
