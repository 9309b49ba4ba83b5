"""Issue #15 item 4: re-subscribing while logged in applies the new choices; every mail subject has a
recognisable prefix; the Finnish confirmation reads "…extranetin tiedotteet"."""

from email.header import decode_header, make_header

import pytest
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse

from tests.conftest import make_user, message_text

from .conftest import make_subscription

pytestmark = pytest.mark.django_db

PREFIX = "[AKE-extranet] "


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"]))).replace("\r\n", "").strip()


def test_a_logged_in_subscriber_subscribing_again_gets_the_new_choices_at_once(
    client, libraries, categories, mailbox, django_capture_on_commit_callbacks
):
    from extranet.models import Subscription

    person = make_user("aino@kaarina.fi", library=libraries["kaarina"])
    subscription = make_subscription(person.email, rhythm="immediate", categories=[categories["groups"]])
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fi/subscribe/",
            {
                "email": person.email,
                "language": "sv",
                "rhythm": "weekly",
                "categories": [categories["trainings"].pk, categories["materials"].pk],
            },
        )
    assert response.status_code == 302 and "/subscribe/manage/" in response.url
    subscription.refresh_from_db()
    assert (subscription.status, subscription.rhythm, subscription.language) == (
        Subscription.Status.ACTIVE,
        "weekly",
        "sv",
    )
    assert set(subscription.categories.values_list("slug", flat=True)) == {"trainings", "materials"}
    assert subscription.user == person
    assert mailbox.wait_for(1, timeout=1) == []  # nothing to confirm: "check your mail" was wrong
    page = client.get(response.url).content.decode()
    assert "Tilauksesi noudattaa nyt uusia valintojasi." in page


def test_someone_else_or_an_anonymous_visitor_changes_nothing(
    client, libraries, categories, mailbox, django_capture_on_commit_callbacks
):
    owner = "aino@kaarina.fi"
    subscription = make_subscription(owner, rhythm="immediate")
    other = make_user("toinen@kaarina.fi", library=libraries["kaarina"])
    client.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fi/subscribe/", {"email": owner, "language": "fi", "rhythm": "weekly"})
    assert response.url == "/fi/subscribe/sent/"
    subscription.refresh_from_db()
    assert subscription.rhythm == "immediate"
    assert "/subscribe/manage/" in message_text(mailbox.wait_for(1)[0])


def test_the_finnish_confirmation_says_extranetin_tiedotteet(mailbox, django_capture_on_commit_callbacks):
    from extranet.services import subscription_request

    with django_capture_on_commit_callbacks(execute=True):
        subscription_request(email="uusi@kaarina.fi", language="fi")
        make_subscription("vanha@kaarina.fi")
        subscription_request(email="vanha@kaarina.fi", language="fi")
    texts = [message_text(m) for m in mailbox.wait_for(2)]
    assert "pyysi Lounais-Suomen kirjastojen extranetin tiedotteita" in " ".join(texts[0].split())
    assert "tulevat jo Lounais-Suomen kirjastojen extranetin tiedotteet" in " ".join(texts[1].split())
    assert not any("palvelun" in text for text in texts)


def test_every_kind_of_mail_has_the_subject_prefix(
    client, libraries, mailbox, settings, django_capture_on_commit_callbacks
):
    from ake.outbox import outbox_enqueue
    from extranet.services import subscription_request
    from tests.trainings.conftest import make_event
    from trainings import services

    assert PREFIX.strip() == settings.AKE_MAIL_SUBJECT_PREFIX
    person = make_user("maija@kaarina.fi", library=libraries["kaarina"])
    event = make_event(seats_on_site=5)
    with django_capture_on_commit_callbacks(execute=True):
        subscription_request(email="tilaaja@kaarina.fi")  # extranet confirmation (outbox)
        services.registration_create(  # event mail (trainings.EventMail)
            event=event,
            email=person.email,
            first_name="Maija",
            last_name="M",
            library=person.library,
            user=person,
        )
        with transaction.atomic():  # an outbox mail whose subject has the prefix already: once only
            outbox_enqueue(EmailMessage(PREFIX + "Valmis", "b", None, ["x@kaarina.fi"]), purpose="test")
        client.post(  # allauth's verification mail
            reverse("account_signup"),
            {
                "email": "uusi@kaarina.fi",
                "first_name": "Uusi",
                "last_name": "K",
                "password1": "Kirjasto-salasana-2024",
                "password2": "Kirjasto-salasana-2024",
            },
        )
    subjects = [subject(m) for m in mailbox.wait_for(4)]
    assert len(subjects) == 4, subjects
    assert all(s.startswith(PREFIX) and not s.startswith(PREFIX + PREFIX.strip()) for s in subjects), subjects
