"""Free texts quoted in mails carry their language (issue #14): a Finnish refusal reason in a Swedish
mail, a Swedish join message in AKE's Finnish mail. Mails are plain text, which cannot mark a
language within it, so such a mail gets an HTML part whose quote is a ``<span lang>`` (WCAG 3.1.2);
a mail whose quotes are in its own language stays text only."""

import pytest
from django.core.mail import EmailMessage
from django.test import TestCase
from django.utils import timezone

from ake.languages import mark_quoted_languages
from ake.models import OutboxMail
from loans.services import kit_booking_create, kit_booking_refuse
from networks.models import WorkingGroup
from networks.services import group_join_request_create, rotation_wish_create

from .conftest import make_user
from .loans.conftest import COLLECTED, days, ensure_game_rule, make_kit

pytestmark = pytest.mark.django_db


def _mail(purpose: str) -> OutboxMail:
    return OutboxMail.objects.filter(purpose=purpose).latest("pk")


def test_a_quote_in_another_language_is_marked_in_an_html_part_escaped():
    message = EmailMessage(
        "Ärende",
        "Hej,\n\nMotivering: Salkku <b>on</b> huollossa.\nToinen rivi.\n\nHälsningar",
        None,
        ["a@example.org"],
    )
    marked = mark_quoted_languages(message, [("Salkku <b>on</b> huollossa.\nToinen rivi.", "fi")], "sv")
    assert marked.body == message.body  # the plain-text part unchanged
    html, mimetype = marked.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="sv">' in html
    assert '<span lang="fi">Salkku &lt;b&gt;on&lt;/b&gt; huollossa.<br>Toinen rivi.</span>' in html
    assert "<p>Hej,</p>" in html and "<p>Hälsningar</p>" in html
    # Quotes in the mail's own language, or not quoted at all, leave the mail as it was.
    assert mark_quoted_languages(message, [("Salkku <b>on</b> huollossa.", "sv")], "sv") is message
    assert mark_quoted_languages(message, [("Ei tässä viestissä", "fi")], "sv") is message


def test_a_finnish_refusal_in_a_swedish_mail_is_marked(libraries, editor):
    swedish = make_user("anna.lind@kaarina.fi", library=libraries["kaarina"], language="sv")
    finnish = make_user("maija.makela@kaarina.fi", library=libraries["kaarina"], language="fi")
    ensure_game_rule()
    kit = make_kit()
    today = timezone.localdate()
    for start, booker in ((400, swedish), (420, finnish)):  # beyond the year ahead: waits for AKE
        booking = kit_booking_create(
            kit=kit,
            library=booker.library,
            booked_by=booker,
            pickup_date=days(today, start),
            return_date=days(today, start + 4),
            delivery=COLLECTED,
        )
        kit_booking_refuse(booking=booking, by=editor, reason="Salkku on silloin huollossa.")
    to_swedish, to_finnish = OutboxMail.objects.filter(purpose="loans.booking.refused").order_by("pk")
    assert to_swedish.recipients == [swedish.email]
    assert "Salkku on silloin huollossa." in to_swedish.body
    assert '<html lang="sv">' in to_swedish.html
    assert '<span lang="fi">Salkku on silloin huollossa.</span>' in to_swedish.html
    assert to_finnish.recipients == [finnish.email]
    assert to_finnish.html == ""  # all Finnish: text only, as before


def test_a_swedish_message_in_akes_finnish_mail_is_marked(libraries):
    swedish = make_user("anna.lind@kaarina.fi", library=libraries["kaarina"], language="sv")
    group = WorkingGroup.objects.get(slug="suunnitteluryhma")  # not open: AKE is told by mail
    with TestCase.captureOnCommitCallbacks(execute=True):
        group_join_request_create(group=group, user=swedish, message="Jag representerar Kaarina.")
        rotation_wish_create(person=swedish, interests="Barnbiblioteksarbete", timing="I mars")
    join = _mail("networks.join_request")
    assert '<html lang="fi">' in join.html
    assert '<span lang="sv">Jag representerar Kaarina.</span>' in join.html
    wish = _mail("networks.rotation_wish")
    assert '<span lang="sv">Barnbiblioteksarbete</span>' in wish.html
    assert '<span lang="sv">I mars</span>' in wish.html


def test_a_finnish_cancellation_reason_in_a_swedish_event_mail_is_marked(libraries):
    """The reason an event was cancelled is written in one language or more; a reader whose language
    it lacks gets the Finnish one, which the mail's HTML part marks (the Swedish title is their own)."""
    from tests.trainings.conftest import make_event
    from trainings import services
    from trainings.emails import build_message
    from trainings.models import EventMail

    event = make_event(title="Saavutettava viestintä", title_sv="Tillgänglig kommunikation", seats_on_site=5)
    for address, language in (("anna.lind@kaarina.fi", "sv"), ("maija.makela@kaarina.fi", "fi")):
        person = make_user(address, library=libraries["kaarina"], language=language)
        services.registration_create(
            event=event,
            user=person,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            library=person.library,
            language=language,
        )
    services.event_cancel(event=event, reason="Kouluttaja sairastui.")
    mails = EventMail.objects.filter(event=event, kind=EventMail.Kind.EVENT_CANCELLED)
    built = {mail.language: build_message(mail) for mail in mails}
    swedish, finnish = built["sv"], built["fi"]
    assert "Kouluttaja sairastui." in swedish.body
    html, mimetype = swedish.alternatives[0]
    assert mimetype == "text/html" and '<html lang="sv">' in html
    assert '<span lang="fi">Kouluttaja sairastui.</span>' in html
    assert "Tillgänglig kommunikation" in html and '<span lang="fi">Tillgänglig' not in html
    # Still the iTIP cancellation that removes the event from the calendar.
    assert [attachment[0] for attachment in swedish.attachments] == ["event.ics"]
    assert not getattr(finnish, "alternatives", None)  # all Finnish: text only, as before
