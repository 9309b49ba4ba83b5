"""Admin pages of a message to participants: preview and send, and the log of what was sent to whom."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from networks.services import ServiceError

from . import messaging
from .models import ParticipantMessage


def _message_manager(request, pk) -> ParticipantMessage:
    if not request.user.has_perm("trainings.change_participantmessage"):
        raise PermissionDenied
    return get_object_or_404(
        ParticipantMessage.objects.select_related("event", "working_group", "campaign", "project"), pk=pk
    )


@require_http_methods(["GET", "POST"])
def preview(request, pk):
    message = _message_manager(request, pk)
    if message.sent_at is not None:
        return redirect("trainings_message:sent", message.pk)
    if request.method == "POST":
        try:
            count = messaging.message_send(message=message, sent_by=request.user)
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("trainings_message:preview", message.pk)
        messages.success(request, _("The message is on its way to %(count)s people.") % {"count": count})
        return redirect("trainings_message:sent", message.pk)
    people = messaging.audience(message)
    return render(
        request,
        "trainings/admin/message_preview.html",
        {
            "message": message,
            "versions": messaging.preview_versions(message),
            "recipients": people.recipients,
            "without_contact": people.without_contact,
            "reply_to": settings.AKE_REPLY_TO_EMAIL,
        },
    )


def sent(request, pk):
    message = _message_manager(request, pk)
    recipients = list(message.recipients.select_related("outbox").order_by("email"))
    return render(
        request, "trainings/admin/message_sent.html", {"message": message, "recipients": recipients}
    )
