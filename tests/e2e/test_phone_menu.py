"""On a phone the main menu collapses behind a button instead of 250 px of wrapped links before the
content (issue #15, item 11); the button works with the keyboard and says whether it is open."""

PHONE = {"width": 375, "height": 740}


def test_the_menu_collapses_on_a_phone_and_opens_from_the_keyboard(page, journey):
    page.set_viewport_size(PHONE)
    with journey.step("on a phone the menu is closed behind its button"):
        page.goto(page.base_url + "/fi/", wait_until="load")
        button = page.get_by_role("button", name="Valikko")
        assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
        assert not page.locator("#main-menu").is_visible()
        # The content starts near the top: the header is no taller than a screenful's fifth.
        assert page.locator("main").bounding_box()["y"] < PHONE["height"] / 5 + 60
    with journey.step("Tab reaches the button and Enter opens the menu"):
        for _ in range(20):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('menu-button')"):
                break
        else:
            raise AssertionError("Tab never reached the menu button")
        page.keyboard.press("Enter")
        assert button.get_attribute("aria-expanded") == "true"
        assert page.locator("#main-menu").get_by_role("link", name="Kalenteri", exact=True).is_visible()
    with journey.step("Escape closes it and leaves the focus on the button"):
        page.keyboard.press("Tab")
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.classList.contains('menu-button')")
        assert not page.locator("#main-menu").is_visible()


def test_on_a_wide_screen_the_menu_is_open_without_a_button(page, journey):
    with journey.step("the desktop shows every link and no button"):
        page.goto(page.base_url + "/sv/", wait_until="load")
        assert not page.locator(".menu-button").is_visible()
        assert page.locator("#main-menu").get_by_role("link", name="Kalender", exact=True).is_visible()
