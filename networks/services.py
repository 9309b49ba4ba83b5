import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import AccessRequest, User
from .privacy import erasers, exporters

logger = logging.getLogger(__name__)

ACCESS_REQUEST_NOT_PENDING = _("This access request has already been decided.")
ACCESS_REQUEST_EMAIL_TAKEN = _("An account with this email address exists already.")


class ServiceError(Exception):
    """A rule of the domain refused the action; the message is for the user."""


@transaction.atomic
def access_request_create(
    *, email, first_name, last_name, library, reason, raw_password, language
) -> AccessRequest:
    request = AccessRequest(
        email=email.lower(),
        first_name=first_name,
        last_name=last_name,
        library=library,
        reason=reason,
        language=language,
        password_hash=make_password(raw_password),
    )
    request.full_clean(exclude=["password_hash"])
    request.save()
    transaction.on_commit(lambda: _notify_ake_of_access_request(request.pk))
    return request


def _notify_ake_of_access_request(request_id: int) -> None:
    request = AccessRequest.objects.get(pk=request_id)
    body = render_to_string("networks/email/access_request_new.txt", {"access_request": request})
    try:
        send_mail(_("New access request to the extranet"), body, None, [settings.AKE_CONTACT_EMAIL])
    except OSError:
        # The request is saved and listed in the admin; a lost notice mail loses nothing.
        logger.exception("access request notification failed", extra={"access_request": request_id})


@transaction.atomic
def access_request_approve(*, access_request: AccessRequest, decided_by: User, library=None) -> User:
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if access_request.status != AccessRequest.Status.PENDING:
        raise ServiceError(ACCESS_REQUEST_NOT_PENDING)
    if User.objects.filter(email__iexact=access_request.email).exists():
        raise ServiceError(ACCESS_REQUEST_EMAIL_TAKEN)
    user = User(
        email=access_request.email,
        first_name=access_request.first_name,
        last_name=access_request.last_name,
        library=library or access_request.library,
        language=access_request.language,
        password=access_request.password_hash,
    )
    user.save()
    from django.contrib.auth.models import Group

    from .roles import LIBRARY_STAFF

    user.groups.add(Group.objects.get(name=LIBRARY_STAFF))
    # The address has not been proven yet: the person verifies it before the first login.
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    access_request.status = AccessRequest.Status.APPROVED
    access_request.decided_by = decided_by
    access_request.decided_at = timezone.now()
    access_request.password_hash = ""
    access_request.save()
    transaction.on_commit(lambda: _send_verification(address.pk))
    return user


def _send_verification(address_id: int) -> None:
    address = EmailAddress.objects.select_related("user").get(pk=address_id)
    with translation.override(address.user.language):
        address.send_confirmation(request=None, signup=False)


@transaction.atomic
def access_request_reject(*, access_request: AccessRequest, decided_by: User, note: str) -> AccessRequest:
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if access_request.status != AccessRequest.Status.PENDING:
        raise ServiceError(ACCESS_REQUEST_NOT_PENDING)
    access_request.status = AccessRequest.Status.REJECTED
    access_request.decision_note = note
    access_request.decided_by = decided_by
    access_request.decided_at = timezone.now()
    access_request.password_hash = ""
    access_request.save()
    email, language = access_request.email, access_request.language

    def notify():
        with translation.override(language):
            body = render_to_string(
                "networks/email/access_request_rejected.txt",
                {"note": note, "AKE_CONTACT_EMAIL": settings.AKE_CONTACT_EMAIL},
            )
            send_mail(_("Your access request to the extranet"), body, None, [email])

    transaction.on_commit(notify)
    return access_request


def user_data_export(*, user: User) -> dict:
    data = {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "title": user.title,
            "phone": user.phone,
            "library": user.library.name_fi if user.library else None,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": list(
                EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
            ),
        }
    }
    for section, exporter in sorted(exporters().items()):
        data[section] = exporter(user)
    return data


@transaction.atomic
def user_erase(*, user: User) -> None:
    """Deletes the account; other apps anonymise what the yearly indicators still count."""
    for eraser in erasers().values():
        eraser(user)
    AccessRequest.objects.filter(email__iexact=user.email).delete()
    user.delete()
