"""Email messages of the extranet: list mail (notices, digests) and transactional mail.

List mail carries RFC 8058 one-click unsubscribe headers and a Message-ID derived from the delivery
row, so that a copy sent twice (a worker killed between the SMTP server's acceptance and our commit)
is recognisable as the same message. Transactional mail carries no list headers. No tracking.
"""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ake.context_processors import site_name
from ake.outbox import subject_with_prefix
from ake.sanitize import header_text

from .tokens import subscription_token


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def mail_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rsplit("@", 1)[-1] or "localhost"


def delivery_message_id(delivery) -> str:
    return f"<{delivery.kind}-{delivery.pk}@{mail_domain()}>"


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return site_url(reverse(name, kwargs=kwargs))


def subscription_links(subscription) -> dict:
    language = subscription.language
    return {
        "manage_url": _url(
            "extranet:subscription_manage", language, token=subscription_token(subscription, "manage")
        ),
        "unsubscribe_url": _url(
            "extranet:unsubscribe", language, token=subscription_token(subscription, "unsubscribe")
        ),
    }


def page_absolute_url(page) -> str:
    parts = page.get_url_parts()
    return site_url(parts[2]) if parts else site_url("/")


def _list_message(*, subject, template, context, subscription, message_id, connection):
    language = subscription.language
    links = subscription_links(subscription)
    with translation.override(language):
        context = {**context, **links, "subscription": subscription, "SITE_NAME": site_name()}
        text = render_to_string(f"extranet/email/{template}.txt", context)
        html = render_to_string(f"extranet/email/{template}.html", context)
        list_id = _("AKE extranet notices")
    message = EmailMultiAlternatives(
        subject=header_text(subject_with_prefix(subject)),
        body=text,
        to=[subscription.email],
        connection=connection,
        headers={
            "Message-ID": message_id,
            "List-Id": f"{list_id} <notices.{mail_domain()}>",
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def notice_message(*, delivery, notice, connection=None) -> EmailMultiAlternatives:
    from .page_trees import untranslated_language

    # An alias shows the Finnish text: the mail marks it as Finnish (lang="fi") around it.
    context = {
        "notice": notice,
        "notice_url": page_absolute_url(notice),
        "content_lang": untranslated_language(notice),
    }
    return _list_message(
        subject=notice.title,
        template="notice",
        context=context,
        subscription=delivery.subscription,
        message_id=delivery_message_id(delivery),
        connection=connection,
    )


def digest_message(*, delivery, notices, connection=None) -> EmailMultiAlternatives:
    subscription = delivery.subscription
    with translation.override(subscription.language):
        subject = _("Notices of the week starting %(date)s") % {
            "date": delivery.digest_week.strftime("%-d.%-m.%Y")
        }
    from .page_trees import untranslated_language

    items = [
        {"notice": notice, "url": page_absolute_url(notice), "lang": untranslated_language(notice)}
        for notice in notices
    ]
    return _list_message(
        subject=subject,
        template="digest",
        context={"items": items, "week": delivery.digest_week},
        subscription=subscription,
        message_id=delivery_message_id(delivery),
        connection=connection,
    )


def confirmation_message(*, subscription, already_active: bool) -> EmailMultiAlternatives:
    """Transactional: no list headers."""
    language = subscription.language
    with translation.override(language):
        if already_active:
            subject = _("Your notice subscription")
            url = _url(
                "extranet:subscription_manage", language, token=subscription_token(subscription, "manage")
            )
        else:
            subject = _("Confirm your notice subscription")
            url = _url(
                "extranet:subscription_confirm", language, token=subscription_token(subscription, "confirm")
            )
        body = render_to_string(
            "extranet/email/confirm.txt",
            {"url": url, "already_active": already_active, "SITE_NAME": site_name()},
        )
    return EmailMultiAlternatives(subject=subject_with_prefix(subject), body=body, to=[subscription.email])
