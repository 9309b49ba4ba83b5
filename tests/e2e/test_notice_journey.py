"""Journey 2: subscribe to notices, confirm by the emailed link, receive a published notice,
unsubscribe with one click (RFC 8058), and receive nothing after."""

import re

from tests.conftest import message_text
from tests.extranet.conftest import make_notice


def _notice_index():
    from extranet.models import HomePage, NoticeIndexPage

    home = HomePage.objects.get(depth=2)
    index = NoticeIndexPage(title="Tiedotteet", slug="tiedotteet")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def test_subscribe_confirm_receive_and_unsubscribe(page, journey, mailbox):
    email = "tilaaja@example.org"
    index = _notice_index()
    with journey.step("open the subscription form from the front page"):
        page.goto(f"{page.base_url}/fi/subscribe/")
        page.fill("input[name=email]", email)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    with journey.step("nothing is sent before confirmation"):
        make_notice(index, "Ennen vahvistusta julkaistu tiedote")
        messages = mailbox.wait_for(1)
        assert len(messages) == 1 and "Ennen vahvistusta" not in messages[0]["Subject"]
        link = re.search(r"https?://\S+/subscribe/confirm/\S+", message_text(messages[0])).group(0)
        mailbox.clear()
    with journey.step("confirm by the emailed link (GET shows a page, the button confirms)"):
        page.goto(link)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert mailbox.wait_for(1, timeout=1) == []
    with journey.step("a published notice arrives"):
        make_notice(index, "Uusi koulutuskalenteri on julkaistu")
        notice_mail = mailbox.wait_for(1)[0]
        assert "Uusi koulutuskalenteri" in notice_mail["Subject"]
        assert notice_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        unsubscribe_url = re.search(r"<(https?://[^>]+)>", notice_mail["List-Unsubscribe"]).group(1)
        mailbox.clear()
    with journey.step("one-click unsubscribe, without logging in"):
        response = page.request.post(unsubscribe_url, form={"List-Unsubscribe": "One-Click"}, max_redirects=0)
        assert response.status < 400
    with journey.step("later notices are not sent"):
        make_notice(index, "Tätä ei enää lähetetä")
        assert mailbox.wait_for(1, timeout=2) == []
