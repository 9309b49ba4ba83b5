import datetime
import re
from email.header import decode_header, make_header

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import message_text

from .conftest import make_notice, make_subscription

pytestmark = pytest.mark.django_db


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _link(message, kind):
    return re.search(rf"http://[^\s\"<>]+/{kind}/[^\s\"<>]+/", message_text(message)).group(0)


def _path(url):
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def publish(index, title, capture, **kwargs):
    with capture(execute=True):
        return make_notice(index, title, **kwargs)


def test_double_opt_in_confirmation_is_required_before_any_notice(
    client, notice_index, mailbox, django_capture_on_commit_callbacks
):
    from extranet.models import Subscription

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fi/subscribe/", {"email": "Liisa@Salo.fi", "language": "fi", "rhythm": "immediate"}
        )
    assert response.status_code == 302
    subscription = Subscription.objects.get(email="liisa@salo.fi")
    assert subscription.status == Subscription.Status.PENDING
    [confirmation] = mailbox.to("liisa@salo.fi")
    assert confirmation["List-Unsubscribe"] is None  # transactional mail carries no list headers
    mailbox.clear()

    publish(notice_index, "Ennen vahvistusta", django_capture_on_commit_callbacks)
    assert mailbox.to("liisa@salo.fi") == []

    confirm_path = _path(_link(confirmation, "subscribe/confirm"))
    assert client.get(confirm_path).status_code == 200  # a scanner's GET changes nothing
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING
    assert client.post(confirm_path).status_code == 302
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE and subscription.confirmed_at

    publish(notice_index, "Vahvistuksen jälkeen", django_capture_on_commit_callbacks)
    [notice_mail] = mailbox.wait_for(1)
    assert "Vahvistuksen jälkeen" in subject(notice_mail)
    assert notice_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "".join(notice_mail["List-Unsubscribe"].split()).startswith("<http")
    assert re.fullmatch(r"<notice-\d+@ake\.example\.fi>", notice_mail["Message-ID"])
    types = {part.get_content_type() for part in notice_mail.walk()}
    assert {"text/plain", "text/html"} <= types


def test_subscribing_an_active_address_reveals_nothing_and_changes_nothing(
    client, mailbox, django_capture_on_commit_callbacks
):
    from extranet.models import Subscription

    subscription = make_subscription("aino@pori.fi", rhythm="weekly")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fi/subscribe/", {"email": "aino@pori.fi", "language": "sv", "rhythm": "immediate"}
        )
    assert response.status_code == 302 and response.url == "/fi/subscribe/sent/"
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE and subscription.rhythm == "weekly"
    [mail] = mailbox.wait_for(1)
    assert "/subscribe/manage/" in message_text(mail)


def test_invalid_or_expired_links_get_a_clear_page(client, monkeypatch):
    from extranet import tokens

    subscription = make_subscription("old@turku.fi", confirmed=False)
    token = tokens.subscription_token(subscription, "confirm")
    assert client.get(f"/fi/subscribe/confirm/{token}/").status_code == 200
    assert client.get("/fi/subscribe/confirm/forged-token/").status_code == 400
    monkeypatch.setitem(tokens.MAX_AGE, "confirm", datetime.timedelta(seconds=-1))
    response = client.post(f"/fi/subscribe/confirm/{token}/")
    assert response.status_code == 400
    subscription.refresh_from_db()
    assert subscription.status == "pending"
    # A token for one purpose never works for another.
    manage = tokens.subscription_token(subscription, "manage")
    assert client.get(f"/fi/unsubscribe/{manage}/").status_code == 200
    Client(enforce_csrf_checks=True).post(f"/fi/unsubscribe/{manage}/")
    subscription.refresh_from_db()
    assert subscription.status == "pending"


