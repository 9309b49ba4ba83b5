"""The anonymous training wish leaves no trace of its sender: not in any table, Redis key or value, nor
in any log line, whether the sender is logged in or not.

Each visitor comes with distinctive headers (User-Agent, X-Forwarded-For, REMOTE_ADDR, a cookie). The
database is compared row by row before and after (every public table, read generically), so the
person's own account rows, which exist anyway, are not mistaken for traces of the wish.
"""

import json
import logging

import pytest
from django.conf import settings
from django.urls import reverse

from extranet.models import TrainingWish
from tests.conftest import make_user

from .traces import LogCapture, new_rows, redis_dump, snapshot_rows, user_columns

pytestmark = pytest.mark.django_db

VISITORS = {
    "logged-in": {
        "REMOTE_ADDR": "203.0.113.77",
        "HTTP_X_FORWARDED_FOR": "198.51.100.23",
        "HTTP_USER_AGENT": "Mozilla/5.0 WishAgentQvzxqv/9.9",
        "cookie": "ckv-58213-qq",
    },
    "anonymous": {
        "REMOTE_ADDR": "192.0.2.201",
        "HTTP_X_FORWARDED_FOR": "198.51.100.99",
        "HTTP_USER_AGENT": "Mozilla/5.0 OtherAgentJkwpt/3.1",
        "cookie": "ckv-77410-zz",
    },
}


def _submit(client, headers: dict, text: str):
    meta = {key: value for key, value in headers.items() if key != "cookie"}
    client.cookies["tracker"] = headers["cookie"]
    page = client.get(reverse("extranet:training_wish"), **meta)
    assert page.status_code == 200
    response = client.post(
        reverse("extranet:training_wish"), {"text": text, "website": ""}, follow=True, **meta
    )
    assert response.status_code == 200
    assert "nimettömänä" in response.content.decode() or "anonymously" in response.content.decode()


def _traces_in_rows(rows: dict[str, list[dict]], needles: list[str], user_id: int | None) -> list[str]:
    found = []
    pointing_at_user = user_columns()
    for table, table_rows in rows.items():
        for row in table_rows:
            text = json.dumps(row, ensure_ascii=False).lower()
            found += [f"{table}: {needle!r}" for needle in needles if needle.lower() in text]
            if user_id is not None:
                found += [
                    f"{table}.{column} = user {user_id}"
                    for column in pointing_at_user.get(table, ())
                    if row.get(column) == user_id
                ]
    return found


def _traces_in_redis(before: dict, needles: list[str], user_id: int | None) -> tuple[int, list[str]]:
    after = redis_dump()
    changed = {key: value for key, value in after.items() if before.get(key) != value}
    found = []
    for key, value in changed.items():
        name = key.decode(errors="replace")
        prefix = f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:"
        if name.startswith(prefix):
            name = name[len(prefix) :].split(":", 1)[-1]  # the cache's prefix and version number
        segments = name.replace(".", ":").split(":")
        if user_id is not None and str(user_id) in segments:
            found.append(f"redis key {key!r} carries the user id")
        for needle in needles:
            if needle.lower().encode() in key.lower():
                found.append(f"redis key {key!r}: {needle!r}")
            if needle.lower().encode() in value.lower():
                found.append(f"redis value of {key!r}: {needle!r}")
    return len(changed), found


def _traces_in_logs(logs: LogCapture, caplog, needles: list[str], user_id: int | None) -> list[str]:
    text = logs.text + "\n" + caplog.text
    found = [f"log: {needle!r}" for needle in needles if needle.lower() in text.lower()]
    for line in logs.json.getvalue().splitlines():
        record = json.loads(line)
        found += [
            f"log field {key}={value!r}"
            for key, value in record.items()
            if user_id is not None and "user" in key.lower() and str(value) == str(user_id)
        ]
    return found


def test_the_anonymous_wish_leaves_no_trace_of_its_sender(client, libraries, caplog, capsys):
    person = make_user(
        "xylofon.wishmaker@pori.fi", library=libraries["pori"], first_name="Xylofon", last_name="Wishmaker"
    )
    client.force_login(person)
    anonymous_client = client.__class__()
    figures = {"rows": 0, "tables": set(), "redis": 0, "log_lines": 0}
    traces = []
    for visitor, browser, user in (("logged-in", client, person), ("anonymous", anonymous_client, None)):
        headers = VISITORS[visitor]
        needles = [headers["REMOTE_ADDR"], headers["HTTP_X_FORWARDED_FOR"], headers["HTTP_USER_AGENT"]]
        needles += ["Qvzxqv" if user else "Jkwpt", headers["cookie"]]
        if user:
            needles += [user.email, user.email.split("@")[0], user.first_name, user.last_name]
        before, redis_before = snapshot_rows(), redis_dump()
        with LogCapture(sql=True) as logs, caplog.at_level(logging.DEBUG):
            _submit(browser, headers, f"Toive ({visitor}): koulutus kirjastoautojen saavutettavuudesta")
        rows = new_rows(before)
        # The wish itself is the only thing written; the logged-in visitor's session may be saved
        # again (it holds what it held before: the login), and is checked like every other row.
        assert "extranet_trainingwish" in rows
        assert set(rows) <= {"extranet_trainingwish", "django_session"}, set(rows)
        (wish,) = rows["extranet_trainingwish"]
        # The language is the page's (issue #14), which the text itself shows as well: no trace of the sender.
        assert set(wish) == {"id", "text", "text_language", "created_on", "handled"}
        rows_without_own_session = {
            table: table_rows for table, table_rows in rows.items() if table != "django_session"
        }
        traces += _traces_in_rows(rows_without_own_session, needles, user.pk if user else None)
        redis_changed, redis_traces = _traces_in_redis(redis_before, needles, user.pk if user else None)
        traces += redis_traces + _traces_in_logs(logs, caplog, needles, user.pk if user else None)
        figures["rows"] += sum(len(table_rows) for table_rows in rows.values())
        figures["tables"] = len(before)
        figures["redis"] += redis_changed
        figures["log_lines"] += logs.lines()
        caplog.clear()

    assert TrainingWish.objects.count() == 2
    with capsys.disabled():
        print(
            f"\n[privacy-wish] visitors 2 (logged in, anonymous), tables compared {figures['tables']}, "
            f"rows written {figures['rows']}, redis keys written {figures['redis']}, "
            f"log lines {figures['log_lines']}, traces {len(traces)}"
        )
    assert not traces, "\n".join(traces)
