"""Journey 7: journey 3 with the keyboard only (Tab, Shift+Tab, Enter, Space; no mouse), and the
focused element always visibly marked."""

import re

from tests.e2e.helpers import PASSWORD, main_text
from tests.e2e.test_training_journey import TEXTS, check_confirmation, training_data
from trainings.models import EventKind, Registration

FOCUS_STYLE = """() => {
  // The focused element's outline and shadow against its own look without focus.
  const el = document.activeElement;
  const look = () => {
    const style = getComputedStyle(el);
    return {
      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 ? style.outline : '',
      shadow: style.boxShadow,
    };
  };
  const focused = look();
  el.blur();
  const unfocused = look();
  el.focus();
  return {
    visible: (focused.outline && focused.outline !== unfocused.outline)
      || focused.shadow !== unfocused.shadow,
    focused, tag: el.tagName, text: (el.innerText || el.value || '').slice(0, 40),
  };
}"""


def focus_on(page, selector: str, *, backwards: bool = False, limit: int = 120):
    """Tabs (or Shift+Tabs) until the element matching the selector has focus; checks the focus shows."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            style = page.evaluate(FOCUS_STYLE)
            assert style["visible"], f"focus is not visible: {style}"
            return
    raise AssertionError(f"{key} never reached {selector}")


def press(page, key: str):
    """Presses a key that follows a link or submits a form, and waits for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_training_journey_with_the_keyboard_only(page, journey, mailbox, libraries):
    event, user = training_data(libraries, "fi")
    texts = TEXTS["fi"]
    with journey.step("log in with the keyboard"):
        page.goto(f"{page.base_url}/fi/accounts/login/")
        focus_on(page, "#id_login")
        page.keyboard.type(user.email)
        focus_on(page, "#id_password")
        page.keyboard.type(PASSWORD)
        press(page, "Enter")
        assert "/accounts/login/" not in page.url
    with journey.step("filter the calendar with the keyboard"):
        page.goto(f"{page.base_url}/fi/events/")
        focus_on(page, "#id_q")
        page.keyboard.type("saavutettava")
        focus_on(page, "#id_kind")
        # A closed select takes the typed start of an option's label, as in any browser.
        page.keyboard.type("koulutus")
        assert page.input_value("#id_kind") == EventKind.TRAINING
        focus_on(page, "form[role=search] button[type=submit]")
        press(page, "Enter")
        assert "kind=training" in page.url
        assert page.locator(".event-card").count() == 1
    with journey.step("open the training"):
        focus_on(page, f".event-card a[href$='/events/{event.pk}/']")
        press(page, "Enter")
        assert texts["seats"].format(n=20) in main_text(page)
    with journey.step("open the registration form"):
        focus_on(page, f"a[href$='/events/{event.pk}/register/']")
        press(page, "Enter")
        # The library is the profile's, shown, not asked (issue #15 item 6).
        assert libraries["kaarina"].name_fi in page.locator("#registration-library").inner_text()
    with journey.step("fill in and send the form with Space on the button"):
        focus_on(page, "#id_diet")
        page.keyboard.type("gluteeniton")
        focus_on(page, "main form button[type=submit]")
        press(page, "Space")
        assert re.search(rf"/fi/events/{event.pk}/$", page.url)
        assert texts["registered"] in page.locator("body").inner_text()
    registration = Registration.objects.get(event=event, email=user.email)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.diet == "gluteeniton"
    with journey.step("the confirmation with the .ics arrives"):
        check_confirmation(mailbox, user, event, "fi")
    with journey.step("go to my events through the calendar"):
        focus_on(page, "main a[href$='/fi/events/']")
        press(page, "Enter")
        focus_on(page, "main a[href$='/fi/my/events/']")
        press(page, "Enter")
        assert re.search(r"/fi/my/events/$", page.url)
    with journey.step("cancel: Tab past the button, Shift+Tab back, Space"):
        focus_on(page, f"a[href$='/my/events/{registration.pk}/cancel/']")
        press(page, "Enter")
        focus_on(page, "main form a[href$='/fi/my/events/']")
        focus_on(page, "main form button[type=submit]", backwards=True)
        press(page, "Space")
        assert texts["cancelled"] in page.locator("body").inner_text()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    with journey.step("the seat is free again"):
        page.goto(f"{page.base_url}/fi/events/{event.pk}/")
        assert texts["seats"].format(n=20) in main_text(page)