def test_one_click_unsubscribe_works_without_login_or_csrf_and_stops_later_mail(
    notice_index, mailbox, django_capture_on_commit_callbacks
):
    from extranet.models import Subscription

    subscription = make_subscription("ville@kaarina.fi")
    publish(notice_index, "Ensimmäinen", django_capture_on_commit_callbacks)
    [mail] = mailbox.wait_for(1)
    url = "".join(mail["List-Unsubscribe"].split()).strip("<>")
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(_path(url)).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE  # GET only shows a button
    response = browser.post(
        _path(url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    period = subscription.periods.get()
    assert period.ended_at and period.end_reason == "unsubscribed"
    unknown = browser.post(
        "/fi/unsubscribe/not-a-real-token/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert unknown.status_code == response.status_code and unknown.content == response.content

    mailbox.clear()
    publish(notice_index, "Toinen", django_capture_on_commit_callbacks)
    assert mailbox.to("ville@kaarina.fi") == []


def test_preferences_link_changes_categories_and_rhythm(
    client, notice_index, categories, mailbox, django_capture_on_commit_callbacks
):
    from extranet.tokens import subscription_token

    subscription = make_subscription("sanna@salo.fi")
    path = f"/fi/subscribe/manage/{subscription_token(subscription, 'manage')}/"
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"language": "fi", "rhythm": "immediate", "categories": [categories["trainings"].pk]}
    )
    assert response.status_code == 302
    publish(
        notice_index, "Työryhmäasia", django_capture_on_commit_callbacks, categories=[categories["groups"]]
    )
    publish(
        notice_index, "Koulutusasia", django_capture_on_commit_callbacks, categories=[categories["trainings"]]
    )
    subjects = [subject(m) for m in mailbox.wait_for(1)]
    assert len(subjects) == 1 and "Koulutusasia" in subjects[0]


def test_republishing_an_edit_or_a_translation_sends_no_second_copy(
    notice_index, mailbox, django_capture_on_commit_callbacks
):
    from wagtail.actions.convert_alias import ConvertAliasPageAction
    from wagtail.models import Locale

    from extranet.models import Delivery, NoticePage

    make_subscription("maija@turku.fi")
    make_subscription("anders@pargas.fi", language="sv")
    notice = publish(notice_index, "Tiedote", django_capture_on_commit_callbacks)
    assert len(mailbox.wait_for(2)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        notice.title = "Tiedote (korjattu)"
        notice.save_revision().publish()
        # The Swedish reader's mail made the notice's Swedish alias; the editor turns it into a
        # translation (Wagtail's "Translate" on an alias converts it) and publishes.
        sv_locale, _ = Locale.objects.get_or_create(language_code="sv")
        swedish = notice.get_translation(sv_locale)
        assert swedish.alias_of_id == notice.pk
        ConvertAliasPageAction(swedish).execute(skip_permission_checks=True)
        swedish = NoticePage.objects.get(pk=swedish.pk)
        swedish.title = "Meddelande"
        swedish.save_revision().publish()
    assert len(mailbox.messages) == 2
    assert Delivery.objects.count() == 2


def test_subscriber_gets_the_notice_in_their_language_when_a_translation_exists(
    notice_index, mailbox, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale

    notice = make_notice(notice_index, "Tiedote suomeksi", publish=False)
    sv_locale, _ = Locale.objects.get_or_create(language_code="sv")
    swedish = notice.copy_for_translation(sv_locale, copy_parents=True)
    swedish.title = "Meddelande på svenska"
    swedish.save_revision().publish()
    make_subscription("anders@pargas.fi", language="sv")
    make_subscription("maija@turku.fi", language="fi")
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()
    mailbox.wait_for(2)
    assert "Meddelande på svenska" in subject(mailbox.to("anders@pargas.fi")[0])
    assert "Tiedote suomeksi" in subject(mailbox.to("maija@turku.fi")[0])


def test_n_subscribers_get_exactly_n_messages_over_reused_connections(
    notice_index, mailbox, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail.backends.smtp import EmailBackend

    from extranet.models import Delivery

    connections = []
    original_open = EmailBackend.open

    def counting_open(self):
        opened = original_open(self)
        if opened:
            connections.append(self)
        return opened

    monkeypatch.setattr(EmailBackend, "open", counting_open)
    settings.EXTRANET_DELIVERY_BATCH_SIZE = 7
    for number in range(30):
        make_subscription(f"user{number}@library.fi")
    make_subscription("pending@library.fi", confirmed=False)
    publish(notice_index, "Kaikille", django_capture_on_commit_callbacks)
    messages = mailbox.wait_for(30)
    assert len(messages) == 30
    assert len({m["X-Envelope-To"] for m in messages}) == 30
    assert len(mailbox._envelopes) == 30
    assert Delivery.objects.filter(status="sent").count() == 30
    assert len(connections) == 5  # one SMTP connection per batch of 7, not one per message


def test_temporary_smtp_errors_retry_and_permanent_ones_mark_the_address(
    notice_index, mailbox, django_capture_on_commit_callbacks
):
    from extranet.models import Delivery, Subscription
    from extranet.services import delivery_send_batch

    make_subscription("busy@library.fi")
    gone = make_subscription("gone@library.fi")
    make_subscription("fine@library.fi")
    mailbox.refuse["busy@library.fi"] = "451 4.3.0 Try again later"
    mailbox.refuse["gone@library.fi"] = "550 5.1.1 No such user"
    publish(notice_index, "Virhetesti", django_capture_on_commit_callbacks)
    assert [m["X-Envelope-To"] for m in mailbox.wait_for(1)] == ["fine@library.fi"]
    busy = Delivery.objects.get(subscription__email="busy@library.fi")
    assert busy.status == "pending" and busy.attempts == 1 and busy.next_attempt_at > timezone.now()
    assert "451" in busy.last_error
    failed = Delivery.objects.get(subscription=gone)
    gone.refresh_from_db()
    assert failed.status == "failed" and gone.status == Subscription.Status.UNDELIVERABLE

    mailbox.refuse.clear()
    Delivery.objects.filter(pk=busy.pk).update(next_attempt_at=timezone.now())
    delivery_send_batch()
    busy.refresh_from_db()
    assert busy.status == "sent" and busy.attempts == 2
    assert len(mailbox.to("busy@library.fi")) == 1


def test_sweeper_requeues_rows_stuck_in_sending(notice_index, mailbox, django_capture_on_commit_callbacks):
    from extranet.models import Delivery
    from extranet.services import delivery_sweep

    make_subscription("a@library.fi")
    make_subscription("b@library.fi")
    with django_capture_on_commit_callbacks(execute=False):
        make_notice(notice_index, "Jumissa")  # dispatch never happens: as if the broker were down
    stale = timezone.now() - datetime.timedelta(hours=1)
    Delivery.objects.filter(subscription__email="a@library.fi").update(status="sending", claimed_at=stale)
    with django_capture_on_commit_callbacks(execute=True):
        result = delivery_sweep()
    assert result["requeued"] == 1
    assert sorted(m["X-Envelope-To"] for m in mailbox.wait_for(2)) == ["a@library.fi", "b@library.fi"]


def test_weekly_digest_sends_one_message_with_the_weeks_notices(
    notice_index, mailbox, categories, django_capture_on_commit_callbacks
):
    from extranet.services import digest_weekly_create, week_start

    make_subscription("weekly@library.fi", rhythm="weekly")
    make_subscription("trainings@library.fi", rhythm="weekly", categories=[categories["trainings"]])
    week = week_start(timezone.localdate()) - datetime.timedelta(days=7)
    monday = timezone.make_aware(datetime.datetime.combine(week, datetime.time(9)))
    publish(
        notice_index,
        "Viikon koulutus",
        django_capture_on_commit_callbacks,
        published_at=monday,
        categories=[categories["trainings"]],
    )
    publish(
        notice_index,
        "Viikon ryhmä",
        django_capture_on_commit_callbacks,
        published_at=monday + datetime.timedelta(days=2),
        categories=[categories["groups"]],
    )
    assert mailbox.messages == []  # weekly subscribers get no immediate mail
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_weekly_create(week=week) == 2
    mailbox.wait_for(2)
    everything = message_text(mailbox.to("weekly@library.fi")[0])
    assert "Viikon koulutus" in everything and "Viikon ryhmä" in everything
    only_trainings = message_text(mailbox.to("trainings@library.fi")[0])
    assert "Viikon koulutus" in only_trainings and "Viikon ryhmä" not in only_trainings
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_weekly_create(week=week) == 0
    assert len(mailbox.messages) == 2


def test_scheduled_go_live_by_the_beat_task_sends_the_notice(
    notice_index, mailbox, django_capture_on_commit_callbacks
):
    from extranet.models import NoticePage
    from extranet.tasks import notices_publish_scheduled

    make_subscription("scheduled@library.fi")
    notice = make_notice(notice_index, "Ajastettu", publish=False)
    notice.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()
    notice.refresh_from_db()
    assert not notice.live and mailbox.messages == []
    # The hour passes.
    past = timezone.now() - datetime.timedelta(minutes=1)
    NoticePage.objects.filter(pk=notice.pk).update(go_live_at=past)
    for revision in notice.revisions.filter(approved_go_live_at__isnull=False):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save()
    with django_capture_on_commit_callbacks(execute=True):
        notices_publish_scheduled.delay()
    notice.refresh_from_db()
    assert notice.live and notice.first_published_at
    [mail] = mailbox.wait_for(1)
    assert "Ajastettu" in subject(mail)


def test_sweeper_management_command_dispatches_waiting_rows(
    notice_index, mailbox, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    make_subscription("later@library.fi")
    with django_capture_on_commit_callbacks(execute=False):
        make_notice(notice_index, "Odottaa")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep_deliveries", stdout=out)
    assert "due 1" in out.getvalue()
    assert len(mailbox.wait_for(1)) == 1


def test_admin_marks_a_hard_bounce_undeliverable_and_a4_no_longer_counts_it(client, editor):
    from ake.indicators import provider_for

    subscription = make_subscription("bounced@library.fi")
    today = timezone.localdate()
    assert provider_for("A4")(year=today.year, today=today).value == 1
    client.force_login(editor)
    response = client.post(f"/admin/notice_subscriptions/{subscription.pk}/undeliverable/", {"reason": "550"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.status == "undeliverable"
    assert provider_for("A4")(year=today.year, today=today).value == 0


def test_erasing_a_person_anonymises_the_address_but_keeps_past_counts(staff_user):
    from ake.indicators import provider_for
    from networks import privacy

    make_subscription(staff_user.email, at=timezone.make_aware(datetime.datetime(2024, 3, 1)))
    exported = privacy.exporters()["notice_subscriptions"](staff_user)
    assert exported[0]["email"] == staff_user.email and exported[0]["periods"]
    privacy.erasers()["notice_subscriptions"](staff_user)
    from extranet.models import Subscription

    assert not Subscription.objects.filter(email=staff_user.email).exists()
    assert provider_for("A4")(year=2024, today=timezone.localdate()).value == 1
    assert privacy.exporters()["notice_subscriptions"](staff_user) == []
