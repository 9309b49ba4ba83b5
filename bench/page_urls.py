"""Run inside `manage.py shell`: prints, as JSON, the URL of one page of each type, the SQL queries
each takes, and a session key of a library staff member for the logged-in pages.

Queries are counted with the anonymous page cache off (what rendering a page takes once the
per-process copies are warm); with it on, an anonymous page served from the cache takes none.
"""

import json

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from networks.models import User


def _final(client, url):
    response = client.get(url, follow=True)
    return response.redirect_chain[-1][0] if response.redirect_chain else url


def _event_url():
    from trainings.models import Event

    return Event.objects.filter(status="published").order_by("-start").first().get_absolute_url()


def _group_url():
    from networks.models import WorkingGroup

    return reverse("group_detail", args=[WorkingGroup.objects.order_by("pk").first().slug])


def _kit_url():
    from loans.models import Kit

    return reverse("loans:kit_detail", args=[Kit.objects.filter(active=True).order_by("pk").first().pk])


def _latest_notice_url():
    from extranet.models import NoticePage

    # The latest Finnish notice: the Swedish and English trees' copies (page_trees_sync) are published
    # after their Finnish pages, so the latest of all would be a translation on one tree and a
    # Finnish page on another.
    notices = NoticePage.objects.live().filter(locale__language_code="fi")
    return notices.order_by("-first_published_at").first().url


CANDIDATES = {
    "home": lambda c: "/fi/",
    "notice index": lambda c: _final(c, reverse("extranet:notice_index")),
    "notice page": lambda c: _latest_notice_url(),
    "calendar": lambda c: reverse("trainings:calendar"),
    "event page": lambda c: _event_url(),
    "material bank": lambda c: _final(c, reverse("extranet:material_bank")),
    "kit calendar": lambda c: reverse("loans:kit_calendar"),
    "group page": lambda c: _group_url(),
    "search fi": lambda c: reverse("extranet:search") + "?q=koulutus",
    "search sv": lambda c: _in_swedish(lambda: reverse("extranet:search")) + "?q=utbildning",
    "kit list": lambda c: reverse("loans:kit_list"),
    "kit page": lambda c: _kit_url(),
}
LOGGED_IN = [
    "home",
    "calendar",
    "event page",
    "kit calendar",
    "group page",
    "search fi",
    "kit list",
    "kit page",
]


def _in_swedish(make):
    with translation.override("sv"):
        return make()


staff = User.objects.get(email="staff@kaarina.fi")
session = SessionStore()
session[SESSION_KEY] = str(staff.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
session.create()

settings.PAGE_CACHE_ENABLED = False  # read when the test clients build their middleware
translation.activate("fi")
result = {"pages": {}, "session_key": session.session_key}
anonymous, logged_in = Client(), Client()
logged_in.force_login(staff)
for name, find in CANDIDATES.items():
    try:
        # In Finnish: a request of the test client leaves its page's language active after it.
        with translation.override("fi"):
            url = find(anonymous)
    except Exception as error:  # noqa: BLE001 - a page type whose app is missing is reported, not fatal
        result["pages"][name] = {"error": f"{type(error).__name__}: {error}"}
        continue
    if not url:
        result["pages"][name] = {"error": "no such page in the demo data"}
        continue
    entry = {"url": url}
    for label, client in (("anonymous", anonymous), ("logged_in", logged_in)):
        if label == "logged_in" and name not in LOGGED_IN:
            continue
        client.get(url)  # warm caches as the server would be
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        entry[f"{label}_queries"] = len(queries)
        entry[f"{label}_status"] = status
    result["pages"][name] = entry
print("BENCH_JSON" + json.dumps(result))
