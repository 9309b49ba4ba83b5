"""Swedish wording (issue #14): a registration the person cancelled is "avbokad" (an event called
off is "inställt"), the address is an "e-postadress" (allauth's catalog writes "Epost-adress"), and
numbers of days take the noun's number through ngettext ("1 dag", never "1 dagar")."""

import datetime
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from ake.wording import days_text


@pytest.fixture
def game_rule(db):
    from tests.loans.conftest import ensure_game_rule

    return ensure_game_rule()


ALLAUTH_SV = Path(__import__("allauth").__file__).parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"
OUR_CATALOGS = sorted(Path(settings.BASE_DIR).glob("*/locale/sv/LC_MESSAGES/django.po"))


def test_a_cancelled_registration_is_avbokad_and_a_called_off_event_installt():
    with translation.override("sv"):
        assert translation.pgettext("registration", "cancelled") == "avbokad"
        assert translation.pgettext("booking", "cancelled") == "avbokad"
        assert translation.pgettext("event", "cancelled") == "inställt"


def test_no_swedish_message_shown_spells_epost():
    """Every allauth message (login, sign-up, password reset, addresses) as it is shown in Swedish."""
    shown = []
    with translation.override("sv"):
        assert translation.gettext("Email address") == "E-postadress"
        assert translation.gettext("Email") == "E-post"
        for entry in polib.pofile(str(ALLAUTH_SV)):
            if entry.obsolete or entry.msgid_plural or not entry.msgstr:
                continue
            text = (
                translation.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else translation.gettext(entry.msgid)
            )
            if re.search(r"\b[Ee]post", text):
                shown.append(f"{entry.msgid!r} → {text!r}")
    assert not shown, "\n".join(shown)


def test_our_swedish_catalogs_never_write_epost_or_one_dagar():
    found = []
    for path in OUR_CATALOGS:
        for entry in polib.pofile(str(path)):
            texts = [entry.msgstr, *entry.msgstr_plural.values()]
            if entry.msgid_plural:
                texts = [entry.msgstr_plural.get(0, "")]  # the singular form
            for text in texts:
                if re.search(r"\b[Ee]post\b|\b[Ee]post-|\b1 dagar\b", text):
                    found.append(f"{path.parts[-5]}: {entry.msgid!r} → {text!r}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("language", "one", "three"),
    [("sv", "1 dag", "3 dagar"), ("fi", "1 päivä", "3 päivää"), ("en", "1 day", "3 days")],
)
def test_days_take_the_right_number(language, one, three):
    with translation.override(language):
        assert days_text(1) == one and days_text(3) == three


@pytest.mark.django_db
def test_the_kit_rules_say_1_dag_in_swedish(game_rule):
    from loans.services import kit_booking_rule_breaches

    game_rule.longest_loan_days = 1
    game_rule.shortest_lead_days = 3
    today = datetime.date(2027, 3, 1)
    with translation.override("sv"):
        breaches = kit_booking_rule_breaches(
            rule=game_rule,
            pickup_date=today + datetime.timedelta(days=1),
            return_date=today + datetime.timedelta(days=2),
            today=today,
        )
        text = " ".join(str(breach) for breach in breaches)
    assert "Lånet är 2 dagar; den längsta lånetiden för denna väsktyp är 1 dag." in text
    assert "Det är 1 dag till avhämtningen; väskor av denna typ bokas minst 3 dagar i förväg." in text
    assert "1 dagar" not in text


@pytest.mark.django_db
def test_the_kit_page_says_1_dag(client, game_rule, staff_user):
    from tests.loans.conftest import make_kit

    game_rule.transit_days = 1
    game_rule.checking_days = 2
    game_rule.longest_loan_days = 1
    game_rule.save()
    kit = make_kit("Pelisalkku")
    client.force_login(staff_user)
    html = client.get(f"/sv/kits/{kit.pk}/").content.decode()
    assert "(1 dag åt vardera hållet med transporten) och kontroll (2 dagar)" in html
    assert "Bokningar på högst 1 dag som görs minst" in html
    assert "1 dagar" not in html
