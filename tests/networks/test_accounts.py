import re

import pytest
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from networks.models import AccessRequest, User
from networks.roles import AKE_ADMINS, AKE_EDITORS, LIBRARY_STAFF, PLANNING_GROUP
from tests.conftest import make_user, message_text

pytestmark = pytest.mark.django_db

PASSWORD = "Kirjasto-salasana-2024"


def signup(client, email, **extra):
    data = {
        "email": email,
        "first_name": "Maija",
        "last_name": "Mäkelä",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }
    # Account mails are outbox rows sent after the commit (ake/outbox.py): run those callbacks.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("account_signup"), data)


def test_signup_with_a_library_address_verifies_by_email_then_logs_in(client, mailbox):
    response = signup(client, "maija.makela@kaarina.fi")
    assert response.status_code == 302
    user = User.objects.get(email="maija.makela@kaarina.fi")
    assert user.library.name_fi == "Kaarinan kaupunginkirjasto"
    assert user.groups.filter(name=LIBRARY_STAFF).exists()

    # Login is refused until the address is verified.
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    messages = mailbox.wait_for(1)
    assert len(messages) == 1 and messages[0]["To"] == "maija.makela@kaarina.fi"
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", message_text(messages[0])).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200  # a GET only shows the page
    client.post("/" + path)

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_choosing_another_organisations_library_is_an_error_not_replaced(client, libraries):
    """Issue #15 item 14: the choice used to be replaced quietly by the address's library."""
    response = signup(client, "maija.makela@kaarina.fi", library=libraries["pori"].pk)
    assert response.status_code == 200
    assert "library" in response.context["form"].errors
    assert "Kaarina" in response.context["form"].errors["library"][0]
    assert not User.objects.filter(email="maija.makela@kaarina.fi").exists()


def test_signup_from_another_domain_becomes_an_access_request(
    client, mailbox, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, "helper@gmail.com", reason="Olen AVI:n kirjastotoimen tarkastaja.")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/access-request/")
    assert not User.objects.filter(email="helper@gmail.com").exists()
    access_request = AccessRequest.objects.get(email="helper@gmail.com")
    assert access_request.status == AccessRequest.Status.PENDING
    assert access_request.password_hash and PASSWORD not in access_request.password_hash
    assert [m["To"] for m in mailbox.wait_for(1)] == [settings.AKE_CONTACT_EMAIL]


def test_existing_account_gets_the_same_answer_as_a_new_one(client, mailbox, staff_user):
    """No enumeration: sign-up with a taken address answers like a fresh one and sends a notice mail."""
    new = signup(client, "someone.new@kaarina.fi")
    taken = signup(client, staff_user.email)
    assert new.status_code == taken.status_code == 302
    assert new["Location"] == taken["Location"]
    assert User.objects.filter(email=staff_user.email).count() == 1
    assert len(mailbox.wait_for(2)) == 2


def test_approved_access_request_creates_an_unverified_account(
    client, mailbox, ake_admin, django_capture_on_commit_callbacks
):
    from networks.services import access_request_approve

    signup(client, "outsider@example.org")
    access_request = AccessRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        user = access_request_approve(access_request=access_request, decided_by=ake_admin)
    assert user.email == "outsider@example.org" and user.check_password(PASSWORD)
    assert user.emailaddress_set.get().verified is False
    mailbox.wait_for(2)  # AKE's notice of the request, then the verification mail
    assert "confirm-email" in message_text(mailbox.to("outsider@example.org")[0])


def test_password_reset_answers_alike_for_known_and_unknown_addresses(client, staff_user):
    known = client.post(reverse("account_reset_password"), {"email": staff_user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@kaarina.fi"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_failed_logins_are_throttled_in_the_shared_cache(client, staff_user):
    import redis
    from django.conf import settings

    for _ in range(6):
        client.post(reverse("account_login"), {"login": staff_user.email, "password": "wrong"})
    # Even the right password is refused while the address is throttled.
    response = client.post(
        reverse("account_login"), {"login": staff_user.email, "password": "correct-horse-battery"}
    )
    assert "_auth_user_id" not in client.session
    from allauth.account.adapter import get_adapter

    expected = str(get_adapter().error_messages["too_many_login_attempts"])
    with translation.override("fi"):
        assert str(get_adapter().error_messages["too_many_login_attempts"]) in response.content.decode()
    assert expected
    assert redis.Redis.from_url(settings.REDIS_URL).dbsize() > 0  # counted in Redis, shared by all workers


def test_wagtail_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get("/admin/")["Location"].startswith(reverse("account_login"))


def test_roles_are_groups_created_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        LIBRARY_STAFF,
        AKE_EDITORS,
        AKE_ADMINS,
        PLANNING_GROUP,
    }


def test_roles_see_what_they_should(client, staff_user, editor, planning_member, ake_admin):
    assert not staff_user.has_perm("wagtailadmin.access_admin")
    assert not staff_user.has_perm("reporting.view_indicator_report")
    assert editor.has_perm("wagtailadmin.access_admin")
    assert not editor.has_perm("networks.change_user")
    assert not planning_member.has_perm("wagtailadmin.access_admin")
    assert planning_member.has_perm("reporting.view_indicator_report")
    assert ake_admin.has_perm("networks.change_user")

    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 302
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_ake_admin_must_set_up_two_factor_before_the_admin(client, ake_admin):
    client.force_login(ake_admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_profile_edit_limits_library_to_own_organisation(client, libraries):
    user = make_user("anna@pori.fi", library=libraries["pori"])
    client.force_login(user)
    response = client.post(
        reverse("profile"),
        {
            "first_name": "Anna",
            "last_name": "A",
            "library": libraries["turku"].pk,
            "language": "sv",
            "title": "",
            "phone": "",
        },
    )
    assert response.status_code == 200  # refused: Turku is another organisation
    assert "library" in response.context["form"].errors
    from networks.models import Library

    nakkila = Library.objects.get(municipality_fi="Nakkila")
    response = client.post(
        reverse("profile"),
        {
            "first_name": "Anna",
            "last_name": "A",
            "library": nakkila.pk,
            "language": "sv",
            "title": "",
            "phone": "",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.library == nakkila and user.language == "sv"


def test_user_can_download_and_delete_own_data(client, staff_user):
    client.force_login(staff_user)
    export = client.get(reverse("profile_export"))
    assert export["Content-Disposition"].startswith("attachment")
    assert export.json()["account"]["email"] == staff_user.email
    assert client.post(reverse("profile_delete"), {}).status_code == 200  # confirmation required
    assert User.objects.filter(pk=staff_user.pk).exists()
    client.post(reverse("profile_delete"), {"confirm": "on"})
    assert not User.objects.filter(email=staff_user.email).exists()


def test_account_pages_are_not_cached(client, staff_user):
    client.force_login(staff_user)
    assert "no-store" in client.get(reverse("profile"))["Cache-Control"]


def test_ake_approves_an_access_request_in_the_admin(
    client, editor, mailbox, django_capture_on_commit_callbacks
):
    signup(client, "outsider@example.org")
    access_request = AccessRequest.objects.get()
    client.force_login(editor)
    page = client.get(f"/admin/access_requests/edit/{access_request.pk}/")
    assert page.status_code == 200 and "outsider@example.org" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/access_requests/{access_request.pk}/approve/")
    assert response.status_code == 302
    assert User.objects.filter(email="outsider@example.org").exists()
    # A second decision is refused with a message, not an error page.
    response = client.post(f"/admin/access_requests/{access_request.pk}/reject/", follow=True)
    assert response.status_code == 200
    assert AccessRequest.objects.get().status == AccessRequest.Status.APPROVED
